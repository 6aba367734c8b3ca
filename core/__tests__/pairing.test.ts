import fc from "fast-check";
import { NewClaim, ReleasedNumber, pairNumbers } from "..";

const OURS = "pulumi-nodejs:dynamic/connect:PhoneNumber";
const urn = (name: string, type = OURS) => `urn:pulumi:dev::p::${type}::${name}`;
const released = (name: string, phoneNumber: string, extra: Partial<ReleasedNumber> = {}): ReleasedNumber => ({
  resource: urn(name),
  phoneNumber,
  phoneNumberId: `id-${name}`,
  countryCode: "US",
  type: "DID",
  region: "us-east-1",
  ours: true,
  ...extra,
});
const claim = (name: string, extra: Partial<NewClaim> = {}): NewClaim => ({
  resource: urn(name),
  region: "us-east-1",
  unknown: [],
  ours: true,
  ...extra,
});
const kinds = (p: ReturnType<typeof pairNumbers>) => ({
  handOvers: p.handOvers.map((h) => `${h.how} ${h.from.split("::").pop()}→${h.to.split("::").pop()}`),
  findings: p.findings.map(
    (f) => `${f.kind} ${f.released.resource.split("::").pop()}→${f.claim.resource.split("::").pop()}`,
  ),
});

describe("pairNumbers: what the provider does with a number one resource lets go and another takes", () => {
  it("hands a specific number between resources of this package (a rename without alias), and blocks it for any other type", () => {
    expect(
      kinds(pairNumbers([released("support", "+12065550100")], [claim("helpline", { phoneNumber: "+12065550100" })])),
    ).toEqual({ handOvers: ["rename support→helpline"], findings: [] });
    const foreign = [
      released("support", "+12065550100", {
        resource: urn("support", "aws:connect/phoneNumber:PhoneNumber"),
        ours: false,
      }),
    ];
    expect(kinds(pairNumbers(foreign, [claim("helpline", { phoneNumber: "+12065550100" })])).findings).toEqual([
      "rename support→helpline",
    ]);
    // Another region: the number cannot move there.
    expect(
      kinds(
        pairNumbers(
          [released("support", "+12065550100")],
          [claim("helpline", { phoneNumber: "+12065550100", region: "us-west-2" })],
        ),
      ),
    ).toEqual({ handOvers: [], findings: [] });
  });

  it("an adoption of a number another package's resource releases is a lost number with the migration as its fix; of our own, a hand-over", () => {
    const foreign = released("old", "+12065550100", {
      resource: urn("old", "aws:connect/phoneNumber:PhoneNumber"),
      ours: false,
      phoneNumberId: "pn-1",
    });
    for (const adopting of [
      claim("new", { adopts: true, phoneNumber: "+12065550100" }),
      claim("new", { adopts: true, phoneNumberId: "pn-1" }),
    ]) {
      const p = pairNumbers([foreign], [adopting]);
      expect(kinds(p)).toEqual({ handOvers: [], findings: ["adopt-release old→new"] });
      expect(p.findings[0].fix.pulumi).toBe(
        'set the resource option retainOnDelete: true on old and run `pulumi up` first; then remove it and adopt "+12065550100" with new',
      );
      expect(kinds(pairNumbers([{ ...foreign, ours: true }], [adopting])).handOvers).toEqual(["adopt old→new"]);
    }
  });

  it("a replacement of ours that its old number still meets keeps it (`--replace`), specific or searched; changed criteria churn", () => {
    const r = released("sales", "+12065550100", { byReplacement: true });
    expect(
      kinds(pairNumbers([r], [claim("sales", { byReplacement: true, phoneNumber: "+12065550100" })])).handOvers,
    ).toEqual(["replace sales→sales"]);
    expect(
      kinds(
        pairNumbers([r], [claim("sales", { byReplacement: true, countryCode: "US", type: "DID", prefix: "+1206" })]),
      ).handOvers,
    ).toEqual(["replace sales→sales"]);
    expect(
      kinds(pairNumbers([r], [claim("sales", { byReplacement: true, countryCode: "US", type: "TOLL_FREE" })])),
    ).toEqual({ handOvers: [], findings: [] });
    expect(
      kinds(
        pairNumbers(
          [r],
          [claim("sales", { byReplacement: true, countryCode: "US", type: "DID", unknown: ["prefix"] })],
        ),
      ),
    ).toEqual({ handOvers: [], findings: [] });
  });

  it("blocks a replacement of another type that asks for its own number again (Terraform replace_triggered_by)", () => {
    const tf = { resource: "aws_connect_phone_number.n", ours: false, byReplacement: true };
    const p = pairNumbers(
      [released("n", "+12065550100", tf)],
      [{ ...claim("n", { phoneNumber: "+12065550100" }), ...tf }],
    );
    expect(p.findings.map((f) => f.kind)).toEqual(["same-number"]);
    expect(p.findings[0].fix.terraform).toContain("drop its replace_triggered_by");
  });

  it("names a count index shift of searched numbers as one chain too", () => {
    const tf = (i: number) => ({ resource: `aws_connect_phone_number.n[${i}]`, ours: false });
    const p = pairNumbers(
      [
        released("a", "+12065551206", { ...tf(0), byReplacement: true }),
        released("b", "+12125551212", { ...tf(1), byReplacement: true }),
        released("c", "+13125551312", tf(2)),
      ],
      [
        claim("a", { ...tf(0), byReplacement: true, countryCode: "US", type: "DID", prefix: "+1212" }),
        claim("b", { ...tf(1), byReplacement: true, countryCode: "US", type: "DID", prefix: "+1312" }),
      ],
    );
    expect(p.findings.map((f) => [f.kind, f.chain?.length])).toEqual([
      ["reclaim", 3],
      ["reclaim", 3],
    ]);
  });

  it("pairs a replacement's claim with the number another resource releases, and names a count index shift as one chain", () => {
    const tf = (i: number) => ({ resource: `aws_connect_phone_number.n[${i}]`, ours: false });
    const p = pairNumbers(
      [
        released("a", "+12065551206", { ...tf(0), byReplacement: true }),
        released("b", "+12065551212", { ...tf(1), byReplacement: true }),
        released("c", "+12065551312", tf(2)),
      ],
      [
        claim("a", { ...tf(0), byReplacement: true, phoneNumber: "+12065551212" }),
        claim("b", { ...tf(1), byReplacement: true, phoneNumber: "+12065551312" }),
      ],
    );
    expect(p.findings.map((f) => [f.kind, f.released.resource, f.claim.resource])).toEqual([
      ["rename", "aws_connect_phone_number.n[1]", "aws_connect_phone_number.n[0]"],
      ["rename", "aws_connect_phone_number.n[2]", "aws_connect_phone_number.n[1]"],
    ]);
    for (const f of p.findings)
      expect(f.chain).toEqual([
        "aws_connect_phone_number.n[0]",
        "aws_connect_phone_number.n[1]",
        "aws_connect_phone_number.n[2]",
      ]);
    expect(p.findings[0].fix.terraform).toBe(
      'key aws_connect_phone_number.n by number (for_each) instead of count, with moved { from = aws_connect_phone_number.n[1] to = aws_connect_phone_number.n["+12065551212"] }, so no instance changes its number',
    );
  });

  it("pairs the very number before a search it meets; a search is always a finding (it never takes another resource's number), a replacement's too", () => {
    const p = pairNumbers(
      [released("old", "+12065550100")],
      [claim("search", { countryCode: "US", type: "DID" }), claim("exact", { phoneNumber: "+12065550100" })],
    );
    expect(kinds(p)).toEqual({ handOvers: ["rename old→exact"], findings: [] });
    expect(
      kinds(
        pairNumbers(
          [released("sales", "+12065550100")],
          [claim("sales-2", { countryCode: "US", type: "DID", prefix: "+1206" })],
        ),
      ).findings,
    ).toEqual(["reclaim sales→sales-2"]);
    expect(
      kinds(
        pairNumbers(
          [released("old", "+12065550100")],
          [claim("other", { countryCode: "US", type: "DID", byReplacement: true })],
        ),
      ).findings,
    ).toEqual(["reclaim old→other"]);
  });

  describe("renames pair alike whatever order a face gives the operations in (issue 21: pack and check)", () => {
    const SET = "pulumi-nodejs:dynamic/connect:PhoneNumberSet";
    const held = (set: string, n: number): ReleasedNumber =>
      released(set, `+1212555${String(n).padStart(4, "0")}`, { resource: urn(set, SET), phoneNumberId: `id-${n}` });
    const search = (set: string, prefix = "+1212"): NewClaim =>
      claim(set, { resource: urn(set, SET), countryCode: "US", type: "DID", prefix });
    const pairs = (p: ReturnType<typeof pairNumbers>) =>
      p.findings
        .map(
          (f) =>
            `${f.released.resource.split("::").pop()} ${f.released.phoneNumber}→${f.claim.resource.split("::").pop()}`,
        )
        .sort();

    it("pairs each removed set with the search on its own: the provider meets each delete alone (breaker s8, pairing)", () => {
      const a3 = [held("a3", 196), held("a3", 184)];
      const b3 = [held("b3", 140)];
      for (const releases of [
        [...a3, ...b3],
        [...b3, ...a3],
      ]) {
        const p = pairNumbers(releases, [search("b4")]);
        // b4's one claim stands for one number of each: a3's delete cannot know b3 is removed too, nor the reverse.
        expect(pairs(p)).toEqual(["a3 +12125550184→b4", "b3 +12125550140→b4"]);
        expect(p.findings.map((f) => f.fix.pulumi)).toEqual(['aliases: [{ name: "b3" }]', 'aliases: [{ name: "a3" }]']);
      }
    });

    it("pairs a set renamed without an alias and another removed set each with the new set, whatever the order (breaker, pairing)", () => {
      const a = [held("a", 101), held("a", 102)];
      const p = [held("p", 103)];
      const b = [search("b"), search("b")];
      const alone = (releases: ReleasedNumber[]) => pairs(pairNumbers(releases, b));
      for (const releases of [
        [...a, ...p],
        [...p, ...a],
      ])
        expect(pairs(pairNumbers(releases, [...b].reverse()))).toEqual([...alone(a), ...alone(p)].sort());
      expect(alone(p)).toEqual(["p +12125550103→b"]);
      expect(alone(a)).toEqual(["a +12125550101→b", "a +12125550102→b"]);
    });

    it("pairs two sets renamed alike each with its own old name, in either order (breaker s1)", () => {
      const a = [held("a", 115), held("a", 172)];
      const b = [held("b", 132), held("b", 124)];
      const orders: [ReleasedNumber[], NewClaim[]][] = [
        [
          [...a, ...b],
          [search("a2"), search("a2"), search("b2"), search("b2")],
        ],
        [
          [...b, ...a],
          [search("b2"), search("b2"), search("a2"), search("a2")],
        ],
        [
          [...a, ...b],
          [search("b2"), search("b2"), search("a2"), search("a2")],
        ],
      ];
      for (const [releases, claims] of orders)
        expect(pairs(pairNumbers(releases, claims))).toEqual([
          "a +12125550115→a2",
          "a +12125550172→a2",
          "b +12125550124→b2",
          "b +12125550132→b2",
        ]);
    });

    it("property: the pairs do not depend on the order of the releases or the claims", () => {
      const names = ["a", "a2", "b", "b2", "pool", "desk", "n[2]", "n[10]"];
      const sets = (count: number) =>
        fc.uniqueArray(
          fc.record({
            name: fc.constantFrom(...names),
            prefixes: fc.array(fc.constantFrom("+1212", "+1312"), { minLength: 1, maxLength: 3 }),
          }),
          { selector: (s) => s.name, maxLength: count },
        );
      const instance = fc.tuple(sets(4), sets(4)).chain(([releasing, claiming]) => {
        let n = 0;
        const releases = releasing.flatMap((s) =>
          s.prefixes.map((prefix) => ({
            ...held(s.name, n++),
            phoneNumber: `${prefix}555${String(n).padStart(4, "0")}`,
          })),
        );
        const claims = claiming.flatMap((s) => s.prefixes.map((prefix) => search(`${s.name}-new`, prefix)));
        // Some claiming sets are the releasing ones renamed (`a` → `a-new`), others claim under an old name.
        const named = claims.map((c, i) => (i % 2 === 0 ? c : { ...c, resource: c.resource.replace(/-new$/, "") }));
        return fc.tuple(
          fc.constant({ releases, claims: named }),
          fc.shuffledSubarray(releases, { minLength: releases.length }),
          fc.shuffledSubarray(named, { minLength: named.length }),
        );
      });
      fc.assert(
        fc.property(instance, ([given, releases, claims]) => {
          const signature = (p: ReturnType<typeof pairNumbers>) =>
            p.findings
              .map((f) => `${f.released.resource} ${f.released.phoneNumber}→${f.claim.resource} ${f.claim.prefix}`)
              .sort();
          expect(signature(pairNumbers(releases, claims))).toEqual(
            signature(pairNumbers(given.releases, given.claims)),
          );
          // Each releasing resource pairs as it would alone: what the provider's guard computes at its delete.
          const each = [...new Set(releases.map((r) => r.resource))].flatMap((resource) =>
            signature(
              pairNumbers(
                releases.filter((r) => r.resource === resource),
                claims,
              ),
            ),
          );
          expect(signature(pairNumbers(releases, claims))).toEqual(each.sort());
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe("pairNumbers: a set renamed without an alias to a smaller one (breaker, issue 21)", () => {
  const SET = "pulumi-nodejs:dynamic/connect:PhoneNumberSet";
  const numbers = ["+12065550103", "+12065550101", "+12065550102"];
  const pool = numbers.map((n, i) => ({
    ...released("pool", n),
    resource: urn("pool", SET),
    phoneNumberId: `id-${i}`,
  }));
  const desk = [0, 1].map(() => ({ ...claim("desk"), resource: urn("desk", SET), countryCode: "US", type: "DID" }));
  const lost = (order: readonly ReleasedNumber[]) => pairNumbers(order, desk).findings.map((f) => f.phoneNumber);

  it("names the same lost numbers whatever order a face read the set's numbers in", () => {
    // The pack read them from the account, check from the state: each named the first two it was given.
    expect(lost(pool)).toEqual(["+12065550101", "+12065550102"]);
    fc.assert(
      fc.property(fc.shuffledSubarray(pool, { minLength: 3, maxLength: 3 }), (order) => {
        expect(lost(order)).toEqual(lost(pool));
      }),
    );
  });

  it("says the shrink the alias leads into, with every number the set holds as a candidate", () => {
    const [f] = pairNumbers(pool, desk).findings;
    expect(f.shrink).toEqual({ holds: 3, by: 1, candidates: ["+12065550101", "+12065550102", "+12065550103"] });
  });

  it("says no shrink when the new set declares as many as the old one holds", () => {
    expect(pairNumbers(pool, [...desk, { ...desk[0] }]).findings.every((f) => f.shrink === undefined)).toBe(true);
  });
});

describe("pairNumbers: another package's search never decides which number the provider keeps", () => {
  it("pairs this package's searches with its releases first, as the provider's guard does (it sees no other claim)", () => {
    const SET = "pulumi-nodejs:dynamic/connect:PhoneNumberSet";
    const pool = ["+12065550101", "+12065550102"].map((n, i) => ({
      ...released("pool", n),
      resource: urn("pool", SET),
      phoneNumberId: `id-${i}`,
    }));
    const search = { countryCode: "US", type: "DID" };
    // "aws-desk" sorts before "desk": ranked together, the pulumi-aws search took the first number.
    const foreign = {
      ...claim("aws-desk", search),
      resource: urn("aws-desk", "aws:connect/phoneNumber:PhoneNumber"),
      ours: false,
    };
    const ours = claim("desk", search);
    const findings = pairNumbers(pool, [foreign, ours]).findings.map(
      (f) => `${f.phoneNumber} ${f.claim.resource.split("::").pop()}`,
    );
    // The guard keeps the first number for desk and refuses its release; the other is released, lost to aws-desk.
    expect(findings).toEqual(["+12065550101 desk", "+12065550102 aws-desk"]);
  });
});
