import {
  DescribePhoneNumbersCommand,
  ListTagsForResourceCommand,
  ReleasePhoneNumberCommand,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { SMS_NUMBER_TYPE } from "../../core/sms";
import { REPO_ROOT } from "../../scripts/pulumi-workspace";
import { SmsStack, smsStack } from "./sms-fixture";

describe("provider: OriginationNumber through the real Pulumi CLI against the emulator", () => {
  let s: SmsStack;
  beforeAll(async () => {
    s = await smsStack();
  });
  afterAll(() => s?.cleanup());

  const describe_ = async (id: string) =>
    (await s.sms.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [id] }))).PhoneNumbers![0];
  const tags = async (arn: string) =>
    Object.fromEntries(
      ((await s.sms.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags ?? []).map((t) => [
        t.Key,
        t.Value,
      ]),
    );
  const alerts = {
    name: "alerts",
    isoCountryCode: "US",
    messageType: "TRANSACTIONAL",
    numberCapabilities: ["SMS", "VOICE"],
    numberType: "LONG_CODE",
    connect: true,
    tags: { team: "cx" },
  };

  it("requests a number with ownership tags, routes its inbound SMS to Connect, and waits for ACTIVE", async () => {
    await s.declare([alerts]);
    await s.upOk();
    const out = await s.outputs();
    expect(out.statuses.alerts).toBe("ACTIVE");
    const info = await describe_(out.ids.alerts);
    expect(info).toMatchObject({
      PhoneNumber: out.numbers.alerts,
      Status: "ACTIVE",
      TwoWayEnabled: true,
      TwoWayChannelArn: "connect.us-east-1.amazonaws.com",
    });
    expect(await tags(info.PhoneNumberArn!)).toMatchObject({
      team: "cx",
      "connect-numbers:stack": "sms-numbers/dev",
      "connect-numbers:urn": `urn:pulumi:dev::sms-numbers::${SMS_NUMBER_TYPE}::alerts`,
      "connect-numbers:owner": expect.stringMatching(/^[0-9a-f-]{36}$/),
      "connect-numbers:lease": expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(await s.actions()).toEqual([`request ${out.numbers.alerts}`]);
    const state = await s.ws.stackExport();
    const resources = state.deployment.resources!.filter((r) => r.type === SMS_NUMBER_TYPE);
    expect(resources).toHaveLength(1);
    // The serialized provider names the runtime by package, never by a path of this machine.
    const closure = String(resources[0].outputs!.__provider);
    expect(closure).toContain("connect-numbers/provider/sms/runtime");
    expect(closure).not.toContain(REPO_ROOT);
    expect(closure).not.toContain(s.ws.root);
  });

  it("previews no change for the same program", async () => {
    const { result, digest } = await s.ws.previewJson();
    expect(result.code).toBe(0);
    expect(digest.steps.filter((st) => st.op !== "same")).toEqual([]);
  });

  const urnOf = (name: string) => `urn:pulumi:dev::sms-numbers::${SMS_NUMBER_TYPE}::${name}`;

  it("up --replace gets the same number back (the token's replay) and hands it over: no request, no release", async () => {
    const before = await s.outputs();
    const leaseBefore = (await tags((await describe_(before.ids.alerts)).PhoneNumberArn!))["connect-numbers:lease"];
    await s.upOk(["--replace", urnOf("alerts")]);
    const after = await s.outputs();
    expect(after.ids.alerts).toBe(before.ids.alerts);
    expect((await describe_(after.ids.alerts)).Status).toBe("ACTIVE");
    expect((await tags((await describe_(after.ids.alerts)).PhoneNumberArn!))["connect-numbers:lease"]).not.toBe(
      leaseBefore,
    );
    expect(await s.actions()).toEqual([`request ${before.numbers.alerts}`]);
  });

  const protectedAlerts = {
    ...alerts,
    deletionProtectionEnabled: true,
    selfManagedOptOutsEnabled: true,
    tags: { team: "cx", tier: "1" },
  };

  it("updates deletion protection, opt-outs and tags in place: no new number", async () => {
    await s.declare([protectedAlerts]);
    const { digest } = await s.ws.previewJson();
    expect(
      digest.steps
        .filter((st) => st.newState?.type === SMS_NUMBER_TYPE && st.op !== "same")
        .map((st) => `${st.op} ${st.urn.split("::").pop()}`),
    ).toEqual(["update alerts"]);
    await s.upOk();
    const { ids } = await s.outputs();
    const info = await describe_(ids.alerts);
    expect(info).toMatchObject({
      DeletionProtectionEnabled: true,
      SelfManagedOptOutsEnabled: true,
      TwoWayEnabled: true,
    });
    expect(await tags(info.PhoneNumberArn!)).toMatchObject({ team: "cx", tier: "1" });
    expect(await s.actions()).toHaveLength(1);
  });

  const support = {
    name: "support",
    isoCountryCode: "US",
    messageType: "TRANSACTIONAL",
    numberCapabilities: ["SMS"],
    numberType: "TOLL_FREE",
    waitForActiveSeconds: 2,
  };

  it("keeps a toll-free number that outlives the wait limit: the up says so, the id stays in state, a later up picks it up", async () => {
    await s.declare([protectedAlerts, support]);
    const first = await s.up();
    expect(first.code).not.toBe(0);
    expect(first.stdout + first.stderr).toMatch(
      /OriginationNumber "support": \+1\d{10} \(phone-[0-9a-f]{32}\) is still PENDING after 2s\. AWS can keep TOLL_FREE and TEN_DLC numbers PENDING for days/,
    );
    const held = (await s.ws.stackExport()).deployment.resources!.find((r) => r.urn === urnOf("support"))!;
    expect(held.id).toMatch(/^phone-[0-9a-f]{32}$/);
    expect(held.outputs).toMatchObject({ status: "PENDING", phoneNumberId: held.id });
    expect(await s.actions()).toHaveLength(2);

    // Still PENDING: the next up waits again and says so again; nothing new is requested.
    expect((await s.up()).code).not.toBe(0);
    await s.emu.control.clock({ advanceDays: 3 });
    await s.upOk();
    const out = await s.outputs();
    expect(out.ids.support).toBe(held.id);
    expect(out.statuses.support).toBe("ACTIVE");
    expect(await s.actions()).toHaveLength(2);
  });

  it("refuses to release a protected number with our message, and releases it after the two-step fix", async () => {
    const { ids, numbers } = await s.outputs();
    await s.declare([support]);
    const refused = await s.up();
    expect(refused.code).not.toBe(0);
    const text = refused.stdout + refused.stderr;
    expect(text).toContain(`OriginationNumber "alerts" (${numbers.alerts}, ${ids.alerts}) has deletion protection on`);
    expect(text).toContain(
      "1) set deletionProtectionEnabled: false, changing nothing else, and run `pulumi up`; 2) then remove the resource (or `pulumi destroy`), or make the change that replaces it",
    );
    expect((await describe_(ids.alerts)).Status).toBe("ACTIVE");
    expect((await s.ws.stackExport()).deployment.resources!.some((r) => r.urn === urnOf("alerts"))).toBe(true);
    expect((await s.actions()).filter((a) => a.startsWith("release"))).toEqual([]);

    await s.declare([{ ...protectedAlerts, deletionProtectionEnabled: false }, support]);
    await s.upOk();
    await s.declare([support]);
    await s.upOk();
    expect((await s.actions()).filter((a) => a.startsWith("release"))).toEqual([`release ${numbers.alerts}`]);
    expect((await describe_(ids.alerts)).Status).toBe("DISASSOCIATING");
  });

  it("adopts a number the account holds by ARN: no request, its protection kept; a second up is a no-op", async () => {
    const seeded = (
      await s.control.seed({
        numbers: [{ phoneNumber: "+12065550177", deletionProtectionEnabled: true, tags: { owner: "legacy" } }],
      })
    ).numbers[0];
    const before = await s.actions();
    await s.declare([
      support,
      { name: "legacy", phoneNumberId: seeded.phoneNumberArn, tags: { owner: "legacy", team: "cx" } },
    ]);
    await s.upOk();
    expect(await s.actions()).toEqual(before);
    const out = await s.outputs();
    expect(out.ids.legacy).toBe(seeded.phoneNumberId);
    expect(out.numbers.legacy).toBe("+12065550177");
    expect(await describe_(seeded.phoneNumberId)).toMatchObject({ DeletionProtectionEnabled: true, Status: "ACTIVE" });
    expect(await tags(seeded.phoneNumberArn)).toMatchObject({
      owner: "legacy",
      team: "cx",
      "connect-numbers:stack": "sms-numbers/dev",
    });
    const legacy = (await s.ws.stackExport()).deployment.resources!.find((r) => r.urn === urnOf("legacy"))!;
    expect(legacy.outputs).toMatchObject({ origin: "adopt", deletionProtectionEnabled: true });
    const { digest } = await s.ws.previewJson();
    expect(digest.steps.filter((st) => st.op !== "same")).toEqual([]);
  });

  it("destroy releases what it may and stops at a protected number; a number already released counts as released", async () => {
    const { ids, numbers } = await s.outputs();
    const blocked = await s.ws.destroy();
    expect(blocked.code).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain(
      `OriginationNumber "legacy" (+12065550177, ${ids.legacy}) has deletion protection on`,
    );
    expect(await s.actions()).toContain(`release ${numbers.support}`);
    expect((await describe_(ids.legacy)).Status).toBe("ACTIVE");

    await s.declare([{ name: "legacy", phoneNumberId: ids.legacy, deletionProtectionEnabled: false }]);
    await s.upOk();
    // Released behind Pulumi's back (or a retry after a lost answer): the delete finds it gone and succeeds.
    await s.sms.send(new ReleasePhoneNumberCommand({ PhoneNumberId: ids.legacy }));
    const down = await s.ws.destroy();
    expect(down.code).toBe(0);
    expect((await s.actions()).filter((a) => a === "release +12065550177")).toHaveLength(1);
    expect((await s.ws.stackExport()).deployment.resources?.filter((r) => r.type === SMS_NUMBER_TYPE) ?? []).toEqual(
      [],
    );
  });
});
