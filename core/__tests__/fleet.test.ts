import fc from "fast-check";
import { SetDeclaration, SetMember, fills, planSet, wantedGroups } from "../fleet";

/** Kuhn's augmenting paths over slots: the oracle for how many held numbers can stay. */
function maxPlaced(held: readonly SetMember[], d: SetDeclaration): number {
  const slots = wantedGroups(d).flatMap((g) => Array.from({ length: g.count }, () => g.group));
  const slotOf = new Array<number>(slots.length).fill(-1);
  const augment = (m: number, seen: Set<number>): boolean => {
    for (let s = 0; s < slots.length; s++) {
      if (seen.has(s) || !fills(slots[s], held[m].phoneNumber)) continue;
      seen.add(s);
      if (slotOf[s] === -1 || augment(slotOf[s], seen)) {
        slotOf[s] = m;
        return true;
      }
    }
    return false;
  };
  let placed = 0;
  for (let m = 0; m < held.length; m++) if (augment(m, new Set())) placed++;
  return placed;
}

const member = (phoneNumber: string, group?: string): SetMember => ({
  phoneNumber,
  phoneNumberId: `id-${phoneNumber.slice(1)}`,
  group,
});

describe("a set of numbers: which held number fills which slot", () => {
  it("claims what each group lacks and keeps what it holds", () => {
    const d: SetDeclaration = { prefixes: { "+1212": 2, "+1415": 1 }, count: 1, phoneNumbers: ["+18005550100"] };
    const plan = planSet([member("+12125550001", "prefix:+1212"), member("+18005550100")], d);
    expect(plan.keep.map((m) => [m.phoneNumber, m.group])).toEqual([
      ["+18005550100", "number:+18005550100"],
      ["+12125550001", "prefix:+1212"],
    ]);
    expect(plan.claims).toEqual([
      { group: "prefix:+1212", prefix: "+1212" },
      { group: "prefix:+1415", prefix: "+1415" },
      { group: "any", prefix: undefined },
    ]);
    expect(plan).toMatchObject({ releases: [], unwanted: [], unmatchedReleases: [] });
  });

  it("never picks a number to give up: a shrink without names leaves the surplus unwanted (the plan is refused)", () => {
    const held = [
      member("+12125550001", "prefix:+1212"),
      member("+12125550002", "prefix:+1212"),
      member("+12125550003", "prefix:+1212"),
    ];
    const shrunk = planSet(held, { prefixes: { "+1212": 2 } });
    expect(shrunk.unwanted.map((m) => m.phoneNumber)).toEqual(["+12125550003"]);
    expect(shrunk.releases).toEqual([]);
    const named = planSet(held, { prefixes: { "+1212": 2 }, release: ["+12125550001"] });
    expect(named.releases.map((m) => m.phoneNumber)).toEqual(["+12125550001"]);
    expect(named.unwanted).toEqual([]);
    expect(named.claims).toEqual([]);
  });

  it("moves a number into the most specific group it meets when its own group is gone", () => {
    const plan = planSet([member("+12125550001", "any")], { prefixes: { "+1": 1, "+1212": 1 } });
    expect(plan.keep).toEqual([{ ...member("+12125550001"), group: "prefix:+1212" }]);
    expect(plan.claims).toEqual([{ group: "prefix:+1", prefix: "+1" }]);
  });

  it("re-places numbers that stay rather than refuse a change that gives nothing up", () => {
    // +1212… was placed under +1; now +1212 wants one and +1 one: +1415… can only go under +1, so +1212… moves.
    const plan = planSet([member("+12125550001", "prefix:+1"), member("+14155550001")], {
      prefixes: { "+1": 1, "+1212": 1 },
    });
    expect(plan.unwanted).toEqual([]);
    expect(plan.claims).toEqual([]);
    expect(plan.keep.map((m) => [m.phoneNumber, m.group])).toEqual([
      ["+12125550001", "prefix:+1212"],
      ["+14155550001", "prefix:+1"],
    ]);
  });

  it("says which release entries name nothing it holds", () => {
    expect(
      planSet([member("+12125550001")], { count: 1, release: ["+12125550009", "id-12125550001"] }).unmatchedReleases,
    ).toEqual(["+12125550009"]);
  });

  const digits = fc.stringMatching(/^[0-9]{3}$/);
  const number = fc
    .tuple(fc.constantFrom("+1212", "+1415", "+1800"), digits)
    .map(([p, d]) => `${p}555${d.padStart(4, "0")}`);
  const declaration: fc.Arbitrary<SetDeclaration> = fc.record({
    prefixes: fc.dictionary(fc.constantFrom("+1212", "+1415", "+1", "+1212555"), fc.nat(4)),
    count: fc.nat(3),
    phoneNumbers: fc.uniqueArray(number, { maxLength: 3 }),
    release: fc.uniqueArray(number, { maxLength: 3 }),
  });
  const heldArb = fc.uniqueArray(number, { maxLength: 12 }).chain((numbers) =>
    fc.tuple(
      ...numbers.map((n) =>
        fc
          .option(fc.constantFrom("any", "prefix:+1212", "prefix:+1415", "prefix:+1", `number:${n}`), {
            nil: undefined,
          })
          .map((g) => member(n, g)),
      ),
    ),
  );

  it("holds its promises for any declaration and any numbers held", () => {
    fc.assert(
      fc.property(heldArb, declaration, (held, d) => {
        const plan = planSet(held, d);
        // Every held number is kept, released by name, or unwanted: none lost, none counted twice.
        const seen = [...plan.keep, ...plan.releases, ...plan.unwanted].map((m) => m.phoneNumber).sort();
        expect(seen).toEqual(held.map((m) => m.phoneNumber).sort());
        // Only named numbers are released.
        for (const r of plan.releases)
          expect((d.release ?? []).some((n) => n === r.phoneNumber || n === r.phoneNumberId)).toBe(true);
        // Each group ends with exactly its count: kept plus claimed.
        for (const g of wantedGroups(d)) {
          const kept = plan.keep.filter((m) => m.group === g.key);
          for (const m of kept) expect(fills(g.group, m.phoneNumber)).toBe(true);
          expect(kept.length + plan.claims.filter((c) => c.group === g.key).length).toBe(g.count);
        }
        // An unwanted number fits no group with room left: claims never run while a held number could fill the slot.
        for (const m of plan.unwanted) {
          for (const c of plan.claims)
            expect(
              c.phoneNumber === m.phoneNumber ||
                (c.phoneNumber === undefined && m.phoneNumber.startsWith(c.prefix ?? "")),
            ).toBe(false);
        }
        // As few unwanted as any assignment could leave (a maximum matching of numbers to slots, found by brute force).
        expect(held.length - plan.releases.length - plan.unwanted.length).toBe(
          maxPlaced(
            held.filter((m) => !plan.releases.includes(m)),
            d,
          ),
        );
        // The same inputs give the same plan.
        expect(planSet(held, d)).toEqual(plan);
      }),
      { numRuns: 500 },
    );
  });
});
