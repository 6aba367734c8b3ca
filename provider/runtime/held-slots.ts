import { ChurnWindowLedger, LedgerScope } from "../../ledger/types";
import { DEFAULT_GRACE_MS } from "../../ledger/window";

/**
 * A held slot is re-stamped once its stamp is this old. `ledger sync` frees a reservation CloudTrail does not prove
 * once it is older than its grace (an hour by default): a slot renewed every quarter of that is never freed while
 * this process holds it, even with a sync's clock a little ahead.
 */
export const RENEW_AFTER_MS = DEFAULT_GRACE_MS / 4;
/** How often, in this process's time, a deployment with slots held looks whether any is due. */
const CHECK_EVERY_MS = 60_000;

/**
 * The churn slots one guard holds and has not yet committed or freed: a PhoneNumberSet's growth reserves every claim's
 * slot before the first claim, and at AWS's 2 requests a second with slow claims a large growth runs for hours. A
 * sync that freed a slot still waiting its turn would undercount the window until the claim committed (and forever,
 * if its answer were lost). Freeing slots only after a day instead would hold a crashed deployment's slots a day,
 * and still free a slot of a growth longer than that: renewal keeps exactly the slots a live process holds, and lets
 * the grace judge the rest. Renewals are one window write for every slot due, checked as the guard works and once a
 * minute while slots are held (a growth whose claims all wait on slow numbers makes no guard call for a while).
 */
export class HeldSlots {
  /** Each held slot's stamp (the service's clock). */
  private readonly stamps = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | undefined;

  constructor(
    private readonly scope: LedgerScope,
    private readonly ledgerOf: () => Promise<ChurnWindowLedger>,
    private readonly now: () => number,
    private readonly warn: (message: string) => void,
  ) {}

  hold(reservationIds: readonly string[], at: number): void {
    for (const id of reservationIds) this.stamps.set(id, at);
    if (this.stamps.size > 0 && this.timer === undefined) {
      this.timer = setInterval(() => {
        this.renewDue().catch((err: unknown) =>
          this.warn(
            `connect-numbers: could not renew ${this.stamps.size} reserved churn slots of account ${this.scope.accountId} in ${this.scope.region} (${(err as Error).message}); ` +
              "a `ledger sync` run now may free them while claims still use them.",
          ),
        );
      }, CHECK_EVERY_MS);
      this.timer.unref();
    }
  }

  /** Committed, freed, or left to the sync's judgement (an unknown outcome): no longer renewed. */
  letGo(reservationId: string): void {
    this.stamps.delete(reservationId);
    if (this.stamps.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** Re-stamps, in one write, every held slot older than RENEW_AFTER_MS; one renewal at a time. */
  renewDue(): Promise<void> {
    this.renewing ??= this.renew().finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async renew(): Promise<void> {
    const now = this.now();
    const due = [...this.stamps].filter(([, at]) => at <= now - RENEW_AFTER_MS).map(([id]) => id);
    if (due.length === 0) return;
    await (await this.ledgerOf()).renew(this.scope, due, now);
    for (const id of due) if (this.stamps.has(id)) this.stamps.set(id, now);
  }
}
