import { ServerClock } from "../session";

describe("ServerClock", () => {
  it("reads the service's time from Date headers, and never steps back when a later header is earlier", () => {
    let local = 1_000_000;
    const clock = new ServerClock(() => local);
    expect(clock.now()).toBe(1_000_000);
    clock.observe(new Date(5_000_000).toUTCString());
    const first = clock.now();
    expect(first).toBe(5_000_000 + 999 - 1_000_000 + 1_000_000);
    // A response that left the server earlier (whole seconds, a slow connection) must not move now backwards.
    clock.observe(new Date(4_000_000).toUTCString());
    expect(clock.now()).toBe(first);
    local += 2_000_000;
    expect(clock.now()).toBeGreaterThan(first);
  });
});
