import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { openLedger } from "../ledger/open";
import { runProcess } from "../scripts/pulumi-workspace";
import { total } from "./call-counter";
import type { ClaimOutcome, FleetJob } from "./fleet-claim-child";
import { CLIENT_RATE_LIMITS, fleetAccount } from "./fleet-env";
import { Benchmark } from "./figures";

const DAY = 86_400_000;
const PROCESSES = 8;
const CLAIMS_EACH = 2;
/** Quota 8 → budget 16 claims + releases in the window (200%); 11 already used leaves room for 5 of the 16 asked. */
const QUOTA = 8;
const USED_BEFORE = 11;

/**
 * 8 real processes, each claiming 2 searched numbers at the same instant through the provider's guard and claim
 * path, against one DynamoDB ledger (the emulator's embedded dynalite) on an account with room for 5: exactly the
 * room must be used, the rest refused by the ledger, and the emulator must never see the budget crossed.
 */
export const fleetClaim: Benchmark = {
  name: "fleet claim",
  async run() {
    const account = await fleetAccount({ quota: QUOTA, table: "connect-numbers-fleet" });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-fleet-"));
    try {
      const now = Date.parse((await account.emu.control.info()).now);
      // Churn before the benchmark, inside the window and inside CloudTrail's 90 days: each process imports it.
      await account.emu.control.seed({
        events: Array.from({ length: USED_BEFORE }, (_, i) => ({ at: now - (10 + i) * DAY, action: "claim" as const })),
      });
      const budget = (QUOTA * 200) / 100;
      const room = budget - USED_BEFORE;
      // The account's history beyond CloudTrail's 90 days: none (an empty history file says so).
      const historyFile = path.join(dir, "churn-history.jsonl");
      fs.writeFileSync(historyFile, "");
      const startAt = Date.now() + 5_000;
      const child = path.join(__dirname, "fleet-claim-child.js");
      const started = performance.now();
      const results = await Promise.all(
        Array.from({ length: PROCESSES }, (_, i) => {
          const job: FleetJob = {
            endpoint: account.endpoint,
            region: account.region,
            instanceArn: account.instanceArn,
            ledger: account.ledger,
            historyFile,
            stack: `p${i}`,
            claims: CLAIMS_EACH,
            startAt,
          };
          return runProcess(process.execPath, [child, JSON.stringify(job)], {
            env: {
              ...process.env,
              CONNECT_NUMBERS_RATE_LIMITS: CLIENT_RATE_LIMITS,
              CONNECT_NUMBERS_LEDGER: account.ledger,
            },
          });
        }),
      );
      const wallMs = performance.now() - started;
      const failed = results.find((r) => r.code !== 0);
      if (failed) throw new Error(`a fleet process exited ${failed.code}\n${failed.stdout}\n${failed.stderr}`);
      const outcomes = results.flatMap((r) =>
        r.stdout
          .trim()
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l) as ClaimOutcome),
      );
      const granted = outcomes.filter((o) => o.ok);
      const refused = outcomes.filter((o) => !o.ok);
      const byLedger = refused.filter((o) => /refusing to claim/.test(o.error ?? ""));
      const blockedByAws = refused.filter((o) => /ServiceQuotaExceeded|flagged|excessive/i.test(o.error ?? ""));
      const other = refused.filter((o) => !byLedger.includes(o) && !blockedByAws.includes(o));
      for (const o of other) console.log(`fleet claim: ${o.stack}/${o.resource} failed: ${o.error}`);
      if (byLedger[0]) console.log(`fleet claim: a refusal reads: ${byLedger[0].error}`);
      const events = await account.emu.control.events();
      const churn = events.filter((e) => e.at > now - 180 * DAY).length;
      const counts = account.counter.counts();
      const ledger = (await openLedger(account.ledger, { endpoint: account.endpoint, region: account.region }))!;
      const status = await ledger.status({ accountId: account.emu.accountId, region: account.region });
      await ledger.close();
      console.log(`fleet claim: ledger entries ${JSON.stringify(status.entries)}`);
      return [
        {
          name: `${PROCESSES} processes x ${CLAIMS_EACH} claims, room for ${room}: claims granted`,
          value: granted.length,
          unit: "claims",
          target: `= ${room}`,
        },
        {
          name: "refused by the ledger (the date a slot frees given)",
          value: byLedger.length,
          unit: "claims",
          target: `= ${PROCESSES * CLAIMS_EACH - room}`,
        },
        {
          name: "claims the emulator blocked (account over budget)",
          value: blockedByAws.length,
          unit: "claims",
          target: "0",
        },
        { name: "other failures", value: other.length, unit: "claims", target: "0" },
        { name: "emulator's churn in the window", value: churn, unit: "events", target: `<= ${budget} (budget)` },
        {
          name: "ledger: slots still reserved (neither committed nor freed)",
          value: status.entries.reserved,
          unit: "slots",
          target: "0",
        },
        {
          name: "distinct numbers claimed",
          value: new Set(granted.map((o) => o.phoneNumber)).size,
          unit: "numbers",
          target: `= ${room}`,
        },
        {
          name: "ClaimPhoneNumber calls that lost a race (number taken by another process)",
          value: (counts.byOperation["connect:ClaimPhoneNumber"] ?? 0) - granted.length,
          unit: "calls",
        },
        { name: "DynamoDB calls (all processes)", value: total(counts.byOperation, "dynamodb"), unit: "calls" },
        { name: "wall time, 8 processes (incl. ~5 s start barrier)", value: wallMs / 1000, unit: "s" },
      ];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await account.stop();
    }
  },
};
