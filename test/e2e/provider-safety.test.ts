import { DescribePhoneNumberCommand } from "@aws-sdk/client-connect";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/pulumi-workspace";
import { NumbersStack, numbersStack } from "./numbers-fixture";

const PHONE_TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";

describe("provider: no number is ever claimed twice or leaked", () => {
  let s: NumbersStack;
  afterEach(() => s?.cleanup());

  const phoneResources = async () =>
    ((await s.ws.stackExport()).deployment.resources ?? []).filter((r) => r.type === PHONE_TYPE);

  it("recovers a claim whose answer was lost (commit, then the connection drops on every retry) without a second claim", async () => {
    s = await numbersStack();
    await s.declare([{ name: "sales", target: "instance", countryCode: "US", type: "DID", prefix: "+1206" }]);
    await s.emu.control.fault({ operation: "ClaimPhoneNumber", kind: "drop-after-commit", count: 20 });
    const lost = await s.up();
    expect(lost.code).not.toBe(0);
    expect(await phoneResources()).toEqual([]);
    const claims = (await s.emu.control.events()).filter((e) => e.action === "claim");
    expect(claims).toHaveLength(1);

    await s.emu.control.clearFaults();
    await s.upOk();
    const [resource] = await phoneResources();
    expect(resource.id).toBe(claims[0].phoneNumberId);
    expect((await s.emu.control.events()).filter((e) => e.action === "claim")).toHaveLength(1);
  });

  it("recovers from a run killed mid-create: cancel, clear the pending create, up again — the same number, one claim", async () => {
    s = await numbersStack({ claimDelayMs: 600_000 });
    await s.declare([{ name: "sales", target: "instance", countryCode: "US", type: "DID" }]);
    const runner = path.join(REPO_ROOT, "dist/scripts/pulumi-inline.js");
    const child = spawn(
      process.execPath,
      [runner, "--cwd", s.ws.programDir, "up", "--yes", "--skip-preview", "--non-interactive"],
      { env: s.ws.env, stdio: "ignore", detached: true },
    );
    for (let i = 0; i < 150 && (await s.emu.control.events()).length === 0; i++)
      await new Promise((r) => setTimeout(r, 200));
    process.kill(-child.pid!, "SIGKILL"); // the claim is made, the provider is waiting for CLAIMED, Pulumi never hears back
    await new Promise((r) => child.once("exit", r));
    const [claim] = await s.emu.control.events();
    await s.emu.control.settings({ claimDelayMs: 0 });
    await s.emu.control.clock({ advanceMs: 600_000 });

    const locked = await s.up();
    expect(locked.code).not.toBe(0);
    expect(locked.stdout + locked.stderr).toMatch(/locked/);
    await s.ws.pulumiOk(["cancel", "--yes", "--non-interactive"]);
    await s.ws.pulumiOk(["refresh", "--clear-pending-creates", "--yes", "--non-interactive", "--skip-preview"]);
    await s.upOk();
    const [resource] = await phoneResources();
    expect(resource.id).toBe(claim.phoneNumberId);
    expect(await s.emu.control.events()).toHaveLength(1);
  });

  it("finishes a release whose answer was lost, counting one release", async () => {
    s = await numbersStack();
    await s.declare([{ name: "support", target: "instance", phoneNumber: "+18005550100" }]);
    await s.upOk();
    await s.emu.control.fault({ operation: "ReleasePhoneNumber", kind: "drop-after-commit", count: 20 });
    expect((await s.ws.destroy()).code).not.toBe(0);
    expect(await phoneResources()).toHaveLength(1);
    await s.emu.control.clearFaults();
    expect((await s.ws.destroy()).code).toBe(0);
    expect(await phoneResources()).toEqual([]);
    expect((await s.emu.control.events()).map((e) => e.action)).toEqual(["claim", "release"]);
  });

  it("adopts numbers the account holds, by id or by number, with zero churn", async () => {
    s = await numbersStack();
    const seeded = (
      await s.emu.control.seed({
        numbers: [{ phoneNumber: "+12065550111" }, { phoneNumber: "+12065550112", description: "legacy" }],
      })
    ).numbers;
    await s.declare([
      { name: "legacy-a", phoneNumberId: seeded[0].phoneNumberId, description: "adopted", deletionProtection: true },
      { name: "legacy-b", adopt: true, phoneNumber: "+12065550112", target: "instance", tags: { team: "cx" } },
    ]);
    await s.upOk();
    expect(await s.emu.control.events()).toEqual([]);
    const a = (await s.connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: seeded[0].phoneNumberId })))
      .ClaimedPhoneNumberSummary!;
    expect(a).toMatchObject({
      PhoneNumberDescription: "adopted",
      Tags: expect.objectContaining({ "connect-numbers:urn": `urn:pulumi:dev::numbers::${PHONE_TYPE}::legacy-a` }),
    });
    expect((await s.outputs()).numbers).toEqual({ "legacy-a": "+12065550111", "legacy-b": "+12065550112" });
    const { digest } = await s.ws.previewJson();
    expect(digest.steps.filter((st) => st.op !== "same")).toEqual([]);
  });

  it("refuses, at apply time, a claim that would cross the churn budget, and says why", async () => {
    s = await numbersStack({ quota: 3 });
    const now = Date.now();
    await s.emu.control.seed({
      events: Array.from({ length: 5 }, (_, i) => ({ at: now - (i + 1) * 86_400_000, action: "release" as const })),
    });
    await s.declare([
      { name: "one", target: "instance", phoneNumber: "+18005550100" },
      { name: "two", target: "instance", phoneNumber: "+18005550101" },
    ]);
    const result = await s.up();
    expect(result.code).not.toBe(0);
    const text = result.stdout + result.stderr;
    expect(text).toMatch(
      /refusing to claim \+1800555010[01]: This plan makes 1 claim and 0 releases; the rolling 180-day window already holds 6 of 6/,
    );
    expect(text).toContain("connect-numbers:allowQuotaOverrun true");
    expect((await s.emu.control.events()).filter((e) => e.action === "claim")).toHaveLength(1);
    expect(await phoneResources()).toHaveLength(1);
  });

  it("previews a number whose target is unknown until apply, then claims it", async () => {
    s = await numbersStack();
    await s.declare([{ name: "later-number", target: "unknown-instance", countryCode: "US", type: "DID" }]);
    const { result, digest } = await s.ws.previewJson();
    expect(result.code).toBe(0);
    expect(digest.steps.find((st) => st.urn.endsWith("::later-number"))?.op).toBe("create");
    await s.upOk();
    expect(await phoneResources()).toHaveLength(1);
  });
});
