import { Story, disagreements } from "./faces";

/**
 * The harness's judgement of agreement (faces.ts): a gate that blocks a change the provider carries out disagrees
 * with it unless the case declares that block on policy, and then the gate must say the declared words. It used to
 * excuse any such block whose listed releases matched, which hid check blocking a release the provider then made.
 */
const story = (face: Story["face"], blocked: boolean, text = ""): Story => ({
  face,
  blocked,
  released: ["+12065550100"],
  claims: 0,
  coverage: "history complete for the whole 180-day window",
  text,
});
const provider = story("provider", false);

describe("disagreements: a gate blocking what the provider applies", () => {
  it("is a disagreement when the case declares no block on policy", () => {
    expect(disagreements([story("check", true), provider])).toEqual(["check blocks but the provider applied it"]);
  });

  it("agrees when the case declares it and the gate says the declared words", () => {
    const check = story("check", true, "the rename loses +12065550100");
    expect(disagreements([check, provider], { blocksOnPolicy: { check: /rename loses/ } })).toEqual([]);
  });

  it("is a disagreement when the gate blocks without the declared words, or does not block at all", () => {
    const declared = { blocksOnPolicy: { check: /rename loses/ } };
    expect(disagreements([story("check", true, "over the churn budget"), provider], declared)).toEqual([
      "check blocks without saying the policy it blocks on: /rename loses/",
    ]);
    expect(disagreements([story("check", false), provider], declared)).toEqual([
      "check was to block on policy what the provider applies, but it passes and the provider applied it",
    ]);
  });
});
