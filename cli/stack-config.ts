import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import { findPulumi } from "../scripts/pulumi-bin";
import { usageError } from "./errors";

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
};

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
    if (["Pulumi.yaml", "Pulumi.yml"].some((f) => fs.existsSync(path.join(dir, f)))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

interface ConfigEntry {
  value?: string;
  objectValue?: unknown;
  secret?: boolean;
}

/**
 * `pulumi config --json` of the stack (through the same CLI the `pulumi` passthrough runs). Undefined outside a
 * Pulumi project, or, unless a stack was named, when Pulumi cannot say (no stack selected, no CLI): the flags and
 * defaults then stand alone. A named stack that cannot be read is a usage error (exit 2), with Pulumi's reason.
 */
export function readStackConfig(stack: string | undefined, cwd: string = process.cwd()): StackConfig | undefined {
  const projectDir = findProjectDir(cwd);
  if (!projectDir) {
    if (stack !== undefined)
      throw usageError(`--stack ${stack}: no Pulumi.yaml in ${cwd} or above it: run in the stack's project directory`);
    return undefined;
  }
  let binary: string;
  try {
    binary = findPulumi().binary;
  } catch (err) {
    if (stack !== undefined) throw usageError(`--stack ${stack}: ${(err as Error).message}`);
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
    if (stack !== undefined)
      throw usageError(
        `--stack ${stack}: \`pulumi ${args.join(" ")}\` in ${projectDir} failed: ${run.stderr.trim() || run.error?.message}`,
      );
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
    `read connect-numbers:* settings from this stack's config (default: the selected stack, when run in a Pulumi project); a flag overrides each. Keys read: ${STACK_CONFIG_KEYS.join(", ")}`,
  );
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
  const config = read(cmd.getOptionValue("stack") as string | undefined);
  if (!config) return undefined;
  for (const [key, attribute] of Object.entries(CONFIG_OPTIONS)) {
    const option = cmd.options.find((o) => o.attributeName() === attribute);
    const raw = config.values[key];
    if (!option || raw === undefined) continue;
    const source = cmd.getOptionValueSource(attribute);
    if (source !== undefined && source !== "default") continue;
    cmd.setOptionValueWithSource(attribute, parsed(option, key, raw, config), "config");
  }
  return config;
}

function parsed(option: Command["options"][number], key: string, raw: unknown, config: StackConfig): unknown {
  const where = `stack config connect-numbers:${key} (stack ${config.stack})`;
  if (key === "historyFiles") {
    if (!Array.isArray(raw) || raw.some((f) => typeof f !== "string"))
      throw usageError(`${where} must be a list of file paths`);
    return (raw as string[]).map((f) => path.resolve(config.projectDir, f));
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
