import { capacityFix, capacityOverruns, capacitySentence, instanceCapacities } from "../capacity";
import { ChurnHistory } from "../history";
import { claimOf } from "../plan";
import { instanceQuotaOf } from "../quota";
import { deferredGrowthSentence, growByFitsAdvice } from "../set-growth";
import { defaultRule } from "../settings";
import { planWaves } from "../waves";
import { T0 } from "./oracle";

// The tester's case: connect-numbers:quota 5, the instance's own L-8F812903 10; 6 searched numbers claimed into it.
const I = "instance/i-1";
const SET = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/connect:PhoneNumberSet::big";
const setting = { value: 5, name: "connect-numbers:quota" };
const bySetting = { quota: 5, held: 0, setBy: { name: "connect-numbers:quota", own: 10 } };
const six = Array.from({ length: 6 }, (_, i) => claimOf(`urn:n${i}`, "create", { target: I }));

describe("a quota setting below the instance's own quota", () => {
  it("is the limit, said as the setting's; at or above the own quota, or the own unread, AWS's quota stands", () => {
    expect(instanceQuotaOf(setting, 10)).toEqual({ quota: 5, setBy: { name: "connect-numbers:quota", own: 10 } });
    expect(instanceQuotaOf(setting, 5)).toEqual({ quota: 5 });
    expect(instanceQuotaOf(setting, 3)).toEqual({ quota: 3 });
    expect(instanceQuotaOf(setting, undefined)).toEqual({ quota: 5 });
    expect(instanceCapacities(six, {}, () => ({ quota: 5, setBy: bySetting.setBy }))).toEqual({ [I]: bySetting });
  });

  it("refuses the claims past it in the setting's name, with the fix to raise or remove it, not to ask AWS", () => {
    const [overrun] = capacityOverruns(six, { [I]: bySetting });
    expect(capacitySentence(overrun)).toBe(
      `${I} holds 0 of its quota of 5 (set by connect-numbers:quota; the instance's own "Phone numbers per instance" quota, L-8F812903, is 10), ` +
        "so it can take 5 more claims, not 6 (1 would be refused by connect-numbers:quota, though AWS would take it)",
    );
    expect(capacityFix(I, overrun.setBy)).toBe(
      `raise or remove connect-numbers:quota, release numbers on ${I} first ` +
        "(in an earlier apply: a release lands after the claims of its own apply), or claim on another instance",
    );
    // AWS's own quota binding: today's words.
    const [aws] = capacityOverruns(six, { [I]: { quota: 5, held: 0 } });
    expect(capacitySentence(aws)).toMatch(
      /of its quota of 5 \("Phone numbers per instance", L-8F812903\).*\(1 would end FAILED and still count as churn\)$/,
    );
    expect(capacityFix(I)).toMatch(/ask AWS Support for a higher "Phone numbers per instance" quota/);
  });

  it("says so where a schedule cannot place the claims, and where a set's growth waits for room", () => {
    const waves = planWaves({
      history: ChurnHistory.build([]),
      plan: { operations: six },
      rule: defaultRule(),
      now: T0,
      capacities: { [I]: { ...bySetting, held: 5 } },
    });
    expect(waves.feasible).toBe(false);
    const reason = waves.feasible ? "" : waves.reason;
    expect(reason).toContain(
      `holds 5 of its quota of 5 (set by connect-numbers:quota; the instance's own "Phone numbers per instance" quota, L-8F812903, is 10) ` +
        "and the plan releases nothing more there, so each would be refused by connect-numbers:quota, though AWS would take it; raise or remove connect-numbers:quota",
    );
    expect(reason).not.toMatch(/AWS Support|end FAILED/);
    const short = { ...bySetting, held: 4, target: I, room: 1 };
    const deferred = deferredGrowthSentence({ resource: SET, now: 1, deferred: 5, freesAt: null, short });
    expect(deferred).toContain(
      'holds 4 of its quota of 5 (set by connect-numbers:quota; the instance\'s own "Phone numbers per instance" quota, L-8F812903, is 10), room for 1',
    );
    expect(deferred).toContain("To let them come: raise or remove connect-numbers:quota");
    expect(growByFitsAdvice({ resource: SET, now: 1, deferred: 5, freesAt: null, short })).toMatch(
      /set by connect-numbers:quota.*or raise or remove connect-numbers:quota/,
    );
    expect(deferred + growByFitsAdvice({ resource: SET, now: 1, deferred: 5, freesAt: null, short })).not.toMatch(
      /AWS Support/,
    );
  });
});
