import fc from "fast-check";
import { sortedOrder } from "../sort";

describe("sortedOrder", () => {
  const check = (times: number[]) => {
    const order = Array.from(sortedOrder(Float64Array.from(times)));
    const expected = times
      .map((t, i) => ({ t, i }))
      .sort((a, b) => a.t - b.t || a.i - b.i)
      .map((x) => x.i);
    expect(order).toEqual(expected);
  };

  it("is the stable ascending order, for narrow, wide and fractional spans", () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 70_000 })), check));
    fc.assert(fc.property(fc.array(fc.integer({ min: -(2 ** 40), max: 2 ** 45 })), check));
    fc.assert(fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true })), check));
  });

  it("handles the edges", () => {
    check([]);
    check([5]);
    check([3, 3, 3]);
    check([0, 2 ** 49, 1]);
  });
});
