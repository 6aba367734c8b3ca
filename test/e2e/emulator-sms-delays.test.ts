/**
 * `connect-numbers emulator` as a person starts it: a toll-free or 10DLC SMS number settles in seconds (AWS takes
 * days to weeks to review their registration), so the README's SMS example finishes; --sms-pending-seconds sets
 * the delay and --aws-like-delays keeps AWS's days (past which the control API's clock advances).
 */
import { ChildProcess, spawn } from "node:child_process";
import * as readline from "node:readline";
import { SmsControl } from "../../emulator";
import { BIN, cli } from "./cli-helpers";

const DAY_MS = 86_400_000;

async function pendingMs(args: string[]): Promise<{ TOLL_FREE: number; TEN_DLC: number; LONG_CODE: number }> {
  const child: ChildProcess = spawn(BIN, ["emulator", "--no-ledger-table", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    let endpoint = "";
    for await (const line of readline.createInterface({ input: child.stdout! })) {
      if (line.startsWith("endpoint: ")) endpoint = line.slice("endpoint: ".length);
      if (line.startsWith("Ctrl-C")) break;
    }
    child.stdout!.resume();
    return (await new SmsControl(endpoint).settings()).pendingMs;
  } finally {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
}

describe("connect-numbers emulator: how long SMS registrations stay PENDING", () => {
  it("5 s by default, as set by --sms-pending-seconds, or AWS's days with --aws-like-delays", async () => {
    expect(await pendingMs([])).toMatchObject({ TOLL_FREE: 5_000, TEN_DLC: 5_000, LONG_CODE: 0 });
    expect(await pendingMs(["--sms-pending-seconds", "0"])).toMatchObject({ TOLL_FREE: 0, TEN_DLC: 0 });
    expect(await pendingMs(["--aws-like-delays"])).toMatchObject({ TOLL_FREE: 3 * DAY_MS, TEN_DLC: 3 * DAY_MS });
  });

  it("refuses both at once", async () => {
    const both = await cli(["emulator", "--aws-like-delays", "--sms-pending-seconds", "60"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/option '--sms-pending-seconds <s>' cannot be used with option '--aws-like-delays'/);
  });
});
