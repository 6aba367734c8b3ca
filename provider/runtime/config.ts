import { z } from "zod";
import { AwsSettings, regionOrEnv } from "../../aws/clients";
import { DEFAULT_UNSEEN_HISTORY, UNSEEN_HISTORY_POLICIES, UnseenHistoryPolicy, stackConfigList } from "../../core";
import { readStackConfig } from "./stack-config";
import {
  LEDGER_ENV,
  LedgerChoice,
  LedgerLocation,
  LedgerSettingError,
  chooseLedger,
  describeLocation,
} from "../../ledger/settings";

/** Stack config the dynamic provider's configure() receives, under the `connect-numbers:` namespace. */
export interface ProviderConfig {
  aws: AwsSettings;
  /** Lets a claim or release through even when it would cross the churn budget. */
  allowQuotaOverrun: boolean;
  /** Else read from Service Quotas. */
  quota?: number;
  windowDays?: number;
  ratioPercent?: number;
  reservePercent?: number;
  historyFiles: string[];
  cloudTrail: boolean;
  /** How long a claim or move may stay IN_PROGRESS before create/update gives up. */
  claimTimeoutSeconds: number;
  /** Days of the window no history source saw: refuse claims and releases (default), or only warn. */
  unseenHistory: UnseenHistoryPolicy;
  /**
   * The churn ledger the guard reserves in and the ownership index lives in: `connect-numbers:ledger`, else
   * CONNECT_NUMBERS_LEDGER, else the per-user file. Resolved here, in the runtime (never in the serialized provider).
   */
  ledger: Exclude<LedgerLocation, { kind: "off" }>;
  /**
   * Releases made on purpose, as the pack's `allowReleases` and check's `--allow-release` name them: a number
   * (E.164 or id), a URN or a resource name. Lets through a release the provider refuses as a rename without alias.
   */
  allowReleases: string[];
}

const bool = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);
const whole = (min: number) =>
  z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().min(min));
const list = z.union([z.array(z.string()), z.string()]).transform((v, ctx): string[] => {
  const read = stackConfigList(v);
  if (read.ok) return read.value;
  ctx.addIssue({ code: "custom", message: read.problem });
  return z.NEVER;
});

const schema = z.object({
  region: z.string().optional(),
  endpoint: z.string().url().optional(),
  profile: z.string().optional(),
  allowQuotaOverrun: bool.default(false),
  quota: whole(0).optional(),
  windowDays: whole(1).optional(),
  ratioPercent: whole(0).optional(),
  reservePercent: whole(0).optional(),
  historyFiles: list.default([]),
  cloudTrail: bool.default(true),
  claimTimeoutSeconds: whole(1).default(600),
  unseenHistory: z
    .enum(UNSEEN_HISTORY_POLICIES as [UnseenHistoryPolicy, ...UnseenHistoryPolicy[]])
    .default(DEFAULT_UNSEEN_HISTORY),
  ledger: z.string().optional(),
  allowReleases: list.default([]),
});

/** Reads `connect-numbers:<key>` values; errors name the key, the value and the fix. */
export function parseProviderConfig(
  get: (key: string) => string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ProviderConfig {
  const c = readStackConfig(schema, get);
  return {
    ledger: ledgerOf(c.ledger, env),
    aws: { region: regionOrEnv(c.region, env), endpoint: c.endpoint, profile: c.profile },
    allowQuotaOverrun: c.allowQuotaOverrun,
    quota: c.quota,
    windowDays: c.windowDays,
    ratioPercent: c.ratioPercent,
    reservePercent: c.reservePercent,
    historyFiles: c.historyFiles,
    cloudTrail: c.cloudTrail,
    claimTimeoutSeconds: c.claimTimeoutSeconds,
    unseenHistory: c.unseenHistory,
    allowReleases: c.allowReleases,
  };
}

/**
 * The provider always keeps its reservations in a durable ledger: without one, two deployments on one account could
 * each find room and together cross the budget. `off` is therefore refused here (the pack and the CLI accept it);
 * `memory:` (this process only) is for tests.
 */
function ledgerOf(setting: string | undefined, env: NodeJS.ProcessEnv): ProviderConfig["ledger"] {
  let choice: LedgerChoice;
  try {
    choice = chooseLedger(setting, { perUserFile: "always", env });
  } catch (err) {
    if (!(err instanceof LedgerSettingError)) throw err;
    throw new Error(
      `invalid ${setting === undefined ? LEDGER_ENV : "stack config connect-numbers:ledger"}: ${err.message}. Fix it with \`pulumi config set connect-numbers:ledger <location>\`.`,
    );
  }
  const { location } = choice;
  if (location.kind === "off") {
    throw new Error(
      `invalid ${choice.from === "setting" ? "connect-numbers:ledger" : LEDGER_ENV} = ${JSON.stringify(describeLocation(location))}: the provider reserves every claim and release in a churn ledger, always ` +
        "(without one, two deployments on one account could each find room and together cross the budget). " +
        "Use dynamodb:<table> or file:<path>, or unset it for the per-user file (docs/ledger.md).",
    );
  }
  return location;
}
