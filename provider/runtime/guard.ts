import { ChurnEvent, ChurnHistory, PlannedOperation, defaultRule, evaluate, explainVerdict } from "../../core";
import { loadHistory } from "../../aws/history";
import { readPhoneNumberQuota } from "../../aws/quota";
import { AwsSession } from "../../aws/session";
import { ProviderConfig } from "./config";

/**
 * The apply-time check before each claim and release: `pulumi destroy`, `up --skip-preview` and the Automation API
 * never pass through CrossGuard. Operations run one at a time in this process, and each one this process did is
 * remembered, because CloudTrail takes minutes to show an event.
 */
export class ChurnGuard {
  private readonly done: ChurnEvent[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  /** History and quota, read once per deployment: CloudTrail lags minutes behind, `done` covers the rest. */
  private account: { events: ChurnEvent[]; quota: number } | undefined;

  constructor(
    private readonly config: ProviderConfig,
    private readonly aws: AwsSession,
  ) {}

  /** Runs `operate` only if one more `op` fits the budget; serialized with every other guarded operation. */
  run<T>(op: PlannedOperation, operate: () => Promise<{ result: T; event: Omit<ChurnEvent, "at" | "source"> }>): Promise<T> {
    const next = this.queue.then(async () => {
      await this.check(op);
      const { result, event } = await operate();
      this.done.push({ ...event, at: this.aws.clock.now(), source: "this deployment" });
      return result;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async check(op: PlannedOperation): Promise<void> {
    if (this.config.allowQuotaOverrun) return;
    try {
      this.account ??= await this.readAccount();
    } catch (err) {
      throw new Error(
        `${op.resource}: the churn budget could not be checked before this ${op.action} (${(err as Error).message}). ` +
          "Grant cloudtrail:LookupEvents and servicequotas:GetServiceQuota, or set connect-numbers:quota and connect-numbers:historyFiles " +
          "(with connect-numbers:cloudTrail false); to go ahead unchecked, `pulumi config set connect-numbers:allowQuotaOverrun true`.",
      );
    }
    const { events, quota } = this.account;
    const now = this.aws.clock.now();
    const rule = defaultRule({
      quota,
      ...(this.config.windowDays !== undefined ? { windowDays: this.config.windowDays } : {}),
      ...(this.config.ratioPercent !== undefined ? { ratioPercent: this.config.ratioPercent } : {}),
      ...(this.config.reservePercent !== undefined ? { reservePercent: this.config.reservePercent } : {}),
    });
    const history = ChurnHistory.build([...events, ...this.done]);
    const verdict = evaluate({ history, plan: { operations: [op] }, rule, now });
    if (!verdict.ok) {
      throw new Error(
        `${op.resource}: refusing to ${op.action} ${op.phoneNumber ?? "a phone number"}: ${explainVerdict(verdict)} ` +
          "To override (and risk the lock-out), `pulumi config set connect-numbers:allowQuotaOverrun true`.",
      );
    }
  }

  private async readAccount(): Promise<{ events: ChurnEvent[]; quota: number }> {
    const quota = this.config.quota ?? (await readPhoneNumberQuota(this.aws.quotas));
    const loaded = await loadHistory({
      cloudTrail: this.config.cloudTrail ? this.aws.cloudTrail : undefined,
      files: this.config.historyFiles,
      now: this.aws.clock.now(),
      windowDays: this.config.windowDays ?? defaultRule().windowDays,
    });
    return { events: loaded.events, quota };
  }
}
