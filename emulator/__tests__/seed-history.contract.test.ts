import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunningEmulator, startEmulator } from "..";

const DAY = 86_400_000;

/** Seeded history must be history CloudTrail could hold, and agree with what the emulator's ledger records. */
describe("emulator: seeding history that cannot be", () => {
  const running: RunningEmulator[] = [];
  const dirs: string[] = [];
  const start = async (options: Parameters<typeof startEmulator>[0] = {}) => {
    const emu = await startEmulator({ claimDelayMs: 0, ...options });
    running.push(emu);
    return emu;
  };
  afterEach(async () => {
    for (const emu of running.splice(0)) await emu.stop();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it("refuses an event after the emulator's clock, naming it and how to seed it, and seeds nothing of the request", async () => {
    const emu = await start();
    const now = Date.UTC(2026, 5, 1);
    await emu.control.clock({ set: now, freeze: true });
    const seeding = emu.control.seed({
      numbers: [{ phoneNumber: "+18005550123" }],
      events: [
        { at: now - DAY, action: "release" },
        { at: now + DAY, action: "claim", phoneNumber: "+18005550199" },
      ],
    });
    await expect(seeding).rejects.toThrow(
      "POST /_emulator/seed: 400 InvalidControlRequest: events[1] (2026-06-02T00:00:00.000Z claim +18005550199) is " +
        "after the emulator's clock (2026-06-01T00:00:00.000Z)",
    );
    await expect(seeding).rejects.toThrow("move the clock past it first (POST /_emulator/clock with advanceDays)");
    expect(await emu.control.events()).toEqual([]);
    expect((await emu.control.state()).partitions.flatMap((p) => p.numbers)).toEqual([]);

    await emu.control.seed({ events: [{ at: now, action: "claim" }] });
    expect(await emu.control.events()).toHaveLength(1);
  });

  it("refuses an event before the instant its ledger records the account had no churn before, also once restarted from --state", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-seed-history-"));
    dirs.push(dir);
    const statePath = path.join(dir, "state.json");
    const first = await start({ ledgerTable: "ledger", statePath });
    const startedAt = first.ledger!.completeSince!;
    const before = { at: startedAt - 10 * DAY, action: "release" as const, phoneNumber: "+12065550001" };
    const refusal = [
      `events[0] (${new Date(before.at).toISOString()} release +12065550001) is before ${new Date(startedAt).toISOString()}`,
      `the churn ledger dynamodb:ledger records that account ${first.accountId} had no claim or release in ${first.region} before then`,
      "start the emulator without that record (--no-ledger-table)",
    ];
    for (const text of refusal) await expect(first.control.seed({ events: [before] })).rejects.toThrow(text);
    // Another region has no such record: its history may reach back.
    await first.control.seed({ region: "us-west-2", events: [before] });
    await first.control.seed({ events: [{ at: startedAt, action: "claim" }] });
    await first.stop();
    running.splice(0);

    const again = await start({ ledgerTable: "ledger", statePath });
    expect(again.ledger?.created).toBe(false);
    await expect(again.control.seed({ events: [before] })).rejects.toThrow(refusal[0]);
    expect((await again.control.events()).map((e) => e.region)).toEqual(["us-west-2", "us-east-1"]);
  });

  it("takes history from before its start when no ledger records the account's beginning", async () => {
    const emu = await start();
    const now = (await emu.control.clock()).ms;
    await emu.control.seed({ events: [{ at: now - 100 * DAY, action: "claim" }] });
    expect(await emu.control.events()).toHaveLength(1);
  });
});
