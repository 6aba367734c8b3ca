import { RunningEmulator, startEmulator } from "../../emulator";
import { cli, tempDir } from "./cli-helpers";

/**
 * An AWS endpoint that is slow, or takes a connection and never answers: `check --cloudtrail` names the call it
 * waits on instead of sitting silent, and gives up after the request timeout and the SDK's retries with one line
 * and exit 3 (the account could not be read, so the plan cannot be judged). Through the real binary, output piped.
 */
const TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";

describe("check against a slow or silent AWS", () => {
  let emu: RunningEmulator;
  let t: ReturnType<typeof tempDir>;
  beforeEach(async () => {
    emu = await startEmulator({ quota: 5 });
    t = tempDir("cn-cli-slow-");
  });
  afterEach(async () => {
    await emu.stop();
    t.cleanup();
  });

  const plan = async () => {
    const [instance] = (await emu.control.info()).instances;
    const urn = `urn:pulumi:dev::p::${TYPE}::n0`;
    const steps = [
      {
        op: "create",
        urn,
        newState: { urn, type: TYPE, inputs: { countryCode: "US", type: "DID", targetArn: instance } },
      },
    ];
    return t.write("plan.json", JSON.stringify({ steps, changeSummary: { create: 1 } }));
  };
  const aws = () => ["--endpoint", emu.endpoint, "--region", emu.region];
  const run = (args: string[], env: NodeJS.ProcessEnv) =>
    cli(args, { env: { CONNECT_NUMBERS_LEDGER: "", XDG_STATE_HOME: t.dir, GITHUB_ACTIONS: "", ...env } });
  const check = async (env: NodeJS.ProcessEnv, ledger = ["--ledger", "off"]) =>
    run(["check", await plan(), "--cloudtrail", ...aws(), ...ledger, "--unseen-history", "warn"], env);
  /** The final line when CloudTrail's LookupEvents never answers within 1 s: the call, the fix, no permission. */
  const unansweredLookup =
    /^connect-numbers: AWS did not answer CloudTrail LookupEvents within 1 s, on each of up to 6 attempts: check the endpoint and this machine's network, or give AWS longer \(CONNECT_NUMBERS_REQUEST_TIMEOUT_SECONDS=<seconds>\), so this command cannot judge$/;

  it("says once which call it waits on while CloudTrail is slow, then judges as usual", async () => {
    await emu.control.fault({ operation: "LookupEvents", kind: "latency", latencyMs: 12_000, count: 1 });
    const r = await check({});
    expect(r.code).toBe(0);
    const waits = r.stderr.split("\n").filter((l) => l.includes("waiting for"));
    expect(waits).toEqual([
      expect.stringMatching(
        /^connect-numbers: waiting for CloudTrail LookupEvents: 1\d s so far, attempt 1 of up to 6 \(each times out after 30 s\)$/,
      ),
    ]);
  });

  it("gives up on a CloudTrail that never answers: exit 3, one line naming the fix", async () => {
    await emu.control.fault({ operation: "LookupEvents", kind: "latency", latencyMs: 600_000 });
    const r = await check({ CONNECT_NUMBERS_REQUEST_TIMEOUT_SECONDS: "1" });
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 3, stdout: "" });
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(unansweredLookup)]);
  });

  it("a ledger's read of CloudTrail since its last sync that never answers names that call, not the ledger", async () => {
    // The team's ledger on the emulator's DynamoDB, as CONNECT_NUMBERS_LEDGER names it for every face.
    const env = {
      CONNECT_NUMBERS_LEDGER: "dynamodb:connect-numbers-ledger",
      CONNECT_NUMBERS_REQUEST_TIMEOUT_SECONDS: "1",
    };
    const init = await run(["ledger", "init", ...aws()], env);
    expect({ code: init.code, stderr: init.stderr }).toEqual({ code: 0, stderr: "" });
    await emu.control.fault({ operation: "LookupEvents", kind: "latency", latencyMs: 600_000 });
    const r = await check(env, []);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 3, stdout: "" });
    // It said "ledger dynamodb:connect-numbers-ledger cannot be read: @smithy/node-http-handler - [ERROR] …", no fix.
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(unansweredLookup);
  });
});
