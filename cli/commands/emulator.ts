import { Command, InvalidArgumentError, Option } from "commander";
import type { RunningEmulator } from "connect-numbers-emulator";
import { isoDate } from "../../core";
import { INSTALL_EMULATOR, emulatorDefaults, loadEmulator } from "./emulator-package";
import { emulatorSeedCommand } from "./emulator-seed";

export function wholeNumber(min: number) {
  return (value: string): number => {
    // Digits only: Number() reads "" and " " as 0 (an unset CI variable would become a quota of 0) and takes hex
    // and exponents a reader of the command line would not expect.
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`expected a whole number >= ${min}, got "${value}"`);
    return n;
  };
}

export const DEFAULT_LEDGER_TABLE = "connect-numbers-ledger";
/** A README example with a toll-free SMS number settles in seconds on the emulator; --aws-like-delays for days. */
const SMS_PENDING_SECONDS = 5;

const CONTROL_HELP = `
What it serves, on one endpoint: Amazon Connect's phone-number operations, CloudTrail LookupEvents, Service Quotas,
STS, the Resource Groups Tagging API, End User Messaging SMS and voice v2 (origination numbers), and DynamoDB (an
embedded dynalite, where the churn ledger lives). Any credentials do; the CLI and the provider need none against it.

At start it creates the churn ledger table (--ledger-table) in its DynamoDB and records that its account had no claim
or release before it started, then prints the \`pulumi config set\` lines to paste into a Pulumi project.

Seed it (numbers held from before, history): \`connect-numbers emulator seed --help\`. Its control API, under
<endpoint>/_emulator/: GET info, POST reset, GET|PATCH settings, GET|POST clock, GET events, POST seed,
GET|POST|DELETE faults, GET|PUT state; SMS under /_emulator/sms/ (GET|PATCH settings, POST seed, GET numbers,
GET events). docs/emulator.md documents each.`;

/** " (default: v)" when the emulator is installed to say; its settings are its own. */
function byDefault(value: number | undefined): string {
  return value === undefined ? "" : ` (default: ${value})`;
}

export function emulatorCommand(): Command {
  const d = emulatorDefaults();
  return new Command("emulator")
    .description(
      "run the local AWS the product talks to (Connect, CloudTrail, Service Quotas, SMS, DynamoDB for the churn ledger) until Ctrl-C / SIGTERM",
    )
    .option("--port <port>", "port to listen on (0 picks a free one)", wholeNumber(0), 0)
    .option("--host <host>", "address to bind", "127.0.0.1")
    .option("--region <region>", "default region (requests signed for another region get their own state)", "us-east-1")
    .option("--account <id>", "default account id", "123456789012")
    .option(
      "--state <file>",
      "keep the whole state in this file across restarts (written atomically; DynamoDB tables in <file>.dynamodb/)",
    )
    .option("--quota <n>", `phone-number quota, Service Quotas L-8F812903${byDefault(d?.quota)}`, wholeNumber(0))
    .option("--window-days <days>", `rolling churn window${byDefault(d?.windowDays)}`, wholeNumber(1))
    .option(
      "--cooldown-days <days>",
      `how long a released number stays unavailable${byDefault(d?.cooldownDays)}`,
      wholeNumber(0),
    )
    .option("--claim-delay-ms <ms>", `how long a claim stays IN_PROGRESS${byDefault(d?.claimDelayMs)}`, wholeNumber(0))
    .option("--seed <n>", `seed of the available-number pool and of the ids${byDefault(d?.seed)}`, wholeNumber(0))
    .addOption(
      new Option(
        "--sms-pending-seconds <s>",
        "how long requested TOLL_FREE and TEN_DLC SMS numbers stay PENDING (AWS reviews their registration for days to weeks)",
      )
        .argParser(wholeNumber(0))
        .default(SMS_PENDING_SECONDS)
        .conflicts("awsLikeDelays"),
    )
    .option(
      "--aws-like-delays",
      "keep AWS-like delays instead: TOLL_FREE and TEN_DLC numbers PENDING for 3 days (advance the clock to get past them)",
    )
    .option("--ledger-table <table>", "the churn ledger's DynamoDB table, created at start", DEFAULT_LEDGER_TABLE)
    .option("--no-ledger-table", "create no ledger table")
    .addHelpText(
      "after",
      d
        ? CONTROL_HELP
        : `${CONTROL_HELP}\n\nThe emulator is a package of its own, not installed here: \`${INSTALL_EMULATOR}\`.`,
    )
    .addCommand(emulatorSeedCommand())
    .action(async (opts: Record<string, string | number | boolean | undefined>) => {
      if (!/^\d{12}$/.test(String(opts.account)))
        throw new InvalidArgumentError(`--account must be 12 digits, got "${String(opts.account)}"`);
      const given = <K extends string>(key: K, value: unknown) =>
        value === undefined ? {} : ({ [key]: value } as Record<K, number>);
      const { startEmulator } = loadEmulator();
      const emu = await startEmulator({
        port: opts.port as number,
        host: opts.host as string,
        region: opts.region as string,
        accountId: opts.account as string,
        statePath: opts.state as string | undefined,
        ledgerTable: typeof opts.ledgerTable === "string" ? opts.ledgerTable : undefined,
        ...given("quota", opts.quota),
        ...given("windowDays", opts.windowDays),
        ...given("cooldownDays", opts.cooldownDays),
        ...given("claimDelayMs", opts.claimDelayMs),
        ...given("seed", opts.seed),
        ...(opts.awsLikeDelays ? {} : { registrationReviewMs: (opts.smsPendingSeconds as number) * 1000 }),
      });
      console.log(await startedText(emu));
      await new Promise<void>((resolve) => {
        const stop = () => {
          emu.stop().then(resolve, resolve);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}

/**
 * What a person needs to go from here to a first claim: the facts (`key: value` lines, which scripts read up to
 * `quota`), then the stack settings to paste into a Pulumi project, and the flags for the CLI outside one.
 */
async function startedText(emu: RunningEmulator): Promise<string> {
  const info = await emu.control.info();
  const ledger = emu.ledger;
  const facts = [
    `endpoint: ${emu.endpoint}`,
    `region: ${info.region}`,
    `account: ${info.accountId}`,
    ...info.instances.map((arn) => `instance: ${arn}`),
    ...info.trafficDistributionGroups.map((arn) => `traffic-distribution-group: ${arn}`),
    `quota: ${info.settings.quota}, window: ${info.settings.windowDays} days, cooldown: ${info.settings.cooldownDays} days`,
  ];
  if (ledger) {
    facts.push(
      ledger.completeSince === undefined
        ? `ledger: ${ledger.setting} (kept from an earlier start)`
        : `ledger: ${ledger.setting} (created; no claim or release before ${isoDate(ledger.completeSince)}, when the emulator started)`,
    );
  }
  const settings: Array<[string, string]> = [
    ["connect-numbers:endpoint", emu.endpoint],
    ["connect-numbers:region", info.region],
    ...(ledger ? [["connect-numbers:ledger", ledger.setting] as [string, string]] : []),
    ["instanceArn", info.instances[0]],
  ];
  const flags = [
    `--endpoint ${emu.endpoint}`,
    `--region ${info.region}`,
    ...(ledger ? [`--ledger ${ledger.setting}`] : []),
    "--cloudtrail",
  ].join(" ");
  return [
    ...facts,
    "",
    'Paste into your Pulumi project (the program reads instanceArn with `new pulumi.Config().require("instanceArn")`):',
    ...settings.map(([key, value]) => `pulumi config set ${key} ${value}`),
    "",
    "then `pulumi up`. In that project `connect-numbers check --cloudtrail`, `history --cloudtrail` and `ledger status` read",
    `these settings from the stack; elsewhere give them as flags: ${flags}`,
    "Ctrl-C stops the emulator.",
  ].join("\n");
}
