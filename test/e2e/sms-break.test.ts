import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  CreatePoolCommand,
  DescribePhoneNumbersCommand,
  ReleasePhoneNumberCommand,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { SMS_NUMBER_TYPE } from "../../core/sms";
import { REPO_ROOT } from "../../scripts/pulumi-workspace";
import { cli } from "./cli-helpers";
import { AWS_SMS_LIMIT, SmsStack, smsStack } from "./sms-fixture";

/** Paths a user meets that the main SMS suite does not walk: crashes, pools, refresh, bad inputs, many numbers. */
const urnOf = (name: string) => `urn:pulumi:dev::sms-numbers::${SMS_NUMBER_TYPE}::${name}`;
const long = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  isoCountryCode: "US",
  messageType: "TRANSACTIONAL",
  numberCapabilities: ["SMS"],
  numberType: "LONG_CODE",
  ...extra,
});

describe("OriginationNumber: breaking paths through the real Pulumi CLI", () => {
  let s: SmsStack | undefined;
  afterEach(async () => {
    await s?.cleanup();
    s = undefined;
  });

  const smsResources = async (st: SmsStack) =>
    (await st.ws.stackExport()).deployment.resources?.filter((r) => r.type === SMS_NUMBER_TYPE) ?? [];

  /** Plugins of a killed `pulumi` (they run in their own process group) that still run in this workspace. */
  function orphans(root: string): number[] {
    return fs
      .readdirSync("/proc")
      .filter((d) => /^\d+$/.test(d))
      .map(Number)
      .filter((pid) => {
        try {
          return fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(root);
        } catch {
          return false;
        }
      });
  }

  it("a run killed while waiting for ACTIVE, retried after the token window: the next up takes the same number, one request, none leaked", async () => {
    s = await smsStack();
    await s.declare([long("support", { numberType: "TOLL_FREE", waitForActiveSeconds: 600 })]);
    const runner = path.join(REPO_ROOT, "dist/scripts/pulumi-inline.js");
    const child = spawn(
      process.execPath,
      [runner, "--cwd", s.ws.programDir, "up", "--yes", "--skip-preview", "--non-interactive"],
      { env: s.ws.env, stdio: "ignore", detached: true },
    );
    for (let i = 0; i < 300 && (await s.control.events()).length === 0; i++)
      await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 1500)); // tagged and waiting for ACTIVE
    process.kill(-child.pid!, "SIGKILL");
    await new Promise((r) => child.once("exit", r));
    for (const pid of orphans(s.ws.root)) process.kill(pid, "SIGKILL");
    const [request] = await s.control.events();
    // A toll-free number is PENDING for days; the user comes back after AWS forgot the token.
    await s.emu.control.clock({ advanceDays: 4 });
    await s.declare([long("support", { numberType: "TOLL_FREE", waitForActiveSeconds: 5 })]);

    await s.ws.pulumiOk(["cancel", "--yes", "--non-interactive"]);
    await s.ws.pulumiOk(["refresh", "--clear-pending-creates", "--yes", "--non-interactive", "--skip-preview"]);
    await s.upOk();
    const [resource] = await smsResources(s);
    expect(resource.id).toBe(request.phoneNumberId);
    expect((await s.actions()).filter((a) => a.startsWith("request"))).toHaveLength(1);
    expect((await s.control.numbers()).numbers.filter((n) => n.Status !== "DELETED")).toHaveLength(1);
  }, 300_000);

  it("refresh after a release behind Pulumi's back drops the number; the next up requests a new one", async () => {
    s = await smsStack();
    await s.declare([long("alerts")]);
    await s.upOk();
    const { ids } = await s.outputs();
    await s.sms.send(new ReleasePhoneNumberCommand({ PhoneNumberId: ids.alerts }));
    const refreshed = await s.ws.pulumi(["refresh", "--yes", "--non-interactive", "--skip-preview"]);
    expect(refreshed.code).toBe(0);
    expect(await smsResources(s)).toEqual([]);
    await s.upOk();
    expect((await s.outputs()).ids.alerts).not.toBe(ids.alerts);
  });

  it("a pool number: removal refused with the fix; with forceDisassociate it leaves the pool and is released", async () => {
    s = await smsStack();
    await s.declare([long("anchor"), long("pooled")]);
    await s.upOk();
    const { ids } = await s.outputs();
    const pool = await s.sms.send(
      new CreatePoolCommand({ OriginationIdentity: ids.anchor, IsoCountryCode: "US", MessageType: "TRANSACTIONAL" }),
    );
    await s.declare([long("anchor", { poolId: pool.PoolId }), long("pooled", { poolId: pool.PoolId })]);
    await s.upOk();
    const info = async (id: string) =>
      (await s!.sms.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [id] }))).PhoneNumbers![0];
    expect((await info(ids.pooled)).PoolId).toBe(pool.PoolId);

    await s.declare([long("anchor", { poolId: pool.PoolId })]);
    const refused = await s.up();
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/OriginationNumber "pooled".*pool/);
    expect((await info(ids.pooled)).Status).toBe("ACTIVE");
    expect((await smsResources(s)).some((r) => r.urn === urnOf("pooled"))).toBe(true);

    await s.declare([
      long("anchor", { poolId: pool.PoolId }),
      long("pooled", { poolId: pool.PoolId, forceDisassociate: true }),
    ]);
    await s.upOk();
    await s.declare([long("anchor", { poolId: pool.PoolId })]);
    await s.upOk();
    expect((await s.actions()).filter((a) => a.startsWith("release"))).toHaveLength(1);
  });

  it("bad inputs fail at preview naming the resource, the value and the fix; nothing is requested", async () => {
    s = await smsStack();
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        long("lower", { isoCountryCode: "us" }),
        'OriginationNumber "lower": isoCountryCode = "us": is not an ISO 3166 alpha-2 code. Use upper case: "US".',
      ],
      [long("caps", { numberCapabilities: ["SMS", "FAX"] }), 'OriginationNumber "caps": numberCapabilities'],
      [
        long("sim", { numberType: "SIMULATOR", messageType: "PROMOTIONAL" }),
        'OriginationNumber "sim": messageType = "PROMOTIONAL": must be TRANSACTIONAL for a SIMULATOR number',
      ],
      [
        long("optout", { optOutListName: "my list" }),
        'OriginationNumber "optout": optOutListName = "my list": is not a name, id or ARN',
      ],
    ];
    for (const [declared, message] of cases) {
      await s.declare([declared]);
      const r = await s.ws.preview();
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toContain(message);
    }
    expect(await s.actions()).toEqual([]);
  });

  it("many numbers at once stay within 1 request/second: no throttling error reaches the user", async () => {
    s = await smsStack({}, AWS_SMS_LIMIT);
    await s.declare(Array.from({ length: 12 }, (_, i) => long(`n${i}`)));
    const r = await s.up();
    expect(r.stdout + r.stderr).not.toMatch(/Throttl|Rate exceeded/i);
    expect(r.code).toBe(0);
    expect((await s.actions()).filter((a) => a.startsWith("request"))).toHaveLength(12);
  });

  it("a rename without an alias: check lists the SMS release apart from Connect's; a protected one exits 1", async () => {
    s = await smsStack();
    await s.declare([long("old-name", { deletionProtectionEnabled: true }), long("plain")]);
    await s.upOk();
    await s.declare([long("new-name", { deletionProtectionEnabled: true }), long("plain-renamed")]);
    const { result } = await s.ws.previewJson({ extraArgs: ["--show-replacement-steps"] });
    expect(result.code).toBe(0);
    const gate = await cli(["check", "--quota", "10", "--unseen-history", "warn", "--format", "json"], {
      stdin: result.stdout,
    });
    const body = JSON.parse(gate.stdout);
    expect(body.sms.released.map((x: { resource: string }) => x.resource).sort()).toEqual([
      urnOf("old-name"),
      urnOf("plain"),
    ]);
    expect(gate.code).toBe(1);
    const text = await cli(["check", "--quota", "10", "--unseen-history", "warn"], { stdin: result.stdout });
    expect(text.stdout).toContain("BLOCKING: AWS refuses (deletion protection)");
  });
});
