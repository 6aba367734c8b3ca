import type { ConnectClient } from "@aws-sdk/client-connect";
import { connectSdk } from "./sdk";
import { HeldNumber, listNumbers } from "./inventory";
import { failedFromTags, isFailedClaim } from "../core/connect/failed-claim";

/** At most this many DescribePhoneNumber calls of one target at once (the SDK backs off on throttling). */
const DESCRIBE_CONCURRENCY = 8;

/**
 * At most this many numbers of one target are described in one reading. A full instance with no FAILED claim would
 * otherwise be described number by number, at AWS's 2 requests a second: 50 s for 100 numbers, in each face. We
 * assume FAILED claims are few (AWS is silent on how long it lists them), so past this many the rest are counted as
 * holding: the safe side, a claim refused where a FAILED claim might have made room. Every face describes in listing
 * order, so each finds the same room.
 */
export const MAX_DESCRIBED_PER_TARGET = 20;

/**
 * The numbers holding a place on one target (an instance's "Phone numbers per instance"), the one reader the three
 * faces count capacity with. ListPhoneNumbersV2 lists a claim AWS reported FAILED too, which holds no place, and says
 * no status: only DescribePhoneNumber tells, one call per number, at AWS's 2 requests a second. So the listing is the
 * count (the safe side) until it leaves less room than the claims need; then numbers are described, only until the
 * room is enough, every listed number is known or MAX_DESCRIBED_PER_TARGET are (`settleRoom`).
 */
export class TargetHolding {
  /** Listed numbers no describe has judged yet, in listing order. */
  private readonly unjudged: HeldNumber[];
  /** Listed numbers a describe found holding no place (a FAILED claim, or released since the listing). */
  private notHolding = 0;
  private settling: Promise<void> = Promise.resolve();

  private constructor(
    private readonly client: ConnectClient,
    readonly targetArn: string,
    private readonly listed: readonly HeldNumber[],
  ) {
    this.unjudged = [...listed];
  }

  /** One ListPhoneNumbersV2 per 1,000 numbers on the target. */
  static async read(client: ConnectClient, targetArn: string): Promise<TargetHolding> {
    return new TargetHolding(client, targetArn, await listNumbers(client, { targetArns: [targetArn] }));
  }

  /** From a listing already made (of the account: its numbers on this target). */
  static of(client: ConnectClient, targetArn: string, listed: readonly HeldNumber[]): TargetHolding {
    return new TargetHolding(client, targetArn, listed);
  }

  /** Numbers holding a place as far as known: listed, less those a describe found holding none. */
  get held(): number {
    return this.listed.length - this.notHolding;
  }

  /** DescribePhoneNumber calls made so far. */
  get described(): number {
    return this.listed.length - this.unjudged.length;
  }

  /**
   * Describes listed numbers until `quota - held` is at least `need`, or every one is judged, or
   * MAX_DESCRIBED_PER_TARGET are; `held` then says it.
   * Each round describes only as many as the room still lacks (each could be a FAILED claim), so a target whose
   * listing leaves room costs no describe, and one short by k costs k when k of its numbers are FAILED. Calls made
   * at once are serialized per target, so two claims never describe one number twice.
   */
  settleRoom(quota: number, need: number): Promise<void> {
    const run = this.settling.then(async () => {
      while (this.unjudged.length > 0 && quota - this.held < need && this.described < MAX_DESCRIBED_PER_TARGET) {
        const lacking = need - (quota - this.held);
        const round = this.unjudged.splice(
          0,
          Math.min(lacking, this.unjudged.length, MAX_DESCRIBED_PER_TARGET - this.described),
        );
        const holding = await mapConcurrent(round, DESCRIBE_CONCURRENCY, (n) => this.holdsPlace(n)).catch(
          (err: unknown) => {
            // Not judged: counted as holding, and described again by the next call that needs the room.
            this.unjudged.unshift(...round);
            throw err;
          },
        );
        this.notHolding += holding.filter((h) => !h).length;
      }
    });
    this.settling = run.catch(() => undefined);
    return run;
  }

  private async holdsPlace(n: HeldNumber): Promise<boolean> {
    try {
      const d = await this.client.send(
        new connectSdk.DescribePhoneNumberCommand({ PhoneNumberId: n.arn || n.phoneNumberId }),
      );
      // A FAILED move's number still holds its place on its old target (the provider's tag says which failed).
      const s = d.ClaimedPhoneNumberSummary;
      return !isFailedClaim({
        status: s?.PhoneNumberStatus?.Status,
        failedOperation: failedFromTags(s?.Tags).failedOperation,
      });
    } catch (err) {
      if (err instanceof connectSdk.ResourceNotFoundException) return false;
      throw err;
    }
  }
}

async function mapConcurrent<T, R>(items: readonly T[], concurrency: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}
