import { findRenames, fixText, isAllowedRelease } from "../renames";

const T = "pulumi-nodejs:dynamic/connect:PhoneNumber";
const urn = (name: string) => `urn:pulumi:dev::cc::${T}::${name}`;

describe("renames and re-claims", () => {
  const support = {
    resource: urn("support"),
    phoneNumber: "+12065550100",
    phoneNumberId: "id-1",
    countryCode: "US",
    type: "DID",
    region: "us-east-1",
  };

  it("finds a rename of a specific number, with both fixes", () => {
    const [f] = findRenames(
      [support],
      [{ resource: urn("support-main"), phoneNumber: "+12065550100", region: "us-east-1", unknown: [] }],
    );
    expect(f).toMatchObject({ kind: "rename", phoneNumber: "+12065550100", assumed: [] });
    expect(f.fix.pulumi).toBe('aliases: [{ name: "support" }]');
    expect(f.fix.terraform).toBe(`moved {\n  from = ${urn("support")}\n  to   = ${urn("support-main")}\n}`);
  });

  it("finds a searched number whose criteria the released one meets, and not one it misses", () => {
    const claim = (extra: object) => ({
      resource: urn("support-main"),
      countryCode: "US",
      type: "DID",
      region: "us-east-1",
      unknown: [],
      ...extra,
    });
    expect(findRenames([support], [claim({ prefix: "+1206" })])).toHaveLength(1);
    expect(findRenames([support], [claim({})])[0].kind).toBe("reclaim");
    expect(findRenames([support], [claim({ prefix: "+1415" })])).toEqual([]);
    expect(findRenames([support], [claim({ type: "TOLL_FREE" })])).toEqual([]);
    expect(findRenames([support], [claim({ countryCode: "GB" })])).toEqual([]);
    expect(findRenames([support], [claim({ region: "eu-west-2" })])).toEqual([]);
    expect(findRenames([support], [{ resource: urn("x"), phoneNumber: "+12065550199", unknown: [] }])).toEqual([]);
  });

  it("counts criteria unknown at preview as matching, and says which", () => {
    const [f] = findRenames(
      [support],
      [{ resource: urn("later"), countryCode: "US", type: "DID", unknown: ["region", "prefix"] }],
    );
    expect(f.assumed).toEqual(["region", "prefix"]);
  });

  it("pairs each claim once within a releasing resource, each releasing resource on its own, never a resource with itself", () => {
    const other = { ...support, resource: urn("sales"), phoneNumber: "+12065550101", phoneNumberId: "id-2" };
    const second = { ...support, phoneNumber: "+12065550102", phoneNumberId: "id-3" };
    const claims = [{ resource: urn("new"), countryCode: "US", type: "DID", unknown: [] }];
    expect(findRenames([support, second], claims)).toHaveLength(1);
    expect(findRenames([support, other], claims).map((f) => f.released.resource)).toEqual([
      support.resource,
      other.resource,
    ]);
    expect(
      findRenames([support], [{ resource: support.resource, phoneNumber: support.phoneNumber, unknown: [] }]),
    ).toEqual([]);
  });

  it("pairs a renamed set with the set that takes its numbers, and another removed set whose numbers it meets on its own", () => {
    const S = "pulumi-nodejs:dynamic/connect:PhoneNumberSet";
    const setUrn = (name: string) => `urn:pulumi:dev::cc::${S}::${name}`;
    const number = (resource: string, i: number) => ({
      ...support,
      resource: setUrn(resource),
      phoneNumber: `+1206555010${i}`,
      phoneNumberId: `id-${i}`,
    });
    const search = { resource: setUrn("desk"), countryCode: "US", type: "DID", unknown: [] };
    // The removed set's number first, and the renamed set's interleaved with it: breaker M3's order.
    const released = [number("spare", 0), number("pool", 1), number("spare", 2), number("pool", 3), number("pool", 4)];
    const found = findRenames(released, [search, { ...search }, { ...search }]);
    expect(found.map((f) => `${f.released.phoneNumber} ${f.released.resource.split("::").pop()}`)).toEqual([
      "+12065550100 spare",
      "+12065550101 pool",
      "+12065550102 spare",
      "+12065550103 pool",
      "+12065550104 pool",
    ]);
  });

  it("uses a URN alias when the parent or type changes, and a name alias otherwise", () => {
    const moved = `urn:pulumi:dev::cc::acme:index:Centre$${T}::support`;
    const [f] = findRenames([support], [{ resource: moved, phoneNumber: "+12065550100", unknown: [] }]);
    expect(f.fix.pulumi).toBe(`aliases: [${JSON.stringify(urn("support"))}]`);
  });

  it("lets a named number or resource go on purpose", () => {
    const [f] = findRenames([support], [{ resource: urn("support-main"), phoneNumber: "+12065550100", unknown: [] }]);
    for (const name of ["+12065550100", "id-1", "support", urn("support"), "support-main", urn("support-main")])
      expect(isAllowedRelease(f, [name])).toBe(true);
    expect(isAllowedRelease(f, [])).toBe(false);
    expect(isAllowedRelease(f, ["+12065550101", "sales"])).toBe(false);
  });

  it("a set that already exists and grows takes the number by listing it, never by an alias", () => {
    const growth = {
      resource: urn("g").replace(T, "connect-numbers:index:PhoneNumberSet"),
      countryCode: "US",
      type: "DID",
      region: "us-east-1",
      unknown: [],
      ours: true,
    };
    const [f] = findRenames([{ ...support, ours: true }], [{ ...growth, grows: true }]);
    expect(f.fix.pulumi).toBe('phoneNumbers: ["+12065550100"]');
    expect(fixText(f.fix)).toBe(
      'phoneNumbers: ["+12065550100"] on g (a hand-over: no claim, no release for what it lists, on top of its count; the set still grows by its count, and those claims still count; no alias applies: g already exists), or declare support again',
    );
    // A set created by the plan is still carried by an alias.
    expect(findRenames([{ ...support, ours: true }], [growth])[0].fix.pulumi).toMatch(/^aliases: /);
  });

  it("a replacement's fix quotes only the code; where it goes and why no alias applies follow it", () => {
    const [f] = findRenames(
      [support],
      [{ resource: urn("n-1"), countryCode: "US", type: "DID", region: "us-east-1", unknown: [], byReplacement: true }],
    );
    expect(f.fix).toMatchObject({
      pulumi: 'phoneNumber: "+12065550100"',
      pulumiNote: "on n-1 (no alias applies: n-1 already exists)",
    });
  });
});
