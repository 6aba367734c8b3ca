/**
 * One process of the fleet-claim benchmark: `node fleet-claim-child.js <job JSON>`. It opens the shared ledger,
 * builds the provider's guard and claim context as a deployment does, waits for the common start time, then claims
 * `claims` searched numbers at once through the provider's claim path (provider/runtime/claim.ts claimSearched:
 * search, reserve a ledger slot, ClaimPhoneNumber, describe, commit). Prints one JSON line per claim.
 */
import { randomUUID } from "node:crypto";
import { PHONE_NUMBER_TYPE, ownerFromUrn, ownerUrn } from "../core";
import { createSession } from "../aws/session";
import { openLedger } from "../ledger/open";
import { parseProviderConfig } from "../provider/runtime/config";
import { ScopeGuard } from "../provider/runtime/guard";
import { CandidatePool } from "../provider/runtime/candidates";
import { claimSearched } from "../provider/runtime/claim";

export interface FleetJob {
  endpoint: string;
  region: string;
  instanceArn: string;
  /** The ledger setting, as users write it: `dynamodb:<table>`. */
  ledger: string;
  historyFile: string;
  stack: string;
  claims: number;
  /** Date.now() at which every process starts claiming. */
  startAt: number;
}

export interface ClaimOutcome {
  stack: string;
  resource: string;
  ok: boolean;
  phoneNumber?: string;
  error?: string;
  ms: number;
}

async function main(job: FleetJob): Promise<void> {
  const stackConfig: Record<string, string> = {
    "connect-numbers:endpoint": job.endpoint,
    "connect-numbers:region": job.region,
    "connect-numbers:historyFiles": job.historyFile,
    "connect-numbers:ledger": job.ledger,
  };
  const config = parseProviderConfig((key) => stackConfig[key]);
  const session = createSession(config.aws);
  const ledger = await openLedger(job.ledger, config.aws);
  if (!ledger) throw new Error(`ledger ${job.ledger} is off`);
  const accountId = await session.accountId();
  const scope = { accountId, region: job.region };
  const guard = new ScopeGuard(scope, config, session, ledger, (m) => process.stderr.write(`${m}\n`));
  // One deployment's shared search results, as the provider keeps them (provider/runtime/candidates.ts).
  const candidates = new CandidatePool();
  const place = { region: job.region, accountId, scope, session, certain: true };
  await new Promise((r) => setTimeout(r, Math.max(0, job.startAt - Date.now())));
  await Promise.all(
    Array.from({ length: job.claims }, async (_, i) => {
      const name = `n${i}`;
      const urn = ownerUrn({ project: "fleet", stack: job.stack, type: PHONE_NUMBER_TYPE, name });
      const owner = ownerFromUrn(urn)!;
      const inputs = { ownerUrn: urn, countryCode: "US", type: "DID", targetArn: job.instanceArn };
      const started = performance.now();
      let outcome: ClaimOutcome;
      try {
        const claimed = await claimSearched({ place, owner, lease: randomUUID(), inputs, label: `PhoneNumber "${name}"`, guard, ledger, defaultRegion: job.region }, candidates);
        outcome = { stack: job.stack, resource: name, ok: true, phoneNumber: claimed.summary.PhoneNumber, ms: performance.now() - started };
      } catch (err) {
        outcome = { stack: job.stack, resource: name, ok: false, error: (err as Error).message, ms: performance.now() - started };
      }
      process.stdout.write(`${JSON.stringify(outcome)}\n`);
    }),
  );
  session.destroy();
}

main(JSON.parse(process.argv[2]) as FleetJob).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
