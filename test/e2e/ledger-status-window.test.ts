import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DAY_MS } from "../../core";
import { RunningEmulator, startEmulator } from "../../emulator";
import { REPO_ROOT, runProcess } from "../../scripts/pulumi-workspace";
import { NumbersStack, numbersStack } from "./numbers-fixture";

const BIN = path.join(REPO_ROOT, "bin/connect-numbers");

/** Churn made outside the provider's guard (here the emulator's control API) after the ledger's last sync. */
describe("ledger status, history and check count one window: the ledger's and CloudTrail's since its last sync", () => {
  let emu: RunningEmulator;
  let dir: string;
  beforeAll(async () => {
    emu = await startEmulator({ quota: 20, claimDelayMs: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-status-window-"));
  });
  afterAll(async () => {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (args: string[], stdin?: string) =>
    runProcess(BIN, args, {
      env: { ...process.env, CONNECT_NUMBERS_LEDGER: "", XDG_STATE_HOME: dir, GITHUB_ACTIONS: "" },
      input: stdin,
    });
  const common = () => [
    "--ledger",
    "dynamodb:team-ledger",
    "--endpoint",
    emu.endpoint,
    "--region",
    "us-east-1",
    "--account",
    "123456789012",
  ];
  const churn = (at: number, n: number, apartMs: number) =>
    emu.control.seed({
      events: Array.from({ length: n }, (_, i) => ({
        at: at + i * apartMs,
        action: i % 2 === 0 ? "claim" : "release",
      })),
    });

  it("all three say 12 of 40 when 2 of them are churn the ledger has not synced, and status does not call itself complete", async () => {
    const start = (await emu.control.clock()).ms;
    await churn(start - 50 * DAY_MS, 10, 60_000);
    expect((await run(["ledger", "init", ...common()])).code).toBe(0);
    const since = new Date(start - 60 * DAY_MS).toISOString();
    expect((await run(["ledger", "init", ...common(), "--history-complete-since", since, "--by", "ops"])).code).toBe(0);
    expect((await run(["ledger", "sync", ...common(), "--by", "nightly"])).code).toBe(0);
    const synced = JSON.parse((await run(["ledger", "status", ...common(), "--format", "json"])).stdout);
    expect(synced).toMatchObject({ used: 10, limit: 40, completeSince: "beginning" });

    // After the sync: the service's clock runs on, as the account's does. Seeded once the clock has passed them (the
    // emulator refuses an event after its clock, and a seed could arrive within the 2 ms).
    const afterSync = (await emu.control.clock()).ms;
    await new Promise((r) => setTimeout(r, 20));
    await churn(afterSync + 1, 2, 1);
    await new Promise((r) => setTimeout(r, 1500));

    const status = JSON.parse((await run(["ledger", "status", ...common(), "--format", "json"])).stdout);
    const history = JSON.parse((await run(["history", "--cloudtrail", ...common(), "--format", "json"])).stdout);
    const plan = JSON.stringify({
      format_version: "1.2",
      terraform_version: "1.9.8",
      planned_values: { root_module: {} },
      resource_changes: [],
      applyable: true,
      complete: true,
      errored: false,
    });
    const check = await run(["check", "-", "--cloudtrail", ...common(), "--format", "json"], plan);
    expect(check.code).toBe(0);
    const verdict = JSON.parse(check.stdout);
    expect([status.used, history.used, verdict.used]).toEqual([12, 12, 12]);
    expect([status.limit, verdict.limit]).toEqual([40, 40]);
    expect(status.completeUntil).toBeNull();
    expect(status.coverage).toContain(
      "the ledger itself misses 2 claims or releases CloudTrail shows since its last sync (made outside the provider's guard): `connect-numbers ledger sync` imports them",
    );
    const text = await run(["ledger", "status", ...common()]);
    expect(text.stdout).toContain("usage: 12 of 40 claims and releases");
    expect(text.stdout).not.toContain("complete until");

    // Once synced, the ledger holds them: the same count, and nothing missed.
    expect((await run(["ledger", "sync", ...common(), "--by", "nightly"])).code).toBe(0);
    const after = JSON.parse((await run(["ledger", "status", ...common(), "--format", "json"])).stdout);
    expect(after.used).toBe(12);
    expect(after.coverage).not.toContain("misses");
  });
});

/** The guard's own claims are in the ledger: CloudTrail showing them since the last sync is nothing missed. */
describe("ledger status after a `pulumi up` through the provider's guard", () => {
  let s: NumbersStack | undefined;
  afterEach(async () => {
    await s?.cleanup();
    s = undefined;
  });

  it("misses nothing the guard committed and stays complete; misses exactly the churn made outside it", async () => {
    s = await numbersStack({ quota: 20 });
    const stack = s;
    const ledgerArgs = [
      "--ledger",
      "dynamodb:team-ledger",
      "--endpoint",
      stack.emu.endpoint,
      "--region",
      stack.emu.region,
    ];
    const status = async () => {
      const r = await runProcess(BIN, ["ledger", "status", ...ledgerArgs, "--format", "json"]);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as { used: number; coverage: string; completeUntil: string | null };
    };
    expect((await runProcess(BIN, ["ledger", "init", ...ledgerArgs])).code).toBe(0);
    await stack.ws.setConfig({ "connect-numbers:ledger": "dynamodb:team-ledger" });
    await stack.declare(
      Array.from({ length: 4 }, (_, i) => ({ name: `n${i}`, target: "instance", countryCode: "US", type: "DID" })),
    );
    await stack.upOk();
    await new Promise((r) => setTimeout(r, 1500));

    const guarded = await status();
    expect(guarded.used).toBe(4);
    expect(guarded.coverage).not.toContain("misses");
    expect(guarded.completeUntil).not.toBeNull();

    const now = (await stack.emu.control.clock()).ms;
    await stack.emu.control.seed({
      events: [
        { at: now + 1, action: "claim" },
        { at: now + 2, action: "release" },
      ],
    });
    await new Promise((r) => setTimeout(r, 1500));
    const outside = await status();
    expect(outside.used).toBe(6);
    expect(outside.coverage).toContain("the ledger itself misses 2 claims or releases");
    expect(outside.completeUntil).toBeNull();
  });
});
