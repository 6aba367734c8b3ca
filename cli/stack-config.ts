import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { backendFix } from "../account/pulumi-backend";
import { releasesAllowed, stackConfigList } from "../core/config-list";
import { PROJECT_FILES, readProjectFile } from "../account/pulumi-project";
import { parseUrn } from "../core";
import { findPulumi } from "../scripts/pulumi-bin";
import { inputError, usageError } from "./errors";

/**
 * The CLI reads the settings a stack already holds (`connect-numbers:endpoint`, `:region`, `:ledger`, …) instead of
 * asking for them again as flags: run in a Pulumi project (the selected stack) or given --stack. A flag always wins.
 * Secret values are never read (Pulumi prints them without a value), and only `connect-numbers:*` keys are used.
 */

/** Stack config key (after `connect-numbers:`) → the option (commander attribute name) it fills. */
const CONFIG_OPTIONS: Record<string, string> = {
  endpoint: "endpoint",
  region: "region",
  ledger: "ledger",
  rateLimits: "rateLimits",
  unseenHistory: "unseenHistory",
  quota: "quota",
  windowDays: "windowDays",
  ratioPercent: "ratioPercent",
  reservePercent: "reservePercent",
  historyFiles: "history",
  allowReleases: "allowRelease",
};

/**
 * Keys whose stack value adds to the flag instead of giving way to it: the stack's allowReleases is the provider's,
 * so a release `pulumi up` makes on purpose is never blocked as unintended, whatever --allow-release adds
 * (core's releasesAllowed).
 */
const ADDED_TO_FLAG = new Set(["allowReleases"]);

export const STACK_CONFIG_KEYS = Object.keys(CONFIG_OPTIONS).map((k) => `connect-numbers:${k}`);

/** A backend that does not answer (no network, no login) must not hold the command up for long. */
const PULUMI_TIMEOUT_MS = 30_000;

export interface StackConfig {
  /** Which stack, and the project directory its relative paths (historyFiles) are read from. */
  stack: string;
  projectDir: string;
  /** Plain (non-secret) connect-numbers:* values, by key without the namespace. */
  values: Record<string, unknown>;
}

export function findProjectDir(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (PROJECT_FILES.some((f) => fs.existsSync(path.join(dir, f)))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

interface ConfigEntry {
  value?: string;
  objectValue?: unknown;
  secret?: boolean;
}

/** Who named the stack: the --stack flag, or the plan being judged (its URNs). */
export type StackNamedBy = "flag" | "plan";

/**
 * `pulumi config --json` of the stack (through the same CLI the `pulumi` passthrough runs). Undefined outside a
 * Pulumi project, or, unless a stack was named, when Pulumi cannot say (no stack selected, no CLI): the flags and
 * defaults then stand alone. A named stack that cannot be read is a usage error (exit 2), with Pulumi's reason; a
 * stack only the plan named is read where its project is at hand, as the selected one would be (a plan checked
 * outside its project, or where no Pulumi CLI is, keeps to the flags), but never swapped for another stack.
 */
export function readStackConfig(
  stack: string | undefined,
  cwd: string = process.cwd(),
  namedBy: StackNamedBy = "flag",
): StackConfig | undefined {
  const named = namedBy === "plan" ? `the plan's stack ${stack} (named by its URNs)` : `--stack ${stack}`;
  const strict = stack !== undefined && namedBy === "flag";
  const projectDir = findProjectDir(cwd);
  if (!projectDir) {
    if (strict)
      throw usageError(`--stack ${stack}: no Pulumi.yaml in ${cwd} or above it: run in the stack's project directory`);
    return undefined;
  }
  let binary: string;
  try {
    binary = findPulumi().binary;
  } catch (err) {
    if (strict) throw usageError(`--stack ${stack}: ${(err as Error).message}`);
    return undefined;
  }
  const args = ["config", "--json", "--non-interactive", ...(stack !== undefined ? ["--stack", stack] : [])];
  const run = spawnSync(binary, args, {
    cwd: projectDir,
    encoding: "utf8",
    timeout: PULUMI_TIMEOUT_MS,
    env: { PULUMI_SKIP_UPDATE_CHECK: "true", ...process.env },
  });
  if (run.status !== 0) {
    if (stack !== undefined) {
      const said = run.stderr.trim() || run.error?.message || `exit ${run.status}`;
      const backend = backendFix(said);
      throw usageError(
        `${named}: \`pulumi ${args.join(" ")}\` in ${projectDir} failed: ${said}` +
          (backend !== undefined
            ? `. ${backend}`
            : namedBy === "plan"
              ? `: run the check in the directory of the project whose stack ${stack} made the plan`
              : ""),
      );
    }
    return undefined;
  }
  const entries = JSON.parse(run.stdout) as Record<string, ConfigEntry>;
  const values: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(entries)) {
    if (!key.startsWith("connect-numbers:") || entry.secret || entry.value === undefined) continue;
    values[key.slice("connect-numbers:".length)] = entry.objectValue ?? entry.value;
  }
  return { stack: stack ?? selectedStack(binary, projectDir), projectDir, values };
}

function selectedStack(binary: string, projectDir: string): string {
  const run = spawnSync(binary, ["stack", "--show-name", "--non-interactive"], {
    cwd: projectDir,
    encoding: "utf8",
    timeout: PULUMI_TIMEOUT_MS,
    env: { PULUMI_SKIP_UPDATE_CHECK: "true", ...process.env },
  });
  return run.status === 0 ? run.stdout.trim() : "the selected stack";
}

/** The option every command that reads stack config takes. */
export function addStackOption(cmd: Command): Command {
  return cmd.option(
    "--stack <name>",
    `read connect-numbers:* settings from this stack's config (default: the selected stack, when run in a Pulumi project); a flag overrides each, but allowReleases adds to --allow-release. Keys read: ${STACK_CONFIG_KEYS.join(", ")}`,
    stackName,
  );
}

/** A stack's name as --stack gives it: an empty one (a variable that was not set) names no stack. */
export function stackName(value: string): string {
  const name = value.trim();
  if (name === "")
    throw new InvalidArgumentError(
      "the stack name is empty (an unset variable?): name a stack (`pulumi stack ls` lists them), or leave --stack out to use the selected one",
    );
  return name;
}

/**
 * Fills every option the command line left unset (or at its default) from the stack's config, marking its source
 * "config" so the command can say where a value came from. Values are parsed by the option's own parser, so a bad
 * config value is refused as the flag would be, naming the key.
 */
export function applyStackConfig(
  cmd: Command,
  read: typeof readStackConfig = readStackConfig,
): StackConfig | undefined {
  if (!cmd.options.some((o) => o.attributeName() === "stack")) return undefined;
  return applyConfig(cmd, read(cmd.getOptionValue("stack") as string | undefined));
}

/** The commands that judge a plan: they read stack settings once the plan has said whose it is. */
const PLAN_JUDGES = new WeakSet<Command>();

export function readsStackOfPlan(cmd: Command): Command {
  PLAN_JUDGES.add(cmd);
  return cmd;
}

export const judgesAPlan = (cmd: Command): boolean => PLAN_JUDGES.has(cmd);

/**
 * Whose settings judge a plan. A Pulumi plan names its stack in every URN (urn:pulumi:<stack>::<project>::…), and
 * only that stack's settings (its ratio, quota, ledger) are what `pulumi up` of it will be held to: the selected
 * stack may be another. A --stack that disagrees is refused (exit 3); a plan naming no stack (Terraform) is judged
 * by --stack or the selected stack, as before. Undefined: no stack named, the selected one applies.
 */
export function stackOfPlan(urns: Iterable<string>, flag: string | undefined): string | undefined {
  const named = [...urns].flatMap((u) => {
    const p = parseUrn(u);
    return p ? [{ stack: p.stack, project: p.project }] : [];
  });
  const stacks = [...new Set(named.map((n) => n.stack))].sort();
  if (stacks.length > 1)
    throw inputError(
      `the plan names ${stacks.length} stacks in its URNs (${stacks.join(", ")}): one preview is of one stack; check each stack's own plan`,
    );
  const [planStack] = stacks;
  if (planStack === undefined) return flag;
  if (flag === undefined) return planStack;
  const project = named[0].project;
  // --stack may be qualified: org/stack, or org/project/stack, whose project must be the plan's too.
  const parts = flag.split("/");
  const flagStack = parts[parts.length - 1];
  const flagProject = parts.length === 3 ? parts[1] : undefined;
  if (flagStack === planStack && (flagProject === undefined || flagProject === project)) return planStack;
  const own = flagProject === undefined ? planStack : `${parts[0]}/${project}/${planStack}`;
  const other = flagProject === undefined ? flag : `${flagProject}/${flagStack}`;
  throw inputError(
    `--stack ${flag} is not the stack this plan is of: its URNs name stack ${planStack} of project ${project} (urn:pulumi:${planStack}::${project}::…)` +
      `${flagProject === undefined ? "" : `, and --stack names stack ${flagStack} of project ${flagProject}`}; a plan is judged with its own stack's settings. ` +
      `Drop --stack (or give --stack ${own}), or to judge ${other} check its own plan: \`pulumi preview --stack ${flag} --json --show-replacement-steps\`` +
      `${flagProject === undefined || flagProject === project ? "" : ` in project ${flagProject}'s directory`}`,
  );
}

/**
 * Fills the command's unset options from the settings of the stack the plan is of (see stackOfPlan), read in the
 * plan's own project: a stack of the same name in the project of the directory is another stack, with its own
 * endpoint, ledger and quota.
 */
export function applyStackConfigOfPlan(
  cmd: Command,
  urns: Iterable<string>,
  read: typeof readStackConfig = readStackConfig,
  cwd: string = process.cwd(),
): StackConfig | undefined {
  const flag = cmd.getOptionValue("stack") as string | undefined;
  const named = [...urns];
  const stack = stackOfPlan(named, flag);
  refuseOtherProject(named, cwd);
  return applyConfig(cmd, read(stack, cwd, flag === undefined && stack !== undefined ? "plan" : "flag"));
}

/** Refuses (exit 3) a Pulumi plan of one project judged in the directory of another. */
function refuseOtherProject(urns: readonly string[], cwd: string): void {
  const plan = urns.map((u) => parseUrn(u)).find((p) => p !== undefined);
  const projectDir = findProjectDir(cwd);
  if (plan === undefined || projectDir === undefined) return;
  const planProject = plan.project;
  const dirProject = projectName(projectDir);
  if (dirProject === undefined || dirProject === planProject) return;
  throw inputError(
    `this plan is of project ${planProject} (its URNs: urn:pulumi:${plan.stack}::${planProject}::…), but ${projectDir} is project ${dirProject} (its Pulumi.yaml): ` +
      `${dirProject}'s stack settings (endpoint, ledger, quota) are not the plan's, so it is not judged with them. ` +
      `Run the check in project ${planProject}'s directory, or in a directory outside any Pulumi project with the plan's settings as flags (--endpoint, --region, --ledger, --quota, …)`,
  );
}

/** The `name:` of the project's Pulumi.yaml; undefined when it cannot be read (Pulumi then says why). */
function projectName(projectDir: string): string | undefined {
  const file = PROJECT_FILES.map((f) => path.join(projectDir, f)).find((at) => fs.existsSync(at));
  return file === undefined ? undefined : readProjectFile(file)?.name;
}

/** The stack config each command's options were filled from: what settingOrigin names. */
const APPLIED = new WeakMap<Command, StackConfig>();

/**
 * The stack's connect-numbers:allowReleases, the one list the provider reads (core/connect/stack-allowance.ts):
 * undefined when no stack's config was read (check outside the project, without --stack).
 */
export function stackAllowReleases(config: StackConfig | undefined): string[] | undefined {
  if (!config) return undefined;
  const raw = config.values.allowReleases;
  if (raw === undefined) return [];
  const read = stackConfigList(raw);
  return read.ok ? read.value : [];
}

/**
 * Where an option's value came from, in the words a report states it with: the flag (`--quota`), or the stack
 * config key that gave it ("stack config connect-numbers:quota (stack dev)").
 */
export function settingOrigin(cmd: Command, attribute: string, flag: string): string {
  const config = APPLIED.get(cmd);
  const key = Object.keys(CONFIG_OPTIONS).find((k) => CONFIG_OPTIONS[k] === attribute);
  if (config === undefined || key === undefined || cmd.getOptionValueSource(attribute) !== "config") return flag;
  return `stack config connect-numbers:${key} (stack ${config.stack})`;
}

function applyConfig(cmd: Command, config: StackConfig | undefined): StackConfig | undefined {
  if (!config) return undefined;
  APPLIED.set(cmd, config);
  for (const [key, attribute] of Object.entries(CONFIG_OPTIONS)) {
    const option = cmd.options.find((o) => o.attributeName() === attribute);
    const raw = config.values[key];
    if (!option || raw === undefined) continue;
    const source = cmd.getOptionValueSource(attribute);
    const fromFlag = source !== undefined && source !== "default";
    if (ADDED_TO_FLAG.has(key)) {
      const own = (cmd.getOptionValue(attribute) as string[] | undefined) ?? [];
      const value = releasesAllowed(own, parsed(option, key, raw, config) as string[]);
      cmd.setOptionValueWithSource(attribute, value, fromFlag ? source : "config");
      continue;
    }
    if (fromFlag) continue;
    cmd.setOptionValueWithSource(attribute, parsed(option, key, raw, config), "config");
  }
  return config;
}

function parsed(option: Command["options"][number], key: string, raw: unknown, config: StackConfig): unknown {
  const where = `stack config connect-numbers:${key} (stack ${config.stack})`;
  if (key === "historyFiles") {
    const read = stackConfigList(raw);
    if (!read.ok) throw usageError(`${where} ${read.problem} (file paths)`);
    return read.value.map((f) => path.resolve(config.projectDir, f));
  }
  if (key === "allowReleases") {
    const read = stackConfigList(raw);
    if (!read.ok) throw usageError(`${where} ${read.problem} (numbers, ids or resource names)`);
    return read.value;
  }
  const text = typeof raw === "string" ? raw : JSON.stringify(raw);
  if (option.argChoices && !option.argChoices.includes(text))
    throw usageError(`${where} is "${text}": expected one of ${option.argChoices.join(", ")}`);
  if (!option.parseArg) return text;
  try {
    return option.parseArg(text, undefined);
  } catch (err) {
    throw usageError(`${where}: ${(err as Error).message}`);
  }
}
