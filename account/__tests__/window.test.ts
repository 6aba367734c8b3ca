import { AccountReads, readWindow } from "../window";
import { ChurnHistory, DAY_MS } from "../../core";

/**
 * An event stamped after now (clocks that disagree, a mistyped year) has happened: the one account reader every face
 * reads through (the pack, `check`, the provider's growth check) counts it at now and says so with the coverage.
 */
describe("readWindow with history stamped after now", () => {
  const now = Date.parse("2026-11-26T00:00:00Z");
  const reads = (at: number[]): AccountReads => ({
    quota: async () => 10,
    heldOn: async () => new Map(),
    accountId: async () => "123456789012",
    region: "us-east-1",
    history: async () => ({
      events: at.map((t) => ({ at: t, action: "claim" as const, source: "skewed.jsonl" })),
      coverage: { completeSince: -Infinity, sources: ["skewed.jsonl"] },
    }),
  });
  const settings = { windowDays: 180, quota: 10, historyFiles: [], cloudTrail: false };

  it("counts a future-stamped event at now, and the coverage names how many and the latest", async () => {
    const w = await readWindow(reads([now - DAY_MS, now + 3_600_000, now + 365 * DAY_MS]), settings, now, {
      read: "none",
    });
    expect(ChurnHistory.build(w.history.events).countInWindow(now, 180 * DAY_MS)).toBe(3);
    expect(w.coverageText).toBe(
      "history complete for the whole 180-day window (skewed.jsonl); 2 events stamped after now (the latest 2027-11-26T00:00:00.000Z, in skewed.jsonl) counted as now",
    );
    expect(w.coverage.futureStamped).toEqual({ count: 2, latest: now + 365 * DAY_MS, source: "skewed.jsonl" });
  });

  it("leaves them in the future at an instant chosen on purpose (check --now: a what-if)", async () => {
    const w = await readWindow(
      reads([now - DAY_MS, now + 3_600_000]),
      settings,
      now,
      { read: "none" },
      { whatIf: true },
    );
    expect(ChurnHistory.build(w.history.events).countInWindow(now, 180 * DAY_MS)).toBe(1);
    expect(w.coverageText).toBe("history complete for the whole 180-day window (skewed.jsonl)");
  });
});

/**
 * A quota setting above the account's (connect-numbers:quota 10, Service Quotas 3): a target's capacity is counted
 * from the lower, the one AWS enforces. From 10, an instance holding 2 had room for 2 more claims, and AWS refused the
 * second ("The target has reached its limit"), a FAILED claim that still counts as churn.
 */
describe("readWindow with a quota setting above the account's", () => {
  const now = Date.parse("2026-11-26T00:00:00Z");
  const instance = "arn:aws:connect:us-east-1:123456789012:instance/i-1";
  const reads = (enforced: () => Promise<number>): AccountReads => ({
    quota: enforced,
    heldOn: async () => new Map([[instance, 2]]),
    accountId: async () => "123456789012",
    region: "us-east-1",
    history: async () => ({ events: [], coverage: { completeSince: -Infinity, sources: ["none.jsonl"] } }),
  });
  const settings = { windowDays: 180, quota: 10, historyFiles: [], cloudTrail: true };
  const request = { read: "account" as const, instances: "every target" as const };

  it("counts every target's capacity from the quota AWS enforces for it, and says the setting is above the account's", async () => {
    const w = await readWindow(
      reads(async () => 3),
      settings,
      now,
      request,
    );
    expect(w.capacity).toEqual({ quotas: { "instance/i-1": 3 }, held: { "instance/i-1": 2 }, defaultQuota: 3 });
    expect(w.quotaAboveAccount).toEqual({ configured: 10, enforced: 3 });
    // The churn budget stays the setting's (the face says it is above the account's); only the capacity is capped.
    expect(w.rule.quota).toBe(10);
  });

  it("keeps the setting where the account's quota cannot be read, or is higher", async () => {
    const unread = await readWindow(
      reads(() => Promise.reject(new Error("AccessDenied"))),
      settings,
      now,
      request,
    );
    expect(unread.capacity.quotas).toEqual({ "instance/i-1": 10 });
    const higher = await readWindow(
      reads(async () => 20),
      settings,
      now,
      request,
    );
    expect(higher.capacity).toMatchObject({ quotas: { "instance/i-1": 10 }, defaultQuota: 10 });
  });
});

/**
 * L-8F812903 is a resource-level quota: an instance's own may be raised above the account's default or lowered below
 * it. Its room is counted from its own, a setting never above it, as the provider's apply-time check counts it
 * (provider/runtime/capacity.ts): capped by the account's default, a raised instance had no room where AWS gives it
 * some, and a lowered one had room AWS refuses.
 */
describe("readWindow for an instance whose own quota differs from the account's", () => {
  const now = Date.parse("2026-11-26T00:00:00Z");
  const instance = "arn:aws:connect:us-east-1:123456789012:instance/i-1";
  const reads = (own: number): AccountReads => ({
    quota: async (arn) => (arn === instance ? own : 10),
    heldOn: async () => new Map([[instance, 3]]),
    accountId: async () => "123456789012",
    region: "us-east-1",
    history: async () => ({ events: [], coverage: { completeSince: -Infinity, sources: ["none.jsonl"] } }),
  });
  const request = { read: "account" as const, instances: [instance] };
  const quotaOf = async (own: number, setting?: number) =>
    (
      await readWindow(
        reads(own),
        { windowDays: 180, quota: setting, historyFiles: [], cloudTrail: true },
        now,
        request,
      )
    ).capacity.quotas["instance/i-1"];

  it("counts from the instance's own, and a setting never above it", async () => {
    expect(await quotaOf(20)).toBe(20);
    expect(await quotaOf(20, 15)).toBe(15);
    expect(await quotaOf(5)).toBe(5);
    expect(await quotaOf(5, 8)).toBe(5);
  });

  it("names the setting, in the face's words, where it holds an instance below its own (the faces say it refuses)", async () => {
    const capacity = async (s: { quota?: number; quotaOrigin?: string; instanceQuota?: number }) =>
      (await readWindow(reads(20), { windowDays: 180, historyFiles: [], cloudTrail: true, ...s }, now, request))
        .capacity;
    expect((await capacity({ quota: 15, quotaOrigin: "policy config" })).setBy).toEqual({
      "instance/i-1": { name: "the policy config's quota", own: 20 },
    });
    expect((await capacity({ quota: 30, instanceQuota: 15 })).setBy).toEqual({
      "instance/i-1": { name: "--instance-quota", own: 20 },
    });
    expect((await capacity({ quota: 20, quotaOrigin: "--quota" })).setBy).toBeUndefined();
  });

  it("reads the own quota of an instance the plan claims into that holds no number yet (check reads every target)", async () => {
    const empty = "arn:aws:connect:us-east-1:123456789012:instance/i-2";
    const w = await readWindow(
      { ...reads(5), quota: async (arn) => (arn === empty ? 2 : 10) },
      { windowDays: 180, historyFiles: [], cloudTrail: true },
      now,
      { read: "account", instances: "every target", claims: { "instance/i-2": 3 } },
    );
    expect(w.capacity.quotas).toEqual({ "instance/i-1": 10, "instance/i-2": 2 });
    expect(w.capacity.defaultQuota).toBe(10);
  });
});
