import Ajv from "ajv";
import addFormats from "ajv-formats";
import { PackConfigError } from "../errors";
import {
  PACK_CONFIG_JSON_SCHEMA,
  POLICY_CONFIG_SCHEMA,
  parsePackConfig,
  resolveSettings,
  stackPackConfig,
} from "../settings";

describe("pack settings: strict config", () => {
  const documented = {
    region: "us-east-1",
    regions: ["us-west-2"],
    endpoint: "http://127.0.0.1:4566",
    windowDays: 180,
    ratioPercent: 200,
    reservePercent: 10,
    quota: 5,
    historyFiles: ["churn-history.jsonl"],
    cloudTrail: true,
    unseenHistory: "warn",
    failClosed: true,
    allowReleases: ["+18005550100", "support"],
    failOn: ["release"],
    smsNumbers: "always",
    ledger: "dynamodb:connect-numbers-ledger",
  };

  it("is a JSON schema with additionalProperties false that takes every documented key and refuses a typo", () => {
    const validate = addFormats(new Ajv()).compile(PACK_CONFIG_JSON_SCHEMA);
    expect(PACK_CONFIG_JSON_SCHEMA.additionalProperties).toBe(false);
    expect(validate(documented)).toBe(true);
    expect(validate({ windowDay: 30 })).toBe(false);
    expect(validate({ failOn: ["delete"] })).toBe(false);
    expect(validate({ smsNumbers: "never" })).toBe(false);
    expect(validate({ unseenHistory: "ignore" })).toBe(false);
    expect(validate({ endpoint: "not a url" })).toBe(false);
    expect(Object.keys(POLICY_CONFIG_SCHEMA.properties).sort()).toEqual(Object.keys(documented).sort());
    // No defaults in the schema: the engine would fill them in and hide the stack's own settings.
    expect(Object.values(POLICY_CONFIG_SCHEMA.properties).some((p) => "default" in p)).toBe(false);
  });

  it("refuses unknown keys itself (the engine is sent only the properties), naming the key and the likely one", () => {
    expect(parsePackConfig("p", documented)).toEqual(documented);
    expect(() => parsePackConfig("connect-phone-number-churn", { windowDay: 30 })).toThrow(PackConfigError);
    expect(() => parsePackConfig("connect-phone-number-churn", { windowDay: 30 })).toThrow(
      /^policy config of connect-phone-number-churn: unknown key "windowDay" \(did you mean "windowDays"\?\)/,
    );
    expect(() => parsePackConfig("p", { allowRelease: ["x"] })).toThrow(/did you mean "allowReleases"/);
    expect(() => parsePackConfig("p", { windowDays: 0 })).toThrow(/windowDays: /);
  });

  it("takes policy config over the stack's connect-numbers config over the defaults", () => {
    const env = {
      PULUMI_CONFIG: JSON.stringify({
        "connect-numbers:region": "eu-west-2",
        "connect-numbers:windowDays": "30",
        "connect-numbers:historyFiles": '["a.jsonl"]',
        "connect-numbers:unseenHistory": "warn",
        "connect-numbers:cloudTrail": "false",
        "other:x": "y",
      }),
    };
    const stack = stackPackConfig(env);
    expect(stack).toEqual({
      region: "eu-west-2",
      windowDays: 30,
      historyFiles: ["a.jsonl"],
      unseenHistory: "warn",
      cloudTrail: false,
    });
    const s = resolveSettings({ windowDays: 90 }, stack);
    expect(s).toMatchObject({
      region: "eu-west-2",
      windowDays: 90,
      historyFiles: ["a.jsonl"],
      cloudTrail: false,
      unseenHistory: "warn",
      failClosed: true,
      failOnRelease: false,
      smsNumbers: "always",
      ratioPercent: 200,
    });
    expect(s.origin).toEqual({ quota: undefined, unseenHistory: "stack config connect-numbers:unseenHistory" });
    expect(resolveSettings({}, {})).toMatchObject({
      windowDays: 180,
      unseenHistory: "refuse",
      cloudTrail: true,
      historyFiles: [],
      allowReleases: [],
      origin: { unseenHistory: "default" },
    });
    expect(resolveSettings({ failOn: ["release"] }, {}).failOnRelease).toBe(true);
  });

  it("takes the ledger from the policy config, else the stack's connect-numbers:ledger, and refuses one it cannot read", () => {
    const stack = stackPackConfig({
      PULUMI_CONFIG: JSON.stringify({ "connect-numbers:ledger": "dynamodb:team-ledger" }),
    });
    expect(stack).toEqual({ ledger: "dynamodb:team-ledger" });
    expect(resolveSettings({}, stack).ledger).toBe("dynamodb:team-ledger");
    expect(resolveSettings({ ledger: "off" }, stack).ledger).toBe("off");
    expect(resolveSettings({}, {}).ledger).toBeUndefined();
    expect(() => resolveSettings({}, { ledger: "dynamodb:x" })).toThrow(
      /^stack config connect-numbers:ledger: ledger = "dynamodb:x": "x" is not a DynamoDB table name/,
    );
    expect(() => resolveSettings({ ledger: "s3:bucket" }, {})).toThrow(PackConfigError);
  });

  it("lets through the releases the stack's connect-numbers:allowReleases names (the provider's) with its own", () => {
    const stack = stackPackConfig({
      PULUMI_CONFIG: JSON.stringify({ "connect-numbers:allowReleases": '["sales","+18005550100"]' }),
    });
    expect(stack).toEqual({ allowReleases: ["sales", "+18005550100"] });
    expect(resolveSettings({}, stack).allowReleases).toEqual(["sales", "+18005550100"]);
    expect(resolveSettings({ allowReleases: ["support", "sales"] }, stack).allowReleases).toEqual([
      "support",
      "sales",
      "+18005550100",
    ]);
    // `pulumi config set connect-numbers:allowReleases sales` stores one string: a list of one, as the provider reads.
    expect(stackPackConfig({ PULUMI_CONFIG: JSON.stringify({ "connect-numbers:allowReleases": "sales" }) })).toEqual({
      allowReleases: ["sales"],
    });
  });

  it("refuses a stack value it cannot read, naming the key, the value and the fix", () => {
    expect(() =>
      stackPackConfig({ PULUMI_CONFIG: JSON.stringify({ "connect-numbers:windowDays": "six months" }) }),
    ).toThrow(
      /^stack config: connect-numbers:windowDays = "six months": .*pulumi config set connect-numbers:windowDays VALUE/,
    );
    expect(() =>
      stackPackConfig({ PULUMI_CONFIG: JSON.stringify({ "connect-numbers:unseenHistory": "maybe" }) }),
    ).toThrow(/connect-numbers:unseenHistory/);
    expect(stackPackConfig({})).toEqual({});
  });
});
