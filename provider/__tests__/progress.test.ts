import { WaitProgress, nextReportAt } from "../runtime/progress";

describe("status lines while waiting on AWS", () => {
  it("come due at 10 s, 30 s, 60 s, then every minute", () => {
    expect([0, 9, 10, 29, 30, 59, 60, 61, 119, 120, 599].map(nextReportAt)).toEqual([
      10, 10, 30, 30, 60, 60, 120, 120, 120, 180, 600,
    ]);
  });

  it("say the first status, each change, and the same status again only when due, with the time so far and the limit", () => {
    let now = 1_000_000;
    const lines: string[] = [];
    const progress = new WaitProgress(
      (l) => lines.push(l),
      'OriginationNumber "support": +18005550100',
      "ACTIVE",
      600,
      0,
      () => now,
    );
    const at = (seconds: number, status: string) => {
      now = 1_000_000 + seconds * 1000;
      progress.observe(status);
    };
    for (const s of [0, 0.5, 1.5, 3.5, 7.5, 12.5, 17.5, 22.5, 27.5, 32.5, 37.5, 62.5, 67.5]) at(s, "PENDING");
    at(70, "ASSOCIATING");
    at(75, "ACTIVE");
    expect(lines).toEqual([
      'OriginationNumber "support": +18005550100 is PENDING: waited 0s of 600s for ACTIVE',
      'OriginationNumber "support": +18005550100 is PENDING: waited 12s of 600s for ACTIVE',
      'OriginationNumber "support": +18005550100 is PENDING: waited 32s of 600s for ACTIVE',
      'OriginationNumber "support": +18005550100 is PENDING: waited 62s of 600s for ACTIVE',
      'OriginationNumber "support": +18005550100 is ASSOCIATING: waited 70s of 600s for ACTIVE',
      'OriginationNumber "support": +18005550100 is ACTIVE after 75s',
    ]);
  });

  it("say nothing before quietSeconds, and nothing at all for a wait that ends sooner", () => {
    let now = 0;
    const lines: string[] = [];
    const wait = () =>
      new WaitProgress(
        (l) => lines.push(l),
        'PhoneNumber "line": claim of +12125550100',
        "CLAIMED",
        600,
        5,
        () => now,
      );
    const quick = wait();
    for (const [seconds, status] of [
      [0, "IN_PROGRESS"],
      [1, "IN_PROGRESS"],
      [2, "CLAIMED"],
    ] as const) {
      now = seconds * 1000;
      quick.observe(status);
    }
    expect(lines).toEqual([]);
    now = 0;
    const slow = wait();
    for (const [seconds, status] of [
      [0, "IN_PROGRESS"],
      [3, "IN_PROGRESS"],
      [6, "IN_PROGRESS"],
      [8, "CLAIMED"],
    ] as const) {
      now = seconds * 1000;
      slow.observe(status);
    }
    expect(lines).toEqual([
      'PhoneNumber "line": claim of +12125550100 is IN_PROGRESS: waited 6s of 600s for CLAIMED',
      'PhoneNumber "line": claim of +12125550100 is CLAIMED after 8s',
    ]);
  });
});
