import fc from "fast-check";
import { Owner, ownerFromUrn, ownershipFromTags, ownershipTags } from "../../../core";
import { PULUMI_AWS_SMS_NUMBER_TYPE, SMS_NUMBER_TYPE } from "../../../core/sms";
import { declaredSmsNumbers } from "../declared";
import { ListedSms, deriveSmsPlan } from "../plan";
import { UNKNOWN, resource, urn } from "../../__tests__/resources";

const STACK = "shop/dev";
const smsUrn = (name: string, parents: string[] = []) => urn(name, SMS_NUMBER_TYPE, parents);
const longCode = {
  isoCountryCode: "US",
  messageType: "TRANSACTIONAL",
  numberCapabilities: ["SMS"],
  numberType: "LONG_CODE",
};
const ARN = (id: string, region = "us-east-1") => `arn:aws:sms-voice:${region}:123456789012:phone-number/${id}`;

/** A number as DescribePhoneNumbers lists it, tagged by core/owner.ts for this owner URN (none: untagged). */
function listed(
  id: string,
  phoneNumber: string,
  ownerUrn: string | undefined,
  extra: Partial<ListedSms> = {},
): ListedSms {
  const owner =
    ownerUrn === undefined ? undefined : ownershipFromTags(ownershipTags(ownerFromUrn(ownerUrn) as Owner, "lease-1"));
  return {
    phoneNumberId: id,
    arn: ARN(id),
    phoneNumber,
    region: "us-east-1",
    ...longCode,
    deletionProtectionEnabled: false,
    owner,
    ...extra,
  };
}
const sms = (
  name: string,
  props: Record<string, unknown>,
  opts: Parameters<typeof resource>[2] = {},
  parents: string[] = [],
) => resource(name, props, opts, SMS_NUMBER_TYPE, parents);
const plan = (resources: Parameters<typeof declaredSmsNumbers>[0], numbers: ListedSms[]) =>
  deriveSmsPlan(declaredSmsNumbers(resources), numbers, STACK);
const short = (p: ReturnType<typeof plan>) =>
  p.releases.map(
    (r) => `${r.reason} ${r.resource.split("::").pop()} ${r.refused?.reason ?? "-"}${r.refused?.assumed ? "?" : ""}`,
  );

describe("deriveSmsPlan: the stack's SMS numbers by their ownership tags, never by bare name", () => {
  it("keeps a number under its URN or an alias; releases one no declared resource owns; leaves other stacks' and untagged numbers alone", () => {
    const numbers = [
      listed("phone-1", "+12065550101", smsUrn("alerts")),
      listed("phone-2", "+12065550102", smsUrn("support")),
      listed("phone-3", "+12065550103", smsUrn("gone")),
      listed("phone-4", "+12065550104", "urn:pulumi:prod::shop::pulumi-nodejs:dynamic/sms:OriginationNumber::gone"),
      listed("phone-5", "+12065550105", undefined),
    ];
    const p = plan([sms("alerts", longCode), sms("helpline", longCode, { aliases: [smsUrn("support")] })], numbers);
    expect(short(p)).toEqual(["delete gone -"]);
    expect(p.requests).toEqual([]);
  });

  it("a resource of the same name under another parent does not get the number: a release and a request", () => {
    const p = plan(
      [sms("alerts", longCode, {}, ["acme:index:Centre"])],
      [listed("phone-1", "+12065550101", smsUrn("alerts"))],
    );
    expect(short(p)).toEqual(["delete alerts -"]);
    expect(p.requests.map((q) => q.resource)).toEqual([smsUrn("alerts", ["acme:index:Centre"])]);
  });

  it("an unchanged resource (outputs) holds the number its outputs name, tags read or not", () => {
    const outputs = {
      ...longCode,
      phoneNumberId: "phone-1",
      arn: ARN("phone-1"),
      origin: "request",
      phoneNumber: "+12065550101",
    };
    expect(plan([sms("alerts", outputs)], [listed("phone-1", "+12065550101", undefined)]).releases).toEqual([]);
  });
});

describe("deriveSmsPlan: replacements, by the provider's rule", () => {
  const alerts = listed("phone-1", "+12065550101", smsUrn("alerts"), { deletionProtectionEnabled: true });

  it.each([
    ["another message type", { messageType: "PROMOTIONAL" }, ["messageType"]],
    ["another capability set", { numberCapabilities: ["SMS", "VOICE"] }, ["numberCapabilities"]],
    ["another registration", { registrationId: "reg-2" }, ["registrationId"]],
    ["another region", { region: "eu-west-1" }, ["region"]],
    ["another adopted id", { phoneNumberId: "phone-9" }, ["phoneNumberId"]],
    ["a number type unknown at preview", { numberType: UNKNOWN }, ["numberType"]],
    ["capabilities unknown at preview", { numberCapabilities: UNKNOWN }, ["numberCapabilities"]],
  ])("%s replaces it, and the protected old number's release is refused", (_, change, forcedBy) => {
    const p = plan([sms("alerts", { ...longCode, ...change })], [alerts]);
    expect(p.releases).toEqual([
      expect.objectContaining({
        reason: "replace",
        forcedBy,
        refused: expect.objectContaining({ reason: "deletion-protection" }),
      }),
    ]);
  });

  it.each([
    ["the same capabilities in another order", { numberCapabilities: ["MMS", "SMS"] }],
    ["no registration (it cannot be taken off)", { registrationId: undefined }],
    ["the same number adopted by ARN", { phoneNumberId: ARN("phone-1") }],
    ["settings changed in place", { deletionProtectionEnabled: false, twoWayChannelEnabled: true }],
  ])("%s changes nothing", (_, change) => {
    const mms = { ...longCode, numberCapabilities: ["SMS", "MMS"] };
    expect(
      plan(
        [sms("alerts", { ...mms, ...change })],
        [listed("phone-1", "+12065550101", smsUrn("alerts"), { ...mms, registrationId: "reg-1" })],
      ).releases,
    ).toEqual([]);
  });

  it("ignoreChanges keeps an input from forcing anything", () => {
    expect(
      plan([sms("alerts", { ...longCode, messageType: "PROMOTIONAL" }, { ignoreChanges: ["messageType"] })], [alerts])
        .releases,
    ).toEqual([]);
  });
});

describe("deriveSmsPlan: which releases AWS refuses (core/sms.ts judgeSmsDelete over what DescribePhoneNumbers says)", () => {
  it("deletion protection; a pool, assumed refused when the removed resource's forceDisassociate cannot be seen; a replacement's pool by its declared forceDisassociate", () => {
    const numbers = [
      listed("phone-1", "+12065550101", smsUrn("guarded"), { deletionProtectionEnabled: true }),
      listed("phone-2", "+12065550102", smsUrn("pooled"), { poolId: "pool-1" }),
      listed("phone-3", "+12065550103", smsUrn("plain")),
      listed("phone-4", "+12065550104", smsUrn("leaving"), { poolId: "pool-1" }),
      listed("phone-5", "+12065550105", smsUrn("staying"), { poolId: "pool-1" }),
    ];
    const p = plan(
      [
        sms("leaving", { ...longCode, messageType: "PROMOTIONAL", forceDisassociate: true }),
        sms("staying", { ...longCode, messageType: "PROMOTIONAL" }),
      ],
      numbers,
    );
    expect(short(p).sort()).toEqual(
      [
        "delete guarded deletion-protection",
        "delete plain -",
        "delete pooled pool?",
        "replace leaving -",
        "replace staying pool",
      ].sort(),
    );
    expect(p.releases.find((r) => r.resource === smsUrn("guarded"))!.refused!.message).toContain(
      'OriginationNumber "guarded" (+12065550101, phone-1) has deletion protection on',
    );
  });

  it("every owned number is released exactly once, and refused exactly when protected or pooled (property)", () => {
    const names = ["a", "b", "c", "d", "e", "f"];
    fc.assert(
      fc.property(
        fc.array(fc.record({ declared: fc.boolean(), protectedNow: fc.boolean(), pooled: fc.boolean() }), {
          minLength: names.length,
          maxLength: names.length,
        }),
        (shape) => {
          const numbers = shape.map((x, i) =>
            listed(`phone-${i}`, `+1206555010${i}`, smsUrn(names[i]), {
              deletionProtectionEnabled: x.protectedNow,
              poolId: x.pooled ? "pool-1" : undefined,
            }),
          );
          const p = plan(
            names.filter((_, i) => shape[i].declared).map((n) => sms(n, longCode)),
            numbers,
          );
          const expected = names.filter((_, i) => !shape[i].declared);
          expect(p.releases.map((r) => r.resource).sort()).toEqual(expected.map((n) => smsUrn(n)).sort());
          for (const r of p.releases) {
            const x = shape[names.indexOf(r.resource.split("::").pop()!)];
            expect(r.refused !== undefined).toBe(x.protectedNow || x.pooled);
          }
        },
      ),
    );
  });
});

describe("deriveSmsPlan: requests, and what CrossGuard lets it see of pulumi-aws", () => {
  it("a new OriginationNumber requests one, an adoption does not; a new pulumi-aws Smsvoicev2PhoneNumber (no arn yet) does, an existing one is invisible", () => {
    const p = plan(
      [
        sms("fresh", longCode),
        sms("adopted", { phoneNumberId: "phone-7" }),
        resource("aws-new", { ...longCode, arn: UNKNOWN }, {}, PULUMI_AWS_SMS_NUMBER_TYPE),
        resource("aws-old", { ...longCode, arn: ARN("phone-8") }, {}, PULUMI_AWS_SMS_NUMBER_TYPE),
      ],
      [listed("phone-7", "+12065550107", undefined), listed("phone-8", "+12065550108", undefined)],
    );
    expect(p.requests.map((q) => q.resource.split("::").pop())).toEqual(["fresh", "aws-new"]);
    expect(p.requests[1].note).toContain("its release is not visible to CrossGuard");
    expect(p.releases).toEqual([]);
  });
});

describe("deriveSmsPlan: an old instance pending delete in the stack's state (as check reads it from the steps)", () => {
  const outputs = { ...longCode, phoneNumberId: "phone-1", arn: ARN("phone-1"), phoneNumber: "+12065550101" };
  const declared = () => declaredSmsNumbers([sms("alerts", outputs)]);
  const old = (protectedNow: boolean) => [
    listed("phone-1", "+12065550101", smsUrn("alerts")),
    listed("phone-9", "+12065550109", smsUrn("alerts"), { deletionProtectionEnabled: protectedNow }),
  ];
  const pending = [
    { urn: smsUrn("alerts"), type: SMS_NUMBER_TYPE, phoneNumberId: "phone-9", deletionProtection: false },
  ];

  it("a declared resource's second number is left for the state to tell, and released when the state holds it pending delete", () => {
    const unread = deriveSmsPlan(declared(), old(false), STACK);
    expect(unread.releases).toEqual([]);
    expect(unread.leftBehind.map((n) => n.phoneNumberId)).toEqual(["phone-9"]);
    const read = deriveSmsPlan(declared(), old(false), STACK, pending);
    expect(short(read)).toEqual(["pending-delete alerts -"]);
    expect(read.releases[0]).toMatchObject({ phoneNumber: "+12065550109", phoneNumberId: "phone-9" });
    expect(read.leftBehind).toEqual([]);
  });

  it("is refused as AWS refuses it: deletion protection on the number now", () => {
    expect(short(deriveSmsPlan(declared(), old(true), STACK, pending))).toEqual([
      "pending-delete alerts deletion-protection",
    ]);
  });
});
