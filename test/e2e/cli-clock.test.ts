import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunningEmulator, startEmulator } from "../../emulator";
import { REPO_ROOT, runProcess } from "../../scripts/pulumi-workspace";

const BIN = path.join(REPO_ROOT, "bin/connect-numbers");

/** `ledger status`, `history` and `check` end the window at one instant: the service's clock, not this machine's. */
describe("one clock for every command that reads the account", () => {
  let emu: RunningEmulator;
  let dir: string;
  beforeAll(async () => {
    emu = await startEmulator({ quota: 20, claimDelayMs: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-clock-"));
  });
  afterAll(async () => {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = async (args: string[]) => {
    const r = await runProcess(BIN, [...args, "--ledger", "dynamodb:team-ledger", "--endpoint", emu.endpoint], {
      env: { ...process.env, CONNECT_NUMBERS_LEDGER: "", XDG_STATE_HOME: dir, GITHUB_ACTIONS: "" },
    });
    if (r.code !== 0) throw new Error(`connect-numbers ${args.join(" ")} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };

  it("ledger status, history --cloudtrail and check of the DynamoDB ledger say the emulator's now, 30 days ahead", async () => {
    await emu.control.clock({ advanceDays: 30 });
    const ahead = (await emu.control.clock()).ms;
    await run(["ledger", "init", "--region", "us-east-1", "--account", "123456789012"]);
    const status = JSON.parse(await run(["ledger", "status", "--region", "us-east-1", "--format", "json"]));
    const history = JSON.parse(
      await run(["history", "--cloudtrail", "--region", "us-east-1", "--unseen-history", "warn", "--format", "json"]),
    );
    // check reads the service's ledger without --cloudtrail too: the same clock ends its window.
    const check = JSON.parse(
      await run([
        "check",
        path.join(REPO_ROOT, "test/fixtures/pulumi-preview-create.json"),
        "--quota",
        "20",
        "--region",
        "us-east-1",
        "--unseen-history",
        "warn",
        "--format",
        "json",
      ]),
    );
    for (const now of [status.now, history.now, check.now]) {
      expect(Date.parse(now)).toBeGreaterThanOrEqual(ahead);
      expect(Date.parse(now) - ahead).toBeLessThan(60_000);
    }
  });
});
