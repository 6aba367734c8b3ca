import { z } from "zod";
import {
  DEFAULT_RATIO_PERCENT,
  DEFAULT_RESERVE_PERCENT,
  DEFAULT_UNSEEN_HISTORY,
  DEFAULT_WINDOW_DAYS,
  UNSEEN_HISTORY_POLICIES,
  UnseenHistoryPolicy,
  nearestName,
} from "../core";
import { SameType } from "../core/same-type";
import { releasesAllowed, stackConfigFix, stackConfigList } from "../core/config-list";
import { LedgerSettingError, parseLedgerSetting } from "../ledger/settings";
import { PackConfigError } from "./errors";

/**
 * The settings of every policy that reads the account (churn, rename, report). CrossGuard hands a policy only its
 * own config, so each takes the same keys and stands on its own; the keys the provider also reads
 * (`connect-numbers:<key>` stack config) fall back to the stack's values, so one stack setting serves the
 * provider's guard and the whole pack.
 */
const FAIL_ON = ["release"] as const;
/** When the SMS checks read the account's SMS origination numbers (policies/sms-analysis.ts). */
export const SMS_NUMBERS = ["declared", "always"] as const;
export type SmsNumbersRead = (typeof SMS_NUMBERS)[number];

/** The config as given: every key optional (defaults come from the stack config, then the built-in ones). */
export interface PackConfig {
  region?: string;
  regions?: string[];
  endpoint?: string;
  windowDays?: number;
  ratioPercent?: number;
  reservePercent?: number;
  quota?: number;
  historyFiles?: string[];
  cloudTrail?: boolean;
  unseenHistory?: UnseenHistoryPolicy;
  /** Softens "cannot read" only: a verdict that needs no reading (certain-overrun.ts) blocks either way. */
  failClosed?: boolean;
  allowReleases?: string[];
  failOn?: Array<(typeof FAIL_ON)[number]>;
  smsNumbers?: SmsNumbersRead;
  ledger?: string;
}

const packConfig = z
  .object({
    region: z
      .string()
      .min(1)
      .describe(
        "AWS region to read; else the stack's connect-numbers:region, else AWS_REGION, else the declared numbers' own regions",
      ),
    regions: z
      .array(z.string().min(1))
      .describe(
        "more regions this stack may hold numbers in (a region with no declared number left is otherwise not read)",
      ),
    endpoint: z
      .string()
      .url()
      .describe(
        "Connect/CloudTrail/Service Quotas endpoint (the emulator's, a VPC endpoint); else the stack's connect-numbers:endpoint",
      ),
    windowDays: z
      .number()
      .int()
      .min(1)
      .describe(`rolling window in days (default ${DEFAULT_WINDOW_DAYS}; AWS's documents have said 30 and 180)`),
    ratioPercent: z
      .number()
      .int()
      .min(0)
      .describe(`claims + releases allowed in the window, in % of the quota (default ${DEFAULT_RATIO_PERCENT})`),
    reservePercent: z
      .number()
      .int()
      .min(0)
      .max(100)
      .describe(`share of the budget plans may not use (default ${DEFAULT_RESERVE_PERCENT})`),
    quota: z
      .number()
      .int()
      .min(0)
      .describe("phone numbers per instance; else Service Quotas L-8F812903, read per target instance"),
    historyFiles: z
      .array(z.string().min(1))
      .describe("JSON Lines churn history files; relative paths are relative to the Pulumi program's directory"),
    cloudTrail: z
      .boolean()
      .describe("read the last 90 days of claims and releases from CloudTrail LookupEvents (default true)"),
    unseenHistory: z
      .enum(UNSEEN_HISTORY_POLICIES as [UnseenHistoryPolicy, ...UnseenHistoryPolicy[]])
      .describe(
        `days of the window no history source saw: "refuse" (default) blocks a plan that claims or releases, "warn" says so`,
      ),
    failClosed: z
      .boolean()
      .describe(
        "block when the account, its history or its quota cannot be read (default true); false softens only that, never a plan over the whole budget on its own",
      ),
    allowReleases: z
      .array(z.string().min(1))
      .describe(
        "releases made on purpose: a number (E.164 or id), a URN or a resource name; stated in the output when used. The stack's connect-numbers:allowReleases (the provider's) adds to it",
      ),
    failOn: z
      .array(z.enum(FAIL_ON))
      .describe('"release": every release not named in allowReleases is a mandatory violation'),
    smsNumbers: z
      .enum(SMS_NUMBERS)
      .describe(
        'when to read the account\'s SMS origination numbers: "always" (default; one DescribePhoneNumbers page per region), so removing the stack\'s last SMS number is seen; "declared" only when the program declares one (OriginationNumber, aws.pinpoint.Smsvoicev2PhoneNumber), for accounts without SMS numbers',
      ),
    ledger: z
      .string()
      .min(1)
      .describe(
        "the churn ledger: dynamodb:<table>, file:<path> (relative to the program's directory) or off; else the stack's connect-numbers:ledger, else CONNECT_NUMBERS_LEDGER, else the per-user file if it exists",
      ),
  })
  .partial()
  .strict();

// PackConfig is what users' declarations see (it names no zod type, which a project without esModuleInterop cannot
// load); the schema must parse exactly it, so a key or value changed on one side only does not compile.
true satisfies SameType<z.input<typeof packConfig>, PackConfig>;
true satisfies SameType<z.output<typeof packConfig>, PackConfig>;

/**
 * The JSON schema of the config, with additionalProperties false. The engine validates each property with it
 * (types, ranges, enums); the policy SDK sends it only the properties, so unknown keys are refused by the pack
 * itself (`parsePackConfig`), which the engine reports as an error.
 */
export const PACK_CONFIG_JSON_SCHEMA = z.toJSONSchema(packConfig, { target: "draft-7" }) as {
  type: "object";
  properties: Record<string, Record<string, unknown>>;
  additionalProperties: false;
};

/** What a policy declares: the properties (no defaults, so the stack's values can fill what the policy config leaves). */
export const POLICY_CONFIG_SCHEMA = { properties: PACK_CONFIG_JSON_SCHEMA.properties };

export interface PackSettings {
  region?: string;
  regions: string[];
  endpoint?: string;
  windowDays: number;
  ratioPercent: number;
  reservePercent: number;
  quota?: number;
  /** As given: relative ones are resolved against the program's directory when read. */
  historyFiles: string[];
  cloudTrail: boolean;
  unseenHistory: UnseenHistoryPolicy;
  failClosed: boolean;
  allowReleases: string[];
  /**
   * The stack's connect-numbers:allowReleases alone, the one list the provider reads: a rename or kept number the
   * provider refuses passes only by it (core/connect/stack-allowance.ts).
   */
  stackAllowReleases: string[];
  failOnRelease: boolean;
  smsNumbers: SmsNumbersRead;
  /**
   * The ledger setting as given (policy config, else stack config, else CONNECT_NUMBERS_LEDGER); undefined: the
   * per-user file, read only if it exists. Relative file paths are resolved against the program's directory.
   */
  ledger?: string;
  /** Where each setting the messages name came from, e.g. quota: "policy config". */
  origin: Partial<Record<"quota" | "unseenHistory", string>>;
}

/** The policy config as given, refused whole when a key is unknown or a value wrong. */
export function parsePackConfig(policy: string, raw: unknown): PackConfig {
  const parsed = packConfig.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    if (i.code === "unrecognized_keys")
      return `unknown key${i.keys.length > 1 ? "s" : ""} ${i.keys.map((k) => JSON.stringify(k)).join(", ")}${suggest(i.keys[0])}`;
    return `${i.path.join(".") || "(config)"}: ${i.message}`;
  });
  throw new PackConfigError(
    `policy config of ${policy}: ${problems.join("; ")}. Known keys: ${Object.keys(PACK_CONFIG_JSON_SCHEMA.properties).join(", ")} (docs/pack.md).`,
  );
}

function suggest(key: string): string {
  const close = nearestName(key, Object.keys(PACK_CONFIG_JSON_SCHEMA.properties));
  return close ? ` (did you mean ${JSON.stringify(close)}?)` : "";
}

/** Stack config keys the pack shares with the provider (values are strings, as `pulumi config set` stores them). */
const STACK_KEYS = [
  "region",
  "endpoint",
  "windowDays",
  "ratioPercent",
  "reservePercent",
  "quota",
  "historyFiles",
  "cloudTrail",
  "unseenHistory",
  "ledger",
  "allowReleases",
] as const;

/**
 * The stack's `connect-numbers:*` values for the shared keys, parsed as the provider parses them. The engine hands
 * a policy pack the stack's config in PULUMI_CONFIG (a JSON object of "namespace:key" to string).
 */
export function stackPackConfig(env: NodeJS.ProcessEnv = process.env): PackConfig {
  const text = env.PULUMI_CONFIG;
  if (!text) return {};
  let all: Record<string, unknown>;
  try {
    all = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new PackConfigError("PULUMI_CONFIG (the stack config the engine passes to the pack) is not JSON");
  }
  const raw: Record<string, unknown> = {};
  for (const key of STACK_KEYS) {
    const value = all[`connect-numbers:${key}`];
    if (typeof value !== "string" || value === "") continue;
    raw[key] = fromStackString(key, value);
  }
  const parsed = packConfig.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (i) =>
      `connect-numbers:${i.path.join(".")} = ${JSON.stringify(all[`connect-numbers:${String(i.path[0])}`])}: ${i.message}`,
  );
  const keys = parsed.error.issues.map((i) => String(i.path[0]));
  throw new PackConfigError(`stack config: ${problems.join("; ")}. Fix it with ${stackConfigFix(keys)}.`);
}

function fromStackString(key: (typeof STACK_KEYS)[number], value: string): unknown {
  switch (key) {
    case "windowDays":
    case "ratioPercent":
    case "reservePercent":
    case "quota":
      return /^\d+$/.test(value) ? Number(value) : value;
    case "cloudTrail":
      return value === "true" ? true : value === "false" ? false : value;
    case "historyFiles":
    case "allowReleases": {
      const read = stackConfigList(value);
      return read.ok ? read.value : value;
    }
    default:
      return value;
  }
}

/** Policy config over stack config over defaults. */
export function resolveSettings(policyConfig: PackConfig, stackConfig: PackConfig): PackSettings {
  const pick = <K extends keyof PackConfig>(key: K): { value: PackConfig[K]; from?: string } =>
    policyConfig[key] !== undefined
      ? { value: policyConfig[key], from: "policy config" }
      : stackConfig[key] !== undefined
        ? { value: stackConfig[key], from: `stack config connect-numbers:${key}` }
        : { value: undefined };
  const quota = pick("quota");
  const unseen = pick("unseenHistory");
  const ledger = pick("ledger");
  if (ledger.value !== undefined) {
    try {
      parseLedgerSetting(ledger.value);
    } catch (err) {
      if (err instanceof LedgerSettingError) throw new PackConfigError(`${ledger.from}: ${err.message}`);
      throw err;
    }
  }
  return {
    region: pick("region").value,
    regions: policyConfig.regions ?? [],
    endpoint: pick("endpoint").value,
    windowDays: pick("windowDays").value ?? DEFAULT_WINDOW_DAYS,
    ratioPercent: pick("ratioPercent").value ?? DEFAULT_RATIO_PERCENT,
    reservePercent: pick("reservePercent").value ?? DEFAULT_RESERVE_PERCENT,
    quota: quota.value,
    historyFiles: pick("historyFiles").value ?? [],
    cloudTrail: pick("cloudTrail").value ?? true,
    unseenHistory: unseen.value ?? DEFAULT_UNSEEN_HISTORY,
    failClosed: policyConfig.failClosed ?? true,
    // The stack's allowReleases is the provider's: what it lets through, the pack does not block as unintended.
    allowReleases: releasesAllowed(policyConfig.allowReleases ?? [], stackConfig.allowReleases ?? []),
    stackAllowReleases: stackConfig.allowReleases ?? [],
    failOnRelease: (policyConfig.failOn ?? []).includes("release"),
    // CrossGuard shows no deletes: only reading every time sees the removal of a stack's last SMS number.
    smsNumbers: policyConfig.smsNumbers ?? "always",
    ledger: ledger.value,
    origin: { quota: quota.from, unseenHistory: unseen.from ?? "default" },
  };
}
