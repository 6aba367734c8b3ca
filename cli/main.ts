import { Command, CommanderError } from "commander";
import {
  ENDPOINT_SETTING,
  credentialsSentence,
  isAccessDenied,
  isServiceFailure,
  isMissingCredentials,
  isUnanswered,
  isUnreachable,
  unansweredSentence,
  withUnreachableSentence,
} from "../aws/failure";
import { checkCommand } from "./commands/check";
import { emulatorCommand } from "./commands/emulator";
import { historyCommand } from "./commands/history";
import { ledgerCommand } from "./commands/ledger";
import { migrateCommand } from "./commands/migrate";
import { planWavesCommand } from "./commands/plan-waves";
import { EXIT, exitCodeOf } from "./errors";
import { isClosedReader } from "./output";
import { sayLongWaits } from "./slow-calls";
import { applyStackConfig, judgesAPlan } from "./stack-config";
import { packageVersion } from "./version";

export function buildProgram(): Command {
  const program = new Command("connect-numbers")
    .description("Amazon Connect phone numbers as code, within the claim/release churn quota")
    .version(packageVersion())
    .addCommand(checkCommand())
    .addCommand(planWavesCommand())
    .addCommand(historyCommand())
    .addCommand(emulatorCommand())
    .addCommand(ledgerCommand())
    .addCommand(migrateCommand())
    .addCommand(pulumiCommand())
    .hook("preAction", (_program, action) => {
      // A command judging a plan reads the settings of the plan's own stack, once it has read the plan.
      if (!judgesAPlan(action)) applyStackConfig(action);
    });
  // addCommand() does not pass these settings down: every command throws instead of exiting, so the one error
  // boundary below decides the exit code.
  const throwInsteadOfExit = (cmd: Command) => {
    cmd.exitOverride();
    cmd.configureOutput({ outputError: (text, write) => write(reasonAsSentence(text)) });
    cmd.commands.forEach(throwInsteadOfExit);
  };
  throwInsteadOfExit(program);
  return program;
}

/**
 * Commander says "option '--stack <name>' argument '' is invalid." and then the parser's reason: a sentence of its
 * own, so it starts with a capital whatever the parser wrote ("the stack name is empty" read as a fragment).
 */
function reasonAsSentence(text: string): string {
  return text.replace(/(is invalid\. )([a-z])/, (_, lead: string, first: string) => lead + first.toUpperCase());
}

/**
 * Listed for --help; bin/connect-numbers runs `pulumi …` itself before this parser sees it, so this action runs only
 * when main() is called directly.
 */
function pulumiCommand(): Command {
  return new Command("pulumi")
    .description(
      "run the Pulumi CLI on a program (`connect-numbers pulumi [--cwd DIR] up …`), inline where no Node.js language host is installed",
    )
    .argument("[args...]", "the pulumi command and its flags")
    .allowUnknownOption()
    .helpOption(false)
    .action(async (args: string[]) => {
      const { runPulumi } = await import("../scripts/pulumi-inline");
      process.exitCode = await runPulumi(args);
    });
}

/** A reader that stops early (`| head`) has all it wanted: the command still finishes and returns its own exit code. */
function ignoreClosedReader(stream: NodeJS.WriteStream): void {
  if (stream.listenerCount("error") > 0) return;
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (!isClosedReader(err)) throw err;
  });
}

/**
 * The SDK's errors that say what went wrong but not what to do (no credentials, nothing answering at the endpoint),
 * with the fix added, unless the message says it already.
 */
function namingTheFix(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (isMissingCredentials(err)) return `${message}: ${credentialsSentence(ENDPOINT_SETTING)}`;
  // The SDK's words ("a request has exceeded the configured 2000 ms requestTimeout.") name neither call nor fix.
  if (isUnanswered(err)) return `${unansweredSentence(err)}, so this command cannot judge`;
  if (isUnreachable(err) && !message.includes("cannot be reached"))
    return withUnreachableSentence(message, err, "--endpoint");
  if (isAccessDenied(err))
    return (
      `AWS refused a read this command needs (${message}), so it cannot judge: grant the identity it runs as the ` +
      "read permissions of docs/aws.md (cloudtrail:LookupEvents, servicequotas:GetServiceQuota, connect:ListPhoneNumbersV2, " +
      "connect:DescribePhoneNumber, tag:GetResources), or give what it reads instead (--quota, --history, --ledger)"
    );
  if (isServiceFailure(err)) return `AWS could not be read (${message}), so this command cannot judge: run it again`;
  return message;
}

/** The one error boundary: every failure becomes one readable line and a documented exit code. */
export async function main(argv: string[]): Promise<number> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  ignoreClosedReader(process.stdout);
  ignoreClosedReader(process.stderr);
  const stopSaying = sayLongWaits();
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help")
        return EXIT.ok;
      return EXIT.usage;
    }
    const code = exitCodeOf(err);
    if (code !== undefined) {
      console.error(`connect-numbers: ${namingTheFix(err)}`);
      return code;
    }
    console.error(`connect-numbers: ${namingTheFix(err)}`);
    // What AWS refused or failed to answer leaves the account unknown: input that cannot be judged (exit 3), not a
    // configuration mistake (no credentials, no endpoint: exit 2).
    return isServiceFailure(err) || isUnanswered(err) ? EXIT.unreadableInput : EXIT.usage;
  } finally {
    stopSaying();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
