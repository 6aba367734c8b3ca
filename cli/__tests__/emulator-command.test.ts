import { ConnectClient, DescribePhoneNumberCommand, ResourceNotFoundException } from "@aws-sdk/client-connect";
import { spawn } from "node:child_process";
import * as path from "node:path";
import * as readline from "node:readline";

const BIN = path.resolve(__dirname, "../../bin/connect-numbers");

describe("connect-numbers emulator", () => {
  it("prints its endpoint first, serves the SDK on loopback, and stops cleanly on SIGTERM", async () => {
    const child = spawn(BIN, ["emulator", "--port", "0", "--quota", "3", "--region", "eu-west-2"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines = readline.createInterface({ input: child.stdout });
    const output: string[] = [];
    const endpoint = await new Promise<string>((resolve, reject) => {
      lines.on("line", (line) => {
        output.push(line);
        if (output.length === 1) resolve(line.replace(/^endpoint: /, ""));
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}`)));
    });
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await new Promise((r) => setTimeout(r, 200));
    expect(output.join("\n")).toMatch(/instance: arn:aws:connect:eu-west-2:123456789012:instance\//);
    expect(output.join("\n")).toContain("quota: 3");

    const client = new ConnectClient({
      endpoint,
      region: "eu-west-2",
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
    });
    await expect(client.send(new DescribePhoneNumberCommand({ PhoneNumberId: "nope" }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    client.destroy();

    const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });

  it("rejects a bad option with exit code 2 and says what it expected", async () => {
    const child = spawn(BIN, ["emulator", "--window-days", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toContain("--window-days");
    expect(stderr).toContain("Expected a whole number >= 1");
  });
});
