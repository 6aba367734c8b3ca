import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunningEmulator, startEmulator } from "../../emulator";
import { runProcess } from "../../scripts/pulumi-workspace";

const BIN = path.resolve(__dirname, "../../bin/connect-numbers");
const PLAN = path.resolve(__dirname, "../../test/fixtures/pulumi-preview-create.json");

/** An environment with no AWS credentials, region or ledger of this machine, and no call to instance metadata. */
function bareEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("AWS_") || key.startsWith("CONNECT_NUMBERS_")) delete env[key];
  return {
    ...env,
    AWS_CONFIG_FILE: path.join(dir, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "no-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    XDG_STATE_HOME: dir,
    GITHUB_ACTIONS: "",
  };
}

/** The failures a user meets before anything is judged: each names what is wrong and the fix, never the SDK alone. */
describe("the CLI's errors name the fix", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-errors-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = (args: string[]) => runProcess(BIN, args, { env: bareEnv(dir), cwd: dir });

  it("an endpoint nothing answers at: names it and says to start the emulator", async () => {
    const r = await run(["check", PLAN, "--cloudtrail", "--endpoint", "http://127.0.0.1:1", "--region", "us-east-1"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("the endpoint 127.0.0.1:1 cannot be reached (ECONNREFUSED)");
    expect(r.stderr).toContain("start the emulator (`connect-numbers emulator`)");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr.match(/ECONNREFUSED/g)).toHaveLength(1);
  });

  it("an empty --stack: the parser's reason starts its own sentence after Commander's", async () => {
    const r = await run(["check", PLAN, "--stack", ""]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("argument '' is invalid. The stack name is empty (an unset variable?)");
  });

  it("ledger sync without credentials: names the credentials fix, not --account", async () => {
    const r = await run([
      "ledger",
      "sync",
      "--ledger",
      `file:${path.join(dir, "ledger.json")}`,
      "--region",
      "us-east-1",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no AWS credentials were found. Against AWS: run `aws configure` or `aws sso login`");
    expect(r.stderr).toContain("Against the emulator: give its endpoint");
    expect(r.stderr).toContain("which needs no credentials");
    expect(r.stderr).not.toContain("--account");
  });

  it("ledger status of a ledger file that is not there: says so and how to create it, asking for no region", async () => {
    const file = path.join(dir, "missing.json");
    const r = await run(["ledger", "status", "--ledger", `file:${file}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`ledger file ${file} does not exist`);
    expect(r.stderr).toContain(`connect-numbers ledger init --ledger file:${file}`);
    expect(r.stderr).not.toContain("region");
  });
});

/** AWS answering a read with an error leaves the account unknown: exit 3 (cannot judge), naming the permissions. */
describe("the CLI when AWS refuses a read", () => {
  let emu: RunningEmulator;
  let dir: string;
  beforeAll(async () => {
    emu = await startEmulator({ claimDelayMs: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-denied-"));
  });
  afterAll(async () => {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(["LookupEvents", "GetServiceQuota"])("%s denied: exit 3 and the read permissions to grant", async (op) => {
    await emu.control.fault({ operation: op, kind: "access-denied", count: 100 });
    const r = await runProcess(
      BIN,
      ["check", PLAN, "--cloudtrail", "--ledger", "off", "--endpoint", emu.endpoint, "--region", "us-east-1"],
      { env: { ...bareEnv(dir), AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" }, cwd: dir },
    );
    await emu.control.clearFaults();
    expect({ code: r.code, lines: r.stderr.trim().split("\n").length }).toEqual({ code: 3, lines: 1 });
    expect(r.stderr).toContain("cannot judge: grant the identity it runs as the read permissions of docs/aws.md");
    expect(r.stderr).toContain("cloudtrail:LookupEvents, servicequotas:GetServiceQuota");
  });
});
