import * as yaml from "js-yaml";
import * as fs from "node:fs";
import * as path from "node:path";
import { DAY_MS } from "../../core";
import { RunningEmulator, startEmulator } from "../../emulator";
import { PulumiWorkspace, REPO_ROOT, RunResult } from "../../scripts/pulumi-workspace";

/** The policy pack, run from the repository as a user runs it (`--policy-pack`). */
export const PACK = path.join(REPO_ROOT, "policies");

/**
 * One workspace of the `numbers` program and one emulator for a whole file of cases; each case gets a fresh stack, a
 * fresh account (the emulator reset), its own per-user churn ledger and its own history file, so no case sees
 * another's churn. The stack and its config are written as files directly (initStack, declare): a `pulumi stack
 * init` or `config set` costs a CLI start each.
 */

const TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";
/** The pack's policies that read the shared settings (policies/policies.ts). */
const POLICIES = [
  "connect-phone-number-churn",
  "connect-phone-number-rename",
  "connect-phone-number-report",
  "connect-phone-number-deletion-protection",
  "sms-origination-number-release-refused",
];

/** Where a user names a release on purpose: the stack's config, the pack's policy config, check's flag. */
export type AllowancePlace = "stack" | "pack" | "check";

export interface CaseStack {
  name: string;
  emu: RunningEmulator;
  /** The stack's environment: its own per-user ledger (XDG_STATE_HOME). */
  env: NodeJS.ProcessEnv;
  /** The empty history file the stack's config names: the emulator's account had no churn before. */
  history: string;
  urn(resource: string): string;
  declare(numbers: Array<Record<string, unknown>>): void;
  /** Sets `connect-numbers:<key>` in the stack's config (as `pulumi config set` stores it: a string). */
  configure(settings: Record<string, string>): void;
  /** The program's directory: a command run here reads the stack's settings, as a user's in the project does. */
  projectDir: string;
  /** The PhoneNumberSets the program declares (the `sets` program only). */
  declareSets(sets: Array<Record<string, unknown>>): void;
  /**
   * Releases named on purpose, as a user names them to each face: the stack's connect-numbers:allowReleases (the
   * provider's, which check and plan-waves in the project and the pack read too), the pack's policy config
   * allowReleases, and check's and plan-waves' --allow-release (allowArgs). `to` gives them to those places only.
   */
  allowReleases(entries: string[], to?: readonly AllowancePlace[]): void;
  allowArgs(): string[];
  pulumi(args: string[]): Promise<RunResult>;
  /** `--policy-pack` and its (empty) config: the pack reads the stack's connect-numbers settings. */
  packArgs(): string[];
}

export class CaseWorkspace {
  private count = 0;

  private constructor(
    readonly emu: RunningEmulator,
    readonly ws: PulumiWorkspace,
    /** The program's project name: its config keys' namespace. */
    readonly project: string,
  ) {}

  /** The `numbers` program (PhoneNumbers), or the `sets` program (PhoneNumbers and PhoneNumberSets). */
  static async open(program: "numbers" | "sets" = "numbers"): Promise<CaseWorkspace> {
    const emu = await startEmulator({ claimDelayMs: 50, quota: 20 });
    const ws = await PulumiWorkspace.create(`test/e2e/programs/${program}`, {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    });
    return new CaseWorkspace(emu, ws, program);
  }

  async stack(options: { quota?: number } = {}): Promise<CaseStack> {
    const name = `case${++this.count}`;
    await this.emu.control.reset({ claimDelayMs: 50, quota: options.quota ?? 20 });
    const info = await this.emu.control.info();
    const west = (await (await fetch(`${this.emu.endpoint}/_emulator/info?region=us-west-2`)).json()) as {
      instances: string[];
      trafficDistributionGroups: string[];
    };
    const dir = path.join(this.ws.root, name);
    fs.mkdirSync(dir);
    const history = path.join(dir, "churn-history.jsonl");
    fs.writeFileSync(history, "");
    const env = { ...this.ws.env, XDG_STATE_HOME: path.join(dir, "state-home") };
    const ws = this.ws;
    const run = (args: string[]) =>
      ws.pulumi([...args, "--stack", name], undefined, { XDG_STATE_HOME: env.XDG_STATE_HOME });
    const file = this.initStack(name);
    const config: Record<string, string> = {
      "connect-numbers:historyFiles": history,
      "connect-numbers:endpoint": this.emu.endpoint,
      "connect-numbers:region": this.emu.region,
      [`${this.project}:instanceArn`]: info.instances[0],
      [`${this.project}:tdgArn`]: info.trafficDistributionGroups[0],
      [`${this.project}:instanceArnWest`]: west.instances[0],
      [`${this.project}:tdgArnWest`]: west.trafficDistributionGroups[0],
      [`${this.project}:numbers`]: "[]",
    };
    const write = () => {
      const doc = (fs.existsSync(file) ? yaml.load(fs.readFileSync(file, "utf8")) : {}) as Record<string, unknown>;
      fs.writeFileSync(file, yaml.dump({ ...doc, config }));
    };
    write();
    const packConfig = path.join(dir, "policy-config.json");
    fs.writeFileSync(packConfig, "{}");
    let allowed: string[] = [];
    return {
      name,
      emu: this.emu,
      env,
      history,
      urn: (resource) => `urn:pulumi:${name}::${this.project}::${TYPE}::${resource}`,
      declare: (numbers) => {
        config[`${this.project}:numbers`] = JSON.stringify(numbers);
        write();
      },
      configure: (settings) => {
        for (const [key, value] of Object.entries(settings)) config[`connect-numbers:${key}`] = value;
        write();
      },
      projectDir: this.ws.programDir,
      declareSets: (sets) => {
        config[`${this.project}:sets`] = JSON.stringify(sets);
        write();
      },
      allowReleases: (entries, to = ["stack", "pack", "check"]) => {
        allowed = to.includes("check") ? entries : [];
        if (to.includes("stack")) config["connect-numbers:allowReleases"] = JSON.stringify(entries);
        else delete config["connect-numbers:allowReleases"];
        write();
        const settings = { allowReleases: to.includes("pack") ? entries : [] };
        fs.writeFileSync(packConfig, JSON.stringify(Object.fromEntries(POLICIES.map((p) => [p, settings]))));
      },
      allowArgs: () => allowed.flatMap((a) => ["--allow-release", a]),
      pulumi: run,
      packArgs: () => ["--policy-pack", PACK, "--policy-pack-config", packConfig],
    };
  }

  /**
   * The stack `pulumi stack init <name>` would make, as a copy of the workspace's `dev` (made by that command): its
   * file-backend checkpoint under the new name, and the passphrase salt in its stack file. A `stack init` per case
   * cost a CLI start (0.4-0.9 s of CPU). Returns the stack file.
   */
  private initStack(name: string): string {
    const stacks = path.join(this.ws.root, "state", ".pulumi", "stacks", this.project);
    const dev = JSON.parse(fs.readFileSync(path.join(stacks, "dev.json"), "utf8")) as { checkpoint: { stack: string } };
    dev.checkpoint.stack = dev.checkpoint.stack.replace(/\/dev$/, `/${name}`);
    fs.writeFileSync(path.join(stacks, `${name}.json`), JSON.stringify(dev));
    const { encryptionsalt } = yaml.load(fs.readFileSync(path.join(this.ws.programDir, "Pulumi.dev.yaml"), "utf8")) as {
      encryptionsalt: string;
    };
    const file = path.join(this.ws.programDir, `Pulumi.${name}.yaml`);
    fs.writeFileSync(file, yaml.dump({ encryptionsalt }));
    return file;
  }

  async close(): Promise<void> {
    this.ws.cleanup();
    await this.emu.stop();
  }
}

/** A PhoneNumberSet of the `sets` program: US DID numbers on the instance, named "pool" unless `extra` says. */
export const pool = (extra: Record<string, unknown> = {}) => ({
  name: "pool",
  target: "instance",
  countryCode: "US",
  type: "DID",
  ...extra,
});

/** `pulumi up --skip-preview`: what the Automation API runs, which no gate sees. */
export const up = (s: CaseStack) => s.pulumi(["up", "--yes", "--non-interactive", "--skip-preview"]);

/** A stack output, parsed. */
export const outputs = async (s: CaseStack, name: string) =>
  JSON.parse((await s.pulumi(["stack", "output", name, "--json"])).stdout) as Record<string, unknown>;

/** The numbers a set the program declares holds (its `sets` output), sorted; none when it is not declared. */
export const setNumbers = async (s: CaseStack, name = "pool") =>
  (((await outputs(s, "sets"))[name] ?? []) as Array<{ phoneNumber: string }>).map((n) => n.phoneNumber).sort();

/** `count` releases in the account's history, one a day from 10 days ago: that much of the budget already spent. */
export const spent = (s: CaseStack, count: number) =>
  s.emu.control.seed({
    events: Array.from({ length: count }, (_, i) => ({
      at: Date.now() - (10 + i) * DAY_MS,
      action: "release" as const,
    })),
  });
