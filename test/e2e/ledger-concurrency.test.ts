import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DAY_MS } from "../../core";
import { RunningEmulator, startEmulator } from "../../emulator";
import { openLedger } from "../../ledger";
import { REPO_ROOT, runProcess } from "../../scripts/pulumi-workspace";

/**
 * N real processes race for fewer slots than they ask for, through the compiled ledger (dist/: `npm run build`
 * first), against the file store (one JSON file under a lock) and DynamoDB (dynalite behind the emulator's endpoint).
 */
const PROCESSES = 8;
const ATTEMPTS_EACH = 3;
const QUOTA = 5; // budget 10 < 24 attempts
const NOW = Date.parse("2026-06-01T00:00:00Z");
const RUNS = 2;
const scope = { accountId: "123456789012", region: "us-east-1" };

const WORKER = `
const { openLedger } = require(${JSON.stringify(path.join(REPO_ROOT, "dist/ledger"))});
const [setting, endpoint, startAt, index] = process.argv.slice(1);
(async () => {
  const ledger = await openLedger(setting, { endpoint: endpoint || undefined, region: "us-east-1" });
  await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
  const rule = { quota: ${QUOTA}, windowDays: 180, ratioPercent: 200, reservePercent: 0 };
  const attempts = Array.from({ length: ${ATTEMPTS_EACH} }, (_, i) =>
    ledger.reserve({ scope: ${JSON.stringify(scope)}, action: "claim", rule, now: ${NOW} + Number(index) * 10 + i, ownerUrn: "urn:pulumi:s::p::t::n" + index + "-" + i }));
  console.log(JSON.stringify(await Promise.all(attempts)));
  await ledger.close();
})().catch((err) => { console.error(err); process.exit(1); });
`;

type Outcome =
  | { ok: true; reservationId: string; used: number; limit: number }
  | { ok: false; used: number; limit: number; freesAt: number | null };

async function race(setting: string, endpoint = ""): Promise<Outcome[]> {
  const startAt = Date.now() + 2_500; // every process loaded and waiting, then all at once
  const runs = await Promise.all(
    Array.from({ length: PROCESSES }, (_, i) =>
      runProcess(process.execPath, ["-e", WORKER, setting, endpoint, String(startAt), String(i)]),
    ),
  );
  for (const r of runs) if (r.code !== 0) throw new Error(`worker failed: ${r.stderr}`);
  return runs.flatMap((r) => JSON.parse(r.stdout) as Outcome[]);
}

describe("ledger: real processes racing for the last slots", () => {
  let emu: RunningEmulator;
  let dir: string;
  beforeAll(async () => {
    emu = await startEmulator();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-ledger-race-"));
  });
  afterAll(async () => {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const stores = [
    {
      name: "file (proper-lockfile)",
      setting: (run: number) => `file:${path.join(dir, `race-${run}.json`)}`,
      endpoint: () => "",
    },
    {
      name: "DynamoDB (dynalite through the emulator)",
      setting: (run: number) => `dynamodb:race-${run}`,
      endpoint: () => emu.endpoint,
    },
  ];

  it.each(stores)(
    "$name: exactly the budget is granted, every other process is refused with the date a slot frees",
    async (store) => {
      for (let run = 0; run < RUNS; run++) {
        const setting = store.setting(run);
        const ledger = (await openLedger(setting, { endpoint: store.endpoint() || undefined, region: "us-east-1" }))!;
        await ledger.init();
        const started = Date.now();
        const outcomes = await race(setting, store.endpoint());
        const elapsed = Date.now() - started - 2_500;
        const granted = outcomes.filter((o): o is Extract<Outcome, { ok: true }> => o.ok);
        const refused = outcomes.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
        const window = await ledger.windowEvents(scope, NOW + DAY_MS, 180);
        console.log(
          `${store.name} run ${run + 1}: ${PROCESSES} processes x ${ATTEMPTS_EACH} attempts for ${QUOTA * 2} slots: ${granted.length} granted, ${refused.length} refused, ${window.length} in the window, ~${elapsed} ms after the start signal`,
        );
        expect(granted).toHaveLength(QUOTA * 2);
        expect(new Set(granted.map((g) => g.reservationId)).size).toBe(QUOTA * 2);
        expect(granted.map((g) => g.used).sort((a, b) => a - b)).toEqual(
          Array.from({ length: QUOTA * 2 }, (_, i) => i + 1),
        );
        expect(refused).toHaveLength(PROCESSES * ATTEMPTS_EACH - QUOTA * 2);
        const oldest = Math.min(...window.map((e) => e.at));
        for (const r of refused)
          expect(r).toEqual({ ok: false, used: QUOTA * 2, limit: QUOTA * 2, freesAt: oldest + 180 * DAY_MS });
        expect(window.map((e) => e.eventId).sort()).toEqual(granted.map((g) => g.reservationId).sort());
        await ledger.close();
      }
    },
  );
});
