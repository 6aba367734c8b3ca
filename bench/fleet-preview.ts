import * as path from "node:path";
import { PulumiWorkspace, REPO_ROOT, runProcess } from "../scripts/pulumi-workspace";
import { total } from "./call-counter";
import { FleetAccount, clientRateLimits } from "./fleet-env";
import { checked, describeCalls } from "./fleet-stack";
import { Figure } from "./figures";

/**
 * Previews of a deployed fleet stack on its rate-limited account: without a pack, with a trivial pack (CrossGuard's
 * own cost), with ours right after the up, and with ours an hour later after the scheduled `ledger sync`.
 */
export async function previewFigures(account: FleetAccount, ws: PulumiWorkspace, what: string): Promise<Figure[]> {
  // The stack as it stands: previews with the pack, with a trivial pack, and without, on the same rate-limited account.
  // The ledger and the rates reach the pack through CONNECT_NUMBERS_LEDGER and CONNECT_NUMBERS_RATE_LIMITS (the
  // workspace's env).
  const packConfig = { "connect-phone-number-churn": { endpoint: account.endpoint, region: account.region } };
  const pack = { dir: path.join(REPO_ROOT, "policies"), config: packConfig };
  const trivial = { dir: path.join(REPO_ROOT, "test/e2e/policies/smoke"), config: {} };
  await checked("pulumi preview (warm-up)", () => ws.preview());
  const withoutMs = await checked("pulumi preview", () => ws.preview());
  account.counter.reset();
  const trivialMs = await checked("pulumi preview --policy-pack (trivial)", () =>
    ws.preview({ policyPacks: [trivial] }),
  );
  const trivialCalls = account.counter.counts();
  account.counter.reset();
  const packMs = await checked("pulumi preview --policy-pack", () => ws.preview({ policyPacks: [pack] }));
  const packCalls = account.counter.counts();
  // The scheduled job of the README's "teams and CI", an hour later (past CloudTrail's 15-minute delivery lag, which
  // gates re-read): after it, gates read CloudTrail only since the sync.
  await account.emu.control.clock({ advanceMs: 3_600_000 });
  account.counter.reset();
  const cli = path.join(REPO_ROOT, "bin/connect-numbers");
  const syncMs = await checked("connect-numbers ledger sync", () =>
    runProcess(cli, [
      "ledger",
      "sync",
      "--ledger",
      account.ledger,
      "--endpoint",
      account.endpoint,
      "--region",
      account.region,
      "--rate-limits",
      clientRateLimits(account.multiplier),
    ]),
  );
  describeCalls(`ledger sync (${Math.round(syncMs / 1000)} s)`, account.counter.counts());
  account.counter.reset();
  const syncedMs = await checked("pulumi preview --policy-pack (after ledger sync)", () =>
    ws.preview({ policyPacks: [pack] }),
  );
  const syncedCalls = account.counter.counts();
  describeCalls("preview with the trivial pack", trivialCalls);
  describeCalls("preview with the pack", packCalls);
  describeCalls("preview with the pack after ledger sync", syncedCalls);
  return [
    {
      name: `preview --policy-pack, ${what}, right after the up: AWS calls`,
      value: total(packCalls.byOperation),
      unit: "calls",
      target: "<= 10",
    },
    {
      name: `preview --policy-pack, ${what}, right after the up`,
      value: packMs / 1000,
      unit: "s",
      target: "<= 1.05x trivial pack",
      baseline: trivialMs / 1000,
    },
    {
      name: `preview --policy-pack an hour later, after \`ledger sync\`: AWS calls`,
      value: total(syncedCalls.byOperation),
      unit: "calls",
      target: "<= 10",
    },
    {
      name: `preview --policy-pack an hour later, after \`ledger sync\``,
      value: syncedMs / 1000,
      unit: "s",
      target: "<= 1.05x trivial pack",
      baseline: trivialMs / 1000,
    },
    {
      name: `preview with a trivial pack (one stack policy, no I/O)`,
      value: trivialMs / 1000,
      unit: "s",
      baseline: withoutMs / 1000,
    },
    { name: `preview without a pack`, value: withoutMs / 1000, unit: "s" },
  ];
}
