import { judge } from "../words";
import { SCENARIOS } from "./scenarios";

const SET = "urn:pulumi:dev::support-lines::pulumi-nodejs:dynamic/connect:PhoneNumberSet::pool";
const refused = { reason: "kept-for" as const, message: 'PhoneNumberSet "pool" keeps its numbers.' };

describe("what the provider refuses, as it refuses it", () => {
  it("a set's delete is refused whole: no release of it is said to happen, none to be one of several", () => {
    const base = SCENARIOS["within-budget"]();
    // One of the set's two numbers allowed by name, the other not: the provider still refuses the delete whole.
    const releases = ["+12125550100", "+12125550101"].map((phoneNumber, i) => ({
      resource: SET,
      phoneNumber,
      phoneNumberId: `pn-${i}`,
      reason: "delete" as const,
      blocking: false,
      refused,
      ...(i === 0 ? { accepted: { entry: phoneNumber, source: "flag" as const } } : {}),
    }));
    const { sentences } = judge(base.verdict, { ...base.findings, releases });
    const said = sentences.find((s) => s.startsWith("The provider would refuse"));
    expect(said).toContain(
      'The provider would refuse the delete of PhoneNumberSet "pool" whole (the set keeps every number it holds: none is released)',
    );
    expect(said).not.toContain("of these releases");
  });
});
