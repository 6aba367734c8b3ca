/**
 * One process of the fleet-claim benchmark: `node fleet-claim-child.js <job JSON>`. It is one deployment of the
 * provider (provider/runtime: a Deployment configured from stack config, the ledger it names), which waits for the
 * common start time, then creates `claims` searched numbers at once, as `pulumi up` would: the owner lookup, the
 * shared search, a ledger slot reserved, ClaimPhoneNumber, describe, commit, the ownership record. Prints one JSON
 * line per create.
 */
import { PHONE_NUMBER_TYPE, ownerUrn } from "../core";
import { Deployment, createWith, parseProviderConfig } from "../provider/runtime";

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
  const dep = new Deployment(
    parseProviderConfig((key) => stackConfig[key]),
    (m) => process.stderr.write(`${m}\n`),
  );
  await new Promise((r) => setTimeout(r, Math.max(0, job.startAt - Date.now())));
  await Promise.all(
    Array.from({ length: job.claims }, async (_, i) => {
      const name = `n${i}`;
      const inputs = {
        ownerUrn: ownerUrn({ project: "fleet", stack: job.stack, type: PHONE_NUMBER_TYPE, name }),
        countryCode: "US",
        type: "DID",
        targetArn: job.instanceArn,
      };
      const started = performance.now();
      let outcome: ClaimOutcome;
      try {
        const created = await createWith(dep, inputs);
        outcome = {
          stack: job.stack,
          resource: name,
          ok: true,
          phoneNumber: created.outs.phoneNumber,
          ms: performance.now() - started,
        };
      } catch (err) {
        outcome = {
          stack: job.stack,
          resource: name,
          ok: false,
          error: (err as Error).message,
          ms: performance.now() - started,
        };
      }
      process.stdout.write(`${JSON.stringify(outcome)}\n`);
    }),
  );
  dep.destroy();
}

main(JSON.parse(process.argv[2]) as FleetJob).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
