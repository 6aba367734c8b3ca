import { PHONE_NUMBER_SET_TYPE } from "../../core";
import { declaredNumbers } from "../connect/declared";
import { derivePlan } from "../connect/derive";
import { declaredSets } from "../connect/sets";
import { INSTANCE, UNKNOWN, held, resource, urn } from "./resources";

const setUrn = urn("local", PHONE_NUMBER_SET_TYPE);
const members = Array.from({ length: 20 }, (_, i) => ({
  phoneNumberId: `id-${i}`,
  phoneNumber: `+1212555${String(i).padStart(4, "0")}`,
  countryCode: "US",
  type: "DID",
  targetArn: INSTANCE,
}));
const owned = members.map((m) => held(setUrn, m));
const set = (props: Record<string, unknown>, opts = {}) =>
  resource(
    "local",
    { targetArn: INSTANCE, countryCode: "US", type: "DID", prefixes: { "+1212": 20 }, ...props },
    opts,
    PHONE_NUMBER_SET_TYPE,
  );
const plan = (resources: Parameters<typeof declaredNumbers>[0], numbers = owned) =>
  derivePlan(declaredNumbers(resources), numbers, "us-east-1", { sets: declaredSets(resources) });
const ops = (p: ReturnType<typeof plan>) => p.operations.map((o) => `${o.action} ${o.phoneNumber ?? ""}`.trim()).sort();

describe("the pack: a PhoneNumberSet's churn from the numbers it holds and what it declares", () => {
  it("a new set claims every number it declares; an unchanged one nothing", () => {
    expect(ops(plan([set({ prefixes: { "+1212": 20, "+1415": 10 } })], []))).toHaveLength(30);
    expect(plan([set({})])).toMatchObject({ operations: [], setRefusals: [] });
  });

  it("a growth claims the difference, a move of target or an alias costs nothing", () => {
    expect(ops(plan([set({ prefixes: { "+1212": 23 } })]))).toEqual(["claim", "claim", "claim"]);
    expect(plan([set({ targetArn: INSTANCE.replace("i-1", "i-2") })]).operations).toEqual([]);
    const renamed = resource(
      "renamed",
      { targetArn: INSTANCE, countryCode: "US", type: "DID", prefixes: { "+1212": 20 } },
      { aliases: [setUrn] },
      PHONE_NUMBER_SET_TYPE,
    );
    expect(plan([renamed]).operations).toEqual([]);
  });

  it("names a set's claims as check does (core's setChangeOf): growth when the set holds numbers, else creation", () => {
    const reasons = (p: ReturnType<typeof plan>) => [...new Set(p.operations.map((o) => o.reason))];
    expect(reasons(plan([set({ prefixes: { "+1212": 22 } })]))).toEqual(["grow"]);
    expect(reasons(plan([set({ prefixes: undefined, count: 2 })], []))).toEqual(["create"]);
  });

  it("a named shrink releases exactly those numbers; one naming nothing is refused with the candidates", () => {
    expect(
      ops(plan([set({ prefixes: { "+1212": 18 }, release: [members[2].phoneNumber, members[5].phoneNumberId] })])),
    ).toEqual([`release ${members[2].phoneNumber}`, `release ${members[5].phoneNumber}`]);
    const refused = plan([set({ prefixes: { "+1212": 18 } })]);
    expect(refused.setRefusals).toEqual([
      { resource: setUrn, message: expect.stringContaining("names none of them in release") },
    ]);
    expect(refused.setRefusals[0].message).toContain(members[19].phoneNumber);
  });

  it("a set removed from the program releases every number it holds", () => {
    expect(
      plan([resource("other", { targetArn: INSTANCE, phoneNumber: "+18005550100" })]).releases.filter(
        (r) => r.resource === setUrn,
      ),
    ).toHaveLength(20);
  });

  it("hands numbers between a set and single PhoneNumbers at no churn", () => {
    const single = {
      phoneNumberId: "id-s",
      phoneNumber: "+18005550199",
      countryCode: "US",
      type: "TOLL_FREE",
      targetArn: INSTANCE,
    };
    const into = plan([set({ phoneNumbers: ["+18005550199"] })], [...owned, held(urn("single"), single)]);
    expect(into.operations).toEqual([]);
    expect(into.handOvers).toEqual([{ from: urn("single"), to: setUrn, phoneNumber: "+18005550199" }]);
    const out = plan([
      set({ prefixes: { "+1212": 19 } }),
      resource("single", { targetArn: INSTANCE, phoneNumber: members[4].phoneNumber }),
    ]);
    expect(out).toMatchObject({ operations: [], setRefusals: [] });
    expect(out.handOvers).toEqual([{ from: setUrn, to: urn("single"), phoneNumber: members[4].phoneNumber }]);
  });

  it("refuses a set whose counts are unknown at preview: its churn cannot be counted", () => {
    expect(plan([set({ prefixes: UNKNOWN })]).setRefusals[0].message).toMatch(/prefixes cannot be read at preview/);
  });
});
