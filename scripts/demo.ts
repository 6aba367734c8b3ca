/**
 * `npm run demo`: the five-minute tour, with no AWS account and no network. Each step says what it proves.
 */
import * as path from "node:path";
import { startEmulator } from "../emulator";
import { exampleWorkspace } from "./example-workspace";
import { PulumiWorkspace, REPO_ROOT, RunResult, runProcess } from "./pulumi-workspace";

const BIN = path.join(REPO_ROOT, "bin/connect-numbers");
const LEDGER = "dynamodb:connect-numbers-ledger";
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
let stepNo = 0;

function step(title: string, proves: string): void {
  stepNo++;
  console.log(`\n${bold(`── ${stepNo}. ${title}`)}\n   proves: ${proves}\n`);
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((l) => `   │ ${l}`)
    .join("\n");
}

function must(result: RunResult, expectOk: boolean, what: string): RunResult {
  if ((result.code === 0) !== expectOk) {
    console.log(indent(result.stdout + result.stderr));
    throw new Error(`${what}: expected ${expectOk ? "success" : "a rejection"}, got exit code ${result.code}`);
  }
  return result;
}

/** Says every 15 s that a step is still going, so a slow machine never looks stuck. */
async function withProgress<T>(label: string, work: Promise<T>): Promise<T> {
  const started = Date.now();
  const timer = setInterval(() => console.log(`   … ${label}: ${Math.round((Date.now() - started) / 1000)}s`), 15_000);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

/** Pulumi's progress on a phone number, as it happens ("+  …:PhoneNumber sales created (2s)" → "+ sales: created (2s)"). */
function numberProgress(line: string): void {
  const m =
    /^\s*([-+~]+)\s+\S+:PhoneNumber\s+(\S+)\s+((?:creat|updat|delet|replac)\w*(?: replacement)?)\s+\(([\d.]+s)\)/.exec(
      line,
    );
  if (m) console.log(`   │ ${m[1]} ${m[2]}: ${m[3]} (${m[4]})`);
}

function cli(args: string[], stdin: string): Promise<RunResult> {
  return runProcess(BIN, args, { env: { ...process.env, GITHUB_STEP_SUMMARY: "" }, input: stdin });
}

/** Moves the program to a stage of the demo and previews it with the policy pack: it passes or blocks as expected. */
async function previewStage(
  ws: PulumiWorkspace,
  pack: { dir: string; config?: unknown },
  stage: string,
  expectOk: boolean,
): Promise<RunResult> {
  await ws.setConfig({ stage });
  const preview = ws.preview({ policyPacks: [pack] });
  return must(await withProgress("pulumi preview with the policy pack", preview), expectOk, `the ${stage} preview`);
}

/** The policy section of a preview's output: what a person reads when CrossGuard says no. */
function policySection(output: string): string {
  const start = output.indexOf("Policies:");
  const end = output.indexOf("Diagnostics:", start);
  return start < 0 ? output : output.slice(start, end < 0 ? undefined : end);
}

async function main(): Promise<void> {
  step(
    "Start the Connect emulator",
    "the AWS SDK, Pulumi and the CLI all talk to a local Connect (quota 5 ⇒ 10 claims + releases per 180 days) and share one churn ledger on its DynamoDB",
  );
  const emu = await startEmulator({ quota: 5, windowDays: 180, claimDelayMs: 300 });
  let ws: PulumiWorkspace | undefined;
  let stackDir: string | undefined;
  try {
    const info = await emu.control.info();
    console.log(
      indent(
        `endpoint: ${emu.endpoint}\ninstance: ${info.instances[0]}\ntraffic distribution group: ${info.trafficDistributionGroups[0]}`,
      ),
    );
    // The team's churn ledger, on the emulator's own DynamoDB. CloudTrail keeps 90 of the window's 180 days; the
    // emulator's account had no claim or release before it started, which `ledger init --history-complete-since`
    // records once for the provider, the pack and the CLI alike (a real team records the instant its history files
    // or its first sync begin), and the first `ledger sync` joins CloudTrail's 90 days to it.
    const since = info.now;
    const init = await cli(
      [
        "ledger",
        "init",
        "--ledger",
        LEDGER,
        "--endpoint",
        emu.endpoint,
        "--region",
        emu.region,
        "--history-complete-since",
        since,
        "--by",
        "demo",
      ],
      "",
    );
    const sync =
      init.code === 0
        ? await cli(
            ["ledger", "sync", "--ledger", LEDGER, "--endpoint", emu.endpoint, "--region", emu.region, "--by", "demo"],
            "",
          )
        : init;
    if (sync.code !== 0)
      throw new Error(
        `connect-numbers ledger init and sync: exit ${sync.code}\n${init.stdout}${sync.stdout}${sync.stderr}`,
      );
    console.log(indent(init.stdout + sync.stdout));
    ws = await exampleWorkspace("contact-centre", emu, {
      config: { "connect-numbers:ledger": LEDGER, stage: "initial" },
    });
    stackDir = ws.root;
    const policyConfig = { "connect-phone-number-churn": { endpoint: emu.endpoint, region: emu.region } }; // the ledger: the stack's
    const pack = { dir: path.join(REPO_ROOT, "policies"), config: policyConfig };

    step(
      "pulumi up: examples/contact-centre",
      "numbers declared in code are claimed for real: a specific number, searched ones, one on a traffic distribution group",
    );
    must(await withProgress("pulumi up", ws.up(numberProgress)), true, "pulumi up");
    console.log(indent((await ws.pulumiOk(["stack", "output", "phoneNumbers", "--json"])).stdout));

    step(
      "A careless change, previewed with the policy pack",
      "CrossGuard rejects a rename without an alias, a prefix change that forces a new number and two removals: what, by how much, and when it frees up",
    );
    const rejected = await previewStage(ws, pack, "careless", false);
    console.log(indent(policySection(rejected.stdout)));

    step(
      "The same change as a pull-request comment, and a safe schedule",
      "`pulumi preview --json | connect-numbers check` sees every delete and replace; plan-waves will not schedule a change that throws a number away",
    );
    const { result: previewJson } = await withProgress(
      "pulumi preview --json",
      ws.previewJson({ extraArgs: ["--show-replacement-steps"] }),
    );
    const account = ["--cloudtrail", "--endpoint", emu.endpoint, "--region", emu.region, "--ledger", LEDGER];
    const comment = await cli(["check", "-", ...account, "--format", "markdown"], previewJson.stdout);
    if (comment.code !== 1)
      throw new Error(`connect-numbers check: expected exit 1 (over budget), got ${comment.code}\n${comment.stderr}`);
    console.log(indent(comment.stdout));
    console.log("");
    const waves = await cli(["plan-waves", "-", ...account], previewJson.stdout);
    console.log(indent(`plan-waves (exit ${waves.code}): ${(waves.stdout + waves.stderr).trim()}`));

    step(
      "The fixed change",
      "with an alias the rename keeps its number, the prefix stays, and one removal fits the budget: the pack lets it through",
    );
    const passed = await previewStage(ws, pack, "fixed", true);
    console.log(
      indent(
        passed.stdout
          .split("\n")
          .filter((l) => /Resources:|to delete|to update|unchanged|to create/.test(l))
          .join("\n"),
      ),
    );
    must(await withProgress("pulumi up", ws.up(numberProgress)), true, "pulumi up of the fixed change");
    const events = await emu.control.events();
    console.log(
      indent(`the emulator recorded ${events.length} claims and releases: ${events.map((e) => e.action).join(", ")}`),
    );

    step("Clean up", "nothing is left running");
  } finally {
    ws?.cleanup();
    await emu.stop();
  }
  console.log(indent(`emulator stopped, temporary stack ${stackDir ?? ""} removed`));
}

main().catch((err: unknown) => {
  console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
