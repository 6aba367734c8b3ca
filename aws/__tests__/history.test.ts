import { startFixture } from "../../emulator/__tests__/fixture";
import { ChurnHistory } from "../../core";
import { cloudTrailChurn, loadHistory } from "../history";

/** CloudTrail's records of anonymous events (no number, no id) reach the count one by one, never merged by a blank. */
describe("CloudTrail history: a blank number or id is no identity", () => {
  it("counts twelve anonymous outside releases within a minute as twelve, from the seed through LookupEvents", async () => {
    const f = await startFixture();
    try {
      const now = Date.now();
      await f.emu.control.seed({
        events: Array.from({ length: 12 }, (_, i) => ({
          at: now - 60_000 + i * 5_000,
          action: "release" as const,
          ...(i % 2 ? { phoneNumber: "", phoneNumberId: "" } : {}),
        })),
      });
      const seeded = await f.emu.control.events();
      expect(seeded.map((e) => [e.phoneNumber, e.phoneNumberId])).toEqual(
        Array.from({ length: 12 }, () => [undefined, undefined]),
      );
      const read = await cloudTrailChurn(f.cloudtrail, now - 120_000, now + 1_000);
      expect(read).toHaveLength(12);
      for (const e of read) expect([e.phoneNumber, e.phoneNumberId]).toEqual([undefined, undefined]);
      expect(new Set(read.map((e) => e.eventId)).size).toBe(12);
      const loaded = await loadHistory({ cloudTrail: f.cloudtrail, now: now + 1_000, windowDays: 180 });
      expect(ChurnHistory.build(loaded.events).size).toBe(12);
    } finally {
      await f.stop();
    }
  });
});
