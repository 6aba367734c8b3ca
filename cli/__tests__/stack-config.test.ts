import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Command } from "commander";
import { addGateOptions, addWindowOptions } from "../commands/options";
import { CliError } from "../errors";
import {
  StackConfig,
  applyStackConfig,
  applyStackConfigOfPlan,
  readStackConfig,
  settingOrigin,
  stackOfPlan,
} from "../stack-config";

/** `history`'s options, parsed from argv, then filled from a stack config as the CLI's preAction hook does. */
function parsed(argv: string[], values: Record<string, unknown>) {
  const cmd = addWindowOptions(new Command("history")).exitOverride();
  cmd.parse(argv, { from: "user" });
  const config: StackConfig = { stack: "dev", projectDir: "/work/project", values };
  let askedFor: string | undefined = "not asked";
  applyStackConfig(cmd, (stack) => {
    askedFor = stack;
    return config;
  });
  return { opts: cmd.opts(), source: (key: string) => cmd.getOptionValueSource(key), askedFor };
}

describe("the CLI's stack config", () => {
  it("fills what the command line left unset or at its default, parsed as the flag would be, and says it came from config", () => {
    const { opts, source, askedFor } = parsed([], {
      endpoint: "http://127.0.0.1:4566",
      region: "eu-west-2",
      ledger: "dynamodb:t",
      quota: "7",
      windowDays: 30,
      unseenHistory: "warn",
      historyFiles: ["churn.jsonl"],
    });
    expect(askedFor).toBeUndefined();
    expect(opts).toMatchObject({
      endpoint: "http://127.0.0.1:4566",
      region: "eu-west-2",
      ledger: "dynamodb:t",
      quota: 7,
      windowDays: 30,
      unseenHistory: "warn",
      history: ["/work/project/churn.jsonl"],
    });
    expect(["endpoint", "quota", "windowDays", "history"].map(source)).toEqual([
      "config",
      "config",
      "config",
      "config",
    ]);
    expect(source("ratioPercent")).toBe("default");
  });

  it("adds the stack's allowReleases (the provider's) to --allow-release instead of giving way to it", () => {
    const allowed = (argv: string[], values: Record<string, unknown>) => {
      const cmd = addGateOptions(addWindowOptions(new Command("check"))).exitOverride();
      cmd.parse(argv, { from: "user" });
      applyStackConfig(cmd, () => ({ stack: "dev", projectDir: "/work/project", values }));
      return { value: cmd.opts().allowRelease, source: cmd.getOptionValueSource("allowRelease") };
    };
    expect(allowed([], { allowReleases: ["sales", "+18005550100"] })).toEqual({
      value: ["sales", "+18005550100"],
      source: "config",
    });
    expect(allowed(["--allow-release", "support", "--allow-release", "sales"], { allowReleases: "sales" })).toEqual({
      value: ["support", "sales"],
      source: "cli",
    });
    expect(allowed([], {})).toEqual({ value: [], source: "default" });
    expect(() => allowed([], { allowReleases: "[1, 2]" })).toThrow(
      "stack config connect-numbers:allowReleases (stack dev) must be a JSON list of strings (numbers, ids or resource names)",
    );
  });

  it("names where a value came from as check's report states it: the stack config key and stack, or the flag", () => {
    const origin = (argv: string[]) => {
      const cmd = addWindowOptions(new Command("check")).exitOverride();
      cmd.parse(argv, { from: "user" });
      applyStackConfig(cmd, () => ({ stack: "dev", projectDir: "/work/project", values: { quota: "7" } }));
      return settingOrigin(cmd, "quota", "--quota");
    };
    expect(origin([])).toBe("stack config connect-numbers:quota (stack dev)");
    expect(origin(["--quota", "9"])).toBe("--quota");
  });

  it("lets every flag win over the stack, and reads the stack --stack names", () => {
    const { opts, source, askedFor } = parsed(
      ["--stack", "prod", "--region", "us-west-2", "--window-days", "180", "--history", "mine.jsonl"],
      { region: "eu-west-2", windowDays: 30, historyFiles: ["churn.jsonl"] },
    );
    expect(askedFor).toBe("prod");
    expect(opts).toMatchObject({ region: "us-west-2", windowDays: 180, history: ["mine.jsonl"] });
    expect(source("region")).toBe("cli");
  });

  it("refuses a config value the flag would refuse, naming the key and the stack", () => {
    expect(() => parsed([], { quota: "" })).toThrow(CliError);
    expect(() => parsed([], { quota: "" })).toThrow(
      'stack config connect-numbers:quota (stack dev): expected a whole number >= 0, got ""',
    );
    expect(() => parsed([], { unseenHistory: "maybe" })).toThrow(
      'stack config connect-numbers:unseenHistory (stack dev) is "maybe": expected one of refuse, warn',
    );
    expect(() => parsed([], { historyFiles: '["churn.jsonl", 3]' })).toThrow(
      "stack config connect-numbers:historyFiles (stack dev) must be a JSON list of strings (file paths)",
    );
  });

  it("reads historyFiles as the provider and the pack do: a plain string is a list of one (core/config-list.ts)", () => {
    expect(parsed([], { historyFiles: "churn.jsonl" }).opts).toMatchObject({ history: ["/work/project/churn.jsonl"] });
  });

  it("reads nothing for a command without --stack", () => {
    const cmd = new Command("emulator").option("--region <region>", "", "us-east-1");
    expect(
      applyStackConfig(cmd, () => ({ stack: "dev", projectDir: "/", values: { region: "eu-west-2" } })),
    ).toBeUndefined();
    expect(cmd.opts().region).toBe("us-east-1");
  });
});

describe("the stack a plan is judged with", () => {
  const urn = (stack: string, name: string) =>
    `urn:pulumi:${stack}::numbers::pulumi-nodejs:dynamic/connect:PhoneNumber::${name}`;

  it("is the stack its URNs name, and --stack may name it too, plain or fully qualified", () => {
    expect(stackOfPlan([urn("s2", "a"), urn("s2", "b")], undefined)).toBe("s2");
    expect(stackOfPlan([urn("s2", "a")], "s2")).toBe("s2");
    expect(stackOfPlan([urn("s2", "a")], "acme/numbers/s2")).toBe("s2");
    expect(stackOfPlan([urn("s2", "a")], "acme/s2")).toBe("s2");
  });

  it("refuses a fully qualified --stack of another project's stack of the same name, naming both projects", () => {
    const other = () => stackOfPlan([urn("dev", "a")], "acme/billing/dev");
    expect(other).toThrow(CliError);
    expect(other).toThrow(
      "--stack acme/billing/dev is not the stack this plan is of: its URNs name stack dev of project numbers (urn:pulumi:dev::numbers::…), and --stack names stack dev of project billing",
    );
    expect(other).toThrow(
      "Drop --stack (or give --stack acme/numbers/dev), or to judge billing/dev check its own plan",
    );
    expect(other).toThrow("in project billing's directory");
  });

  it("is --stack, or the selected stack (undefined), for a plan naming no stack (Terraform)", () => {
    expect(stackOfPlan(["aws_connect_phone_number.support"], "prod")).toBe("prod");
    expect(stackOfPlan([], undefined)).toBeUndefined();
  });

  it("refuses (exit 3) a --stack that is not the plan's, and a plan naming two stacks", () => {
    const disagree = () => stackOfPlan([urn("s2", "a")], "s3");
    expect(disagree).toThrow(CliError);
    expect(disagree).toThrow("--stack s3 is not the stack this plan is of: its URNs name stack s2");
    expect(() => stackOfPlan([urn("s2", "a")], "acme/numbers/s3")).toThrow("give --stack acme/numbers/s2");
    try {
      stackOfPlan([urn("s3", "a"), urn("s2", "b")], undefined);
      throw new Error("not refused");
    } catch (err) {
      expect((err as CliError).exitCode).toBe(3);
      expect((err as Error).message).toContain("the plan names 2 stacks in its URNs (s2, s3)");
    }
  });

  describe("in the directory of another project (breaker H5)", () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-project-"));
      fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: proj\nruntime: nodejs\n");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const judge = (project: string, argv: string[] = []) => {
      const cmd = addWindowOptions(new Command("check")).exitOverride();
      cmd.parse(argv, { from: "user" });
      let read = false;
      const config = () => {
        read = true;
        return { stack: "dev", projectDir: dir, values: { quota: "7" } };
      };
      const urns = [`urn:pulumi:dev::${project}::pulumi-nodejs:dynamic/connect:PhoneNumber::a`];
      return { run: () => applyStackConfigOfPlan(cmd, urns, config, path.join(dir, "sub")), read: () => read };
    };

    it("refuses (exit 3) before reading the directory's stack, naming both projects and the way out", () => {
      fs.mkdirSync(path.join(dir, "sub"));
      for (const argv of [[], ["--stack", "dev"]]) {
        const j = judge("other", argv);
        try {
          j.run();
          throw new Error("not refused");
        } catch (err) {
          expect((err as CliError).exitCode).toBe(3);
          expect((err as Error).message).toContain(
            `this plan is of project other (its URNs: urn:pulumi:dev::other::…), but ${dir} is project proj (its Pulumi.yaml)`,
          );
          expect((err as Error).message).toContain("Run the check in project other's directory");
          expect((err as Error).message).toContain("with the plan's settings as flags");
        }
        expect(j.read()).toBe(false);
      }
    });

    it("reads the stack of the plan's own project", () => {
      fs.mkdirSync(path.join(dir, "sub"));
      const j = judge("proj");
      expect(j.run()?.stack).toBe("dev");
      expect(j.read()).toBe(true);
    });
  });
});

describe("a stack that cannot be read", () => {
  it("refuses an empty --stack as a usage error, before asking Pulumi", () => {
    const cmd = addWindowOptions(new Command("history"))
      .exitOverride()
      .configureOutput({ writeErr: () => undefined });
    expect(() => cmd.parse(["--stack", ""], { from: "user" })).toThrow(/the stack name is empty.*pulumi stack ls/);
  });

  it("names the backend and `pulumi login <url>` when Pulumi cannot open it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-backend-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: shop\nruntime: nodejs\n");
    const backend = `file://${path.join(dir, "no-such-state")}`;
    const before = process.env.PULUMI_BACKEND_URL;
    process.env.PULUMI_BACKEND_URL = backend;
    try {
      let thrown: unknown;
      try {
        readStackConfig("dev", dir);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(CliError);
      expect((thrown as CliError).exitCode).toBe(2);
      expect((thrown as CliError).message).toContain(
        `${backend} (PULUMI_BACKEND_URL): log in to it with \`pulumi login ${backend}\``,
      );
    } finally {
      if (before === undefined) delete process.env.PULUMI_BACKEND_URL;
      else process.env.PULUMI_BACKEND_URL = before;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
