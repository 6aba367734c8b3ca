import { Command, InvalidArgumentError } from "commander";
import * as fs from "node:fs";
import type { SeedRequest } from "connect-numbers-emulator";
import { cloudTrailSpan, parseRfc3339 } from "../../core";
import { usageError } from "../errors";
import { addStackOption } from "../stack-config";
import { loadEmulator } from "./emulator-package";

type SeedEvent = NonNullable<SeedRequest["events"]>[number];
const ACTIONS = ["claim", "release", "import"] as const;

/** `<time>,<claim|release|import>[,<number or id>]`: one event of the account's history, for CloudTrail. */
function seedEvent(value: string, acc: SeedEvent[]): SeedEvent[] {
  const [time, action, number, ...rest] = value.split(",");
  const at = parseRfc3339(time ?? "");
  if (Number.isNaN(at) || !(ACTIONS as readonly string[]).includes(action ?? "") || rest.length > 0) {
    throw new InvalidArgumentError(
      `expected <RFC 3339 time>,<${ACTIONS.join("|")}>[,<+E.164 or phone-number id>] such as 2026-09-01T00:00:00Z,claim,+18005550123, got "${value}"`,
    );
  }
  const who =
    number === undefined || number === ""
      ? {}
      : number.startsWith("+")
        ? { phoneNumber: number }
        : { phoneNumberId: number };
  return [...acc, { at: time!, action: action as SeedEvent["action"], ...who }];
}

/**
 * Where seeded history goes from CloudTrail: `ledger sync` imports what CloudTrail still shows (cloudTrailSpan, at the
 * emulator's clock); an older event no sync ever sees, and only a history file makes the gates count it.
 */
function eventsLine(events: NonNullable<SeedRequest["events"]>, now: number): string {
  const reach = cloudTrailSpan(now).from;
  const older = events.filter((e) => (typeof e.at === "number" ? e.at : parseRfc3339(e.at)) < reach).length;
  const within = events.length - older;
  const said = [`events: ${events.length} in CloudTrail`];
  if (within > 0)
    said.push(`run \`connect-numbers ledger sync\` so the ledger counts the ${within} within CloudTrail's 90 days`);
  if (older > 0)
    said.push(
      `${older} older than CloudTrail's 90 days no sync can see: list them in a history file (JSON Lines, docs/pack.md#history-files) ` +
        "and give it to `connect-numbers check --history FILE` and the provider's connect-numbers:historyFiles",
    );
  return said.join("; ");
}

function tag(value: string, acc: Record<string, string>): Record<string, string> {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, got "${value}"`);
  return { ...acc, [value.slice(0, eq)]: value.slice(eq + 1) };
}

function count(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  return Number(value);
}

interface SeedOptions {
  endpoint?: string;
  region?: string;
  account?: string;
  number: string[];
  count?: number;
  country?: string;
  type?: string;
  target?: string;
  description?: string;
  tag: Record<string, string>;
  event: SeedEvent[];
  json?: string;
}

function requestOf(o: SeedOptions): SeedRequest {
  const fromFile: SeedRequest =
    o.json === undefined ? {} : (JSON.parse(fs.readFileSync(o.json === "-" ? 0 : o.json, "utf8")) as SeedRequest);
  const shape = {
    countryCode: o.country,
    type: o.type,
    targetArn: o.target,
    description: o.description,
    tags: Object.keys(o.tag).length > 0 ? o.tag : undefined,
  };
  const numbers = o.number.map((phoneNumber) => ({ ...shape, phoneNumber }));
  // --count draws from the pool with the first spec as its template: with no --number, the shape alone.
  const template = numbers.length === 0 && o.count ? [shape] : [];
  return {
    ...fromFile,
    ...(o.account ? { accountId: o.account } : {}),
    ...(o.region ? { region: o.region } : {}),
    numbers: [...(fromFile.numbers ?? []), ...numbers, ...template],
    ...(o.count ? { count: (fromFile.count ?? 0) + o.count - template.length } : {}),
    events: [...(fromFile.events ?? []), ...o.event],
  };
}

export function emulatorSeedCommand(): Command {
  return addStackOption(new Command("seed"))
    .description(
      "give a running emulator numbers the account held before (claimed, outside any window) and history events (CloudTrail)",
    )
    .option("--endpoint <url>", "the emulator (else stack config connect-numbers:endpoint)")
    .option("--region <region>", "the region seeded (else connect-numbers:region, else the emulator's)")
    .option("--account <id>", "the account seeded (else the emulator's)")
    .option(
      "--number <e164>",
      "a number held from before (repeatable)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option(
      "--count <n>",
      "how many numbers the account holds from before besides each --number: n more, taken from the emulator's pool " +
        "of available numbers with --country, --type and --target; not claims and not history (they count no churn): " +
        "--event adds history",
      count,
    )
    .option("--country <iso>", "country of the numbers seeded (default US)")
    .option("--type <type>", "type of the numbers seeded: DID, TOLL_FREE, … (default DID)")
    .option("--target <arn>", "instance or traffic distribution group they route to (default the seeded instance)")
    .option("--description <text>", "their description")
    .option("--tag <key=value>", "a tag on them (repeatable)", tag, {} as Record<string, string>)
    .option(
      "--event <time,action[,number]>",
      "a claim, release or import in the account's history, e.g. 2026-09-01T00:00:00Z,release,+18005550123 (repeatable)",
      seedEvent,
      [] as SeedEvent[],
    )
    .option(
      "--json <file>",
      "a whole seed request (POST /_emulator/seed's body: numbers, count, events, targets, takenElsewhere); - for standard input",
    )
    .addHelpText(
      "after",
      "\nSeeded history is in the emulator's CloudTrail: run `connect-numbers ledger sync` afterwards so the churn ledger counts it " +
        "(a guard reads CloudTrail only since the ledger's last sync); events older than CloudTrail's 90 days no sync sees: " +
        "give them in a history file (`check --history FILE`, connect-numbers:historyFiles).\nSMS numbers: POST <endpoint>/_emulator/sms/seed (docs/emulator.md).",
    )
    .action(async (o: SeedOptions) => {
      if (!o.endpoint)
        throw usageError(
          "give --endpoint <the emulator's endpoint>, or run in the Pulumi project whose connect-numbers:endpoint names it",
        );
      const request = requestOf(o);
      const { EmulatorControl } = loadEmulator();
      const control = new EmulatorControl(o.endpoint);
      const seeded = await control.seed(request);
      const lines = [
        ...seeded.numbers.map((n) => `number: ${n.phoneNumber} ${n.phoneNumberId}`),
        ...seeded.targets.map((arn) => `target: ${arn}`),
        ...(request.events?.length ? [eventsLine(request.events, Date.parse((await control.info()).now))] : []),
      ];
      console.log(lines.length > 0 ? lines.join("\n") : "nothing to seed: give --number, --count, --event or --json");
    });
}
