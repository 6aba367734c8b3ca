import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { findPulumi } from "../../scripts/pulumi-bin";
import { PulumiWorkspace, REPO_ROOT, RunResult } from "../../scripts/pulumi-workspace";
import { BIN, cli } from "./cli-helpers";
import { NumbersStack, numbersStack } from "./numbers-fixture";

jest.setTimeout(240_000);

const PACK = path.join(REPO_ROOT, "policies");
const lines = (r: RunResult) => `${r.stdout}\n${r.stderr}`.split("\n");
const count = (r: RunResult, pattern: RegExp) => lines(r).filter((l) => pattern.test(l)).length;
/** Against the emulator nothing needs credentials: none are configured here, and no instance metadata is asked. */
const NO_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
  AWS_CONFIG_FILE: "/nonexistent/config",
  AWS_EC2_METADATA_DISABLED: "true",
};

/** `connect-numbers emulator` as a person starts it, and everything it prints up to its last line. */
async function startEmulatorCli(args: string[]): Promise<{ child: ChildProcess; printed: string[] }> {
  const child = spawn(BIN, ["emulator", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...NO_CREDENTIALS },
  });
  const printed: string[] = [];
  for await (const line of readline.createInterface({ input: child.stdout! })) {
    printed.push(line);
    if (line.startsWith("Ctrl-C")) break;
  }
  child.stdout!.resume();
  return { child, printed };
}

/** The README's quick-start program, as a user pastes it into a new Pulumi TypeScript project. */
function quickStartProgram(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-quick-start-src-"));
  const program = /```ts\n([\s\S]*?)```/.exec(fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8"))![1];
  fs.writeFileSync(path.join(dir, "index.ts"), program);
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    "name: quick-start\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n",
  );
  return dir;
}

describe("the first ten minutes: emulator, paste, up", () => {
  let emulator: ChildProcess | undefined;
  let ws: PulumiWorkspace | undefined;
  let source: string | undefined;
  afterAll(async () => {
    ws?.cleanup();
    if (source) fs.rmSync(source, { recursive: true, force: true });
    if (emulator && emulator.exitCode === null) {
      const exited = new Promise((resolve) => emulator!.once("exit", resolve));
      emulator.kill("SIGTERM");
      await exited;
    }
  });

  it("claims the quick start's numbers after pasting the emulator's lines; check reads the stack; a protected number's refusal is said once", async () => {
    const started = await startEmulatorCli(["--claim-delay-ms", "0"]);
    emulator = started.child;
    const paste = started.printed.filter((l) => l.startsWith("pulumi config set "));
    // One block to paste: contiguous lines, the stack's endpoint, region, ledger and the program's instanceArn.
    const first = started.printed.indexOf(paste[0]);
    expect(started.printed.slice(first, first + paste.length)).toEqual(paste);
    expect(paste.map((l) => l.split(" ")[3])).toEqual([
      "connect-numbers:endpoint",
      "connect-numbers:region",
      "connect-numbers:ledger",
      "instanceArn",
    ]);
    expect(started.printed.join("\n")).toMatch(
      /^ledger: dynamodb:connect-numbers-ledger \(created; no claim or release before \S+, when the emulator started\)$/m,
    );

    source = quickStartProgram();
    ws = await PulumiWorkspace.create(source, NO_CREDENTIALS);
    for (const line of paste) await ws.pulumiOk(line.split(" ").slice(1));
    const up = await ws.pulumi(["up", "--yes", "--non-interactive"]);
    expect({ code: up.code, out: up.stdout }).toEqual({ code: 0, out: expect.stringContaining("+ 3 created") });
    const numbers = JSON.parse((await ws.pulumiOk(["stack", "output", "numbers", "--json"])).stdout);
    expect(numbers).toEqual({ support: "+18005550100", sales: expect.stringMatching(/^\+1212\d{7}$/) });

    // In the project, check takes endpoint, region and ledger from the stack: the ledger covers the whole window.
    const preview = await ws.pulumiOk(["preview", "--json", "--show-replacement-steps", "--non-interactive"]);
    const checked = await cli(["check", "--cloudtrail", "--format", "json"], {
      stdin: preview.stdout,
      cwd: ws.programDir,
      env: { ...ws.env, ...NO_CREDENTIALS },
    });
    expect({ code: checked.code, err: checked.stderr }).toEqual({ code: 0, err: "" });
    expect(JSON.parse(checked.stdout).history).toMatchObject({
      unseenDays: 0,
      coverage: expect.stringContaining("ledger DynamoDB table connect-numbers-ledger"),
    });
    // Outside the project there is no endpoint: that is real AWS, which needs credentials, and the error says how.
    const againstAws = await cli(["history", "--cloudtrail", "--region", "us-east-1"], {
      cwd: os.tmpdir(),
      env: { ...ws.env, ...NO_CREDENTIALS },
    });
    expect(againstAws.code).toBe(2);
    expect(againstAws.stderr).toContain("aws configure");

    // `support` has deletionProtection: the destroy is refused, the explanation and fix said once, with no trace.
    const destroy = await ws.pulumi(["destroy", "--yes", "--non-interactive"]);
    expect(destroy.code).not.toBe(0);
    expect(count(destroy, /retainOnDelete/)).toBe(1);
    expect(count(destroy, /node_modules|^\s+at /)).toBe(0);
    // Pulumi's progress rows (through a pipe) repeat only the refusal's first line, beside the resource's status.
    const headline = lines(destroy).filter((l) =>
      l.includes('PhoneNumber "support" (+18005550100) has deletionProtection'),
    );
    expect(headline.filter((l) => !/deleting|^\s+error: /.test(l))).toEqual([]);
    expect(headline.length).toBeLessThanOrEqual(3);
  });
});

describe("a preview with the pack, with the Pulumi CLI's directory on PATH", () => {
  let s: NumbersStack | undefined;
  afterEach(async () => s?.cleanup());

  it("warns about no plugin, and says the deletion-protection advisory and the planned churn once each, sorted", async () => {
    s = await numbersStack({ quota: 1 });
    const unprotected = (name: string) => ({ name, target: "instance", countryCode: "US", type: "DID" });
    await s.declare(["zulu", "alpha", "mike"].map(unprotected));
    const settings = {
      endpoint: s.emu.endpoint,
      region: "us-east-1",
      ledger: "off",
      historyFiles: [],
      unseenHistory: "warn",
    };
    const config = path.join(s.ws.root, "first-run-policy-config.json");
    fs.writeFileSync(
      config,
      JSON.stringify({
        "connect-phone-number-churn": settings,
        "connect-phone-number-report": settings,
        "connect-phone-number-rename": settings,
      }),
    );
    const withCliOnPath = { PATH: [findPulumi().binDir, process.env.PATH].join(path.delimiter) };
    const preview = await s.ws.pulumi(
      ["preview", "--non-interactive", "--policy-pack", PACK, "--policy-pack-config", config],
      undefined,
      withCliOnPath,
    );
    expect(preview.code).not.toBe(0); // three claims over a budget of two

    expect(count(preview, /from \$PATH/)).toBe(0);
    expect(count(preview, /connect-phone-number-deletion-protection/)).toBe(1);
    expect(count(preview, /Advises deletionProtection/)).toBe(1);
    const advisory = lines(preview)
      .filter((l) => /^\s+- (alpha|mike|zulu): deletionProtection$/.test(l))
      .map((l) => l.trim());
    expect(advisory).toEqual([
      "- alpha: deletionProtection",
      "- mike: deletionProtection",
      "- zulu: deletionProtection",
    ]);
    const planned = lines(preview)
      .filter((l) => /^\s+- claim by \S+::(alpha|mike|zulu) /.test(l))
      .map((l) => /::(\w+) /.exec(l)![1]);
    expect(planned).toEqual(["alpha", "mike", "zulu"]);
  });
});
