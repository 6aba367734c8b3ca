import * as net from "node:net";
import * as path from "node:path";
import { RunningEmulator, startEmulator } from "../../emulator";
import { runProcess } from "../../scripts/pulumi-workspace";

const BIN = path.resolve(__dirname, "../../bin/connect-numbers");
const run = (args: string[]) => runProcess(BIN, args, { env: { ...process.env } });

describe("connect-numbers emulator seed, and the help that teaches", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ claimDelayMs: 0 });
  });
  afterAll(() => emu.stop());

  it("seeds numbers held from before and history events from flags", async () => {
    const r = await run([
      "emulator",
      "seed",
      "--endpoint",
      emu.endpoint,
      "--number",
      "+18005550123",
      "--count",
      "2",
      "--tag",
      "team=cx",
      "--event",
      "2026-09-01T00:00:00Z,release,+18005550199",
      "--event",
      "2026-10-01T00:00:00+02:00,claim",
    ]);
    expect({ code: r.code, err: r.stderr }).toEqual({ code: 0, err: "" });
    const seeded = r.stdout.split("\n").filter((l) => l.startsWith("number: "));
    expect(seeded).toHaveLength(3);
    expect(seeded[0]).toMatch(/^number: \+18005550123 \S+$/);
    expect(r.stdout).toContain("events: 2 in CloudTrail; run `connect-numbers ledger sync`");
    const state = await emu.control.state();
    expect(JSON.stringify(state)).toContain('"team":"cx"');
    const events = (await emu.control.events()).map((e) => `${e.time} ${e.action} ${e.phoneNumber ?? "-"}`);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^2026-09-01T00:00:00(\.000)?Z release \+18005550199$/),
        expect.stringMatching(/^2026-09-30T22:00:00(\.000)?Z claim -$/),
      ]),
    );
  });

  it("says which seeded events a sync imports (CloudTrail's 90 days) and where older ones go", async () => {
    const now = Date.parse((await emu.control.info()).now);
    const daysAgo = (days: number) => new Date(now - days * 86_400_000).toISOString();
    const r = await run([
      "emulator",
      "seed",
      "--endpoint",
      emu.endpoint,
      "--event",
      `${daysAgo(10)},claim,+18005550177`,
      "--event",
      `${daysAgo(120)},release,+18005550178`,
      "--event",
      `${daysAgo(100)},claim`,
    ]);
    expect({ code: r.code, err: r.stderr }).toEqual({ code: 0, err: "" });
    expect(r.stdout.trim()).toBe(
      "events: 3 in CloudTrail; run `connect-numbers ledger sync` so the ledger counts the 1 within CloudTrail's 90 days; " +
        "2 older than CloudTrail's 90 days no sync can see: list them in a history file (JSON Lines, docs/pack.md#history-files) " +
        "and give it to `connect-numbers check --history FILE` and the provider's connect-numbers:historyFiles",
    );
  });

  it("refuses a malformed event and a missing endpoint with exit 2, saying what it expected", async () => {
    const bad = await run(["emulator", "seed", "--endpoint", emu.endpoint, "--event", "yesterday,claim"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Expected <RFC 3339 time>,<claim|release|import>");
    const nowhere = await runProcess(BIN, ["emulator", "seed", "--count", "1"], { cwd: "/", env: { ...process.env } });
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain("give --endpoint");
  });

  it('names the endpoint it cannot reach and how to start the emulator, not just "fetch failed"', async () => {
    // A port that was just free: nothing listens there.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const endpoint = `http://127.0.0.1:${port}`;
    const r = await run(["emulator", "seed", "--endpoint", endpoint, "--count", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot reach the emulator at ${endpoint} (POST /_emulator/seed: `);
    expect(r.stderr).toContain("Start it with `connect-numbers emulator`");
  });

  it("documents what the emulator serves, its defaults and its control API; pulumi --help says what the wrapper adds", async () => {
    const help = await run(["emulator", "--help"]);
    for (const text of ["DynamoDB", "SMS", "(default: 5)", "emulator seed", "/_emulator/"]) {
      expect(help.stdout).toContain(text);
    }
    // commander pads the columns to the longest option: the defaults are matched whatever the width.
    expect(help.stdout).toMatch(/--window-days <days>\s+rolling churn window \(default: 180\)/);
    expect(help.stdout).toMatch(
      /--cooldown-days <days>\s+how long a released number stays unavailable\s+\(default: 180\)/,
    );
    // What --count counts: numbers held from before, besides each --number; no claim and no history.
    const seed = (await run(["emulator", "seed", "--help"])).stdout.replace(/\s+/g, " ");
    expect(seed).toContain(
      "--count <n> how many numbers the account holds from before besides each --number: n more, taken from the emulator's pool",
    );
    expect(seed).toContain("not claims and not history (they count no churn)");
    const pulumi = await run(["pulumi", "--help"]);
    expect(pulumi.code).toBe(0);
    expect(pulumi.stdout.split("\n")[0]).toBe("Usage: connect-numbers pulumi [--cwd DIR] <pulumi command and flags>");
    expect(pulumi.stdout).toContain("Pulumi - Modern Infrastructure as Code");
    const check = await run(["check", "--help"]);
    expect(check.stdout).toContain("--rate-limits <rates>");
    expect(check.stdout).toContain("Where values come from: a flag, else the stack's config");
  });
});
