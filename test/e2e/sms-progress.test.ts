/**
 * While a create waits on AWS (a toll-free SMS number PENDING while AWS reviews its registration), the resource's
 * row in Pulumi's output says so: the status, how long so far and the limit, at 0 s, 10 s, 30 s, 60 s, then every
 * minute, and once more when it changes; not repeated under Diagnostics. Through the real Pulumi CLI.
 */
import { SmsStack, smsStack } from "./sms-fixture";

const ROW = /^ \+ {2}pulumi-nodejs:dynamic\/sms:OriginationNumber support (creating|created) \(\d+s\) (.*)$/;
const STATUS =
  /^OriginationNumber "support": (\+1\d{10}) is (PENDING|ACTIVE)(?:: waited (\d+)s of 600s for ACTIVE| after (\d+)s)$/;

describe("OriginationNumber: progress while AWS works", () => {
  let s: SmsStack | undefined;
  afterEach(async () => {
    await s?.cleanup();
    s = undefined;
  });

  it("shows a toll-free number PENDING on its row while up waits, then ACTIVE, each line once", async () => {
    s = await smsStack({ registrationReviewMs: 30_000 });
    await s.declare([
      {
        name: "support",
        isoCountryCode: "US",
        messageType: "TRANSACTIONAL",
        numberCapabilities: ["SMS"],
        numberType: "TOLL_FREE",
        waitForActiveSeconds: 600,
      },
    ]);
    const up = await s.upOk();
    const lines = up.stdout.split("\n");
    const rows = lines.flatMap((l) => {
      const row = ROW.exec(l);
      const m = row ? STATUS.exec(row[2]) : null;
      return row && m ? [{ state: row[1], text: row[2], status: m[2], seconds: Number(m[3] ?? m[4]) }] : [];
    });
    // Each message once on a "creating" row; the engine may fold the last ones into "created" rows when they come
    // close together (a loaded machine printed the PENDING at 12 s on a "created" row, then the ACTIVE on another),
    // so the story is read across both, and no message comes back once another has followed it.
    const creating = rows.filter((r) => r.state === "creating");
    expect(new Set(creating.map((r) => r.text)).size).toBe(creating.length);
    const created = rows.filter((r) => r.state === "created");
    expect(created.at(-1)?.text).toMatch(/^OriginationNumber "support": \+1\d{10} is ACTIVE after \d+s$/);
    const story = [...creating, ...created].filter((r, i, all) => i === 0 || r.text !== all[i - 1].text);
    expect(new Set(story.map((r) => r.text)).size).toBe(story.length);
    // 30 s of review from the request, polled at most 5 s apart from the wait's start (after the request and the
    // tags): PENDING at 0 s and again past the 10 s mark, then ACTIVE before the 30 s mark could come due.
    expect(story.map((x) => x.status)).toEqual(["PENDING", "PENDING", "ACTIVE"]);
    const [first, second, last] = story.map((x) => x.seconds);
    expect(first).toBe(0);
    expect(second).toBeGreaterThanOrEqual(10);
    expect(second).toBeLessThan(30);
    expect(last).toBeGreaterThan(second);
    expect(new Set(rows.map((r) => STATUS.exec(r.text)?.[1])).size).toBe(1);
    expect((await s.outputs()).statuses).toEqual({ support: "ACTIVE" });
    // Nowhere else: not under Diagnostics, not on the stack's row.
    const everywhere = lines.filter((l) => l.includes('OriginationNumber "support": +1'));
    expect(everywhere).toHaveLength(rows.length);
  });
});
