import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunningEmulator, startEmulator } from "../../emulator";
import { ClaimPhoneNumberCommand, ListPhoneNumbersV2Command } from "@aws-sdk/client-connect";
import { PHONE_NUMBER_SET_TYPE, PHONE_NUMBER_TYPE, ownerUrn } from "../../core";
import { openLedger, syncLedger } from "../../ledger";
import { defaultRule } from "../../core/settings";
import { Deployment, createWith, parseProviderConfig } from "../runtime";
import { placeOfInputs } from "../runtime/place";
import { PhoneNumberInputs } from "../shape";

/** The apply-time guard against the emulator: one budget per account and region, whatever races it. */
describe("provider guard", () => {
  let emu: RunningEmulator;
  let dir: string;
  let instanceArn: string;
  beforeEach(async () => {
    emu = await startEmulator({ claimDelayMs: 0, quota: 10 });
    instanceArn = (await emu.control.info()).instances[0];
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-guard-"));
    fs.writeFileSync(path.join(dir, "history.jsonl"), "");
  });
  afterEach(async () => {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const config = (extra: Record<string, string> = {}) => {
    // Quota 10 at 20%: room for 2 in the window, and for every claim on the instance (the capacity check, capacity.ts),
    // as in the emulator; so the churn guard is what stops claims, and every claim let through succeeds.
    const values: Record<string, string> = {
      "connect-numbers:endpoint": emu.endpoint,
      "connect-numbers:region": "us-east-1",
      "connect-numbers:historyFiles": path.join(dir, "history.jsonl"),
      "connect-numbers:quota": "10",
      "connect-numbers:ratioPercent": "20",
      "connect-numbers:ledger": `file:${path.join(dir, "ledger.json")}`,
      ...extra,
    };
    return parseProviderConfig((k) => values[k], {});
  };
  // Specific numbers: searches racing in parallel may also lose a number to each other, which is no guard matter.
  const inputs = (name: string, n = Number(name.slice(1))): PhoneNumberInputs => ({
    targetArn: instanceArn,
    phoneNumber: `+1206555010${n}`,
    ownerUrn: ownerUrn({ project: "p", stack: "dev", type: PHONE_NUMBER_TYPE, name }),
  });
  const claims = async () => (await emu.control.events()).filter((e) => e.action === "claim").length;

  it("lets exactly the budget through when six creates race (room for 2)", async () => {
    const dep = new Deployment(config(), () => undefined);
    try {
      const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => createWith(dep, inputs(`n${i}`))));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
      const refusals = results
        .filter((r): r is PromiseRejectedResult => r.status === "rejected")
        .map((r) => String(r.reason.message));
      expect(refusals).toHaveLength(4);
      for (const m of refusals) expect(m).toMatch(/refusing to claim .*already holds 2 of 2 \(20% of quota 10\)/);
      expect(await claims()).toBe(2);
    } finally {
      dep.destroy();
    }
  });

  it("says, refusing, how many counted slots are a dead deployment's reservations, and the sync that frees them", async () => {
    // A deployment killed after reserving 2 releases (the whole budget), before AWS answered either.
    const ledger = (await openLedger(`file:${path.join(dir, "ledger.json")}`, {}, { createIfMissing: true }))!;
    const { accountId } = await emu.control.info();
    const now = (await emu.control.clock()).ms;
    for (const n of [7, 8]) {
      const reserved = await ledger.reserve({
        scope: { accountId, region: "us-east-1" },
        action: "release",
        rule: defaultRule({ quota: 10, ratioPercent: 20 }),
        now,
        phoneNumber: `+1206555010${n}`,
      });
      expect(reserved.ok).toBe(true);
    }
    const dep = new Deployment(config(), () => undefined);
    try {
      await expect(createWith(dep, inputs("n0"))).rejects.toThrow(
        "2 of the 2 counted are reservations of deployments that have not finished (or died): if none is running, " +
          `\`connect-numbers ledger sync --ledger file:${path.join(dir, "ledger.json")} --region us-east-1\` frees those AWS has no record of`,
      );
      expect(await claims()).toBe(0);
    } finally {
      dep.destroy();
    }
  });

  it("frees the slot of a claim AWS refuses (a number another account holds): the room stays for the next", async () => {
    await emu.control.seed({ takenElsewhere: ["+12065550109"] });
    const dep = new Deployment(config(), () => undefined);
    try {
      await expect(createWith(dep, inputs("n9"))).rejects.toThrow(
        /\+12065550109 is not available: another AWS account holds it/,
      );
      // Room for 2: the refused claim took none of it.
      await createWith(dep, inputs("n0"));
      await createWith(dep, inputs("n1"));
      expect(await claims()).toBe(2);
    } finally {
      dep.destroy();
    }
  });

  it("still lets exactly the budget through when every answer arrives more than a second late", async () => {
    await emu.control.fault({ operation: "ClaimPhoneNumber", kind: "latency", latencyMs: 1_100 });
    const dep = new Deployment(config(), () => undefined);
    try {
      const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => createWith(dep, inputs(`n${i}`))));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
      expect(await claims()).toBe(2);
    } finally {
      dep.destroy();
    }
  });

  it("is one guard per account and region for every copy of the runtime (several provider strings)", async () => {
    const env = {
      "connect-numbers:endpoint": emu.endpoint,
      "connect-numbers:region": "us-east-1",
      "connect-numbers:historyFiles": path.join(dir, "history.jsonl"),
      "connect-numbers:quota": "10",
      "connect-numbers:ratioPercent": "20",
      "connect-numbers:ledger": `file:${path.join(dir, "ledger.json")}`,
    };
    const copies: Array<typeof import("../runtime")> = [];
    for (let i = 0; i < 2; i++) {
      jest.isolateModules(() => {
        copies.push(require("../runtime"));
      });
    }
    expect(copies[0]).not.toBe(copies[1]);
    try {
      for (const c of copies) c.configure((k) => env[k as keyof typeof env]);
      const results = await Promise.allSettled([0, 1, 2, 3].map((i) => copies[i % 2].create(inputs(`m${i}`))));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
      expect(await claims()).toBe(2);
    } finally {
      copies[0].configure(() => "this is no url");
      delete (globalThis as Record<symbol, unknown>)[Symbol.for("connect-numbers.provider.deployment")];
    }
  });

  it("refuses by default what it cannot judge: days of the window no history source saw; warns when told to", async () => {
    const cloudTrailOnly = new Deployment(config({ "connect-numbers:historyFiles": "[]" }), () => undefined);
    try {
      await expect(createWith(cloudTrailOnly, inputs("a", 0))).rejects.toThrow(
        /refusing to claim \+12065550100 in account 123456789012 in us-east-1: 91 of the 180 days of the window unseen, before .* \(ledger file \S+ledger\.json \(account 123456789012 in us-east-1: no history recorded\), cloudtrail from \S+\): churn there is not counted\. Add a history file/,
      );
      expect(await claims()).toBe(0);
    } finally {
      cloudTrailOnly.destroy();
    }
    const warnings: string[] = [];
    const warn = new Deployment(
      config({ "connect-numbers:historyFiles": "[]", "connect-numbers:unseenHistory": "warn" }),
      (m) => warnings.push(m),
    );
    try {
      await createWith(warn, inputs("b", 1));
      await createWith(warn, inputs("c", 2)).catch(() => undefined);
      expect(warnings).toEqual([
        expect.stringMatching(
          /91 of the 180 days of the window unseen.*going ahead because connect-numbers:unseenHistory is warn/,
        ),
      ]);
    } finally {
      warn.destroy();
    }
  });
  it("keeps a growth's slots counted while it claims for hours: a sync frees none of them, and each counts from its claim", async () => {
    // Room for 10: the churn guard refuses nothing here; what is asserted is what the window counts.
    const dep = new Deployment(config({ "connect-numbers:ratioPercent": "100" }), () => undefined);
    try {
      const place = await placeOfInputs(dep, inputs("n0"), "set");
      const guard = dep.guard(place.scope, place.session);
      const ledger = await dep.ledger(place.scope);
      const owner = ownerUrn({ project: "p", stack: "dev", type: PHONE_NUMBER_SET_TYPE, name: "grow" });
      const pool = await guard.reserveMany({ action: "claim", resource: "set", ownerUrn: owner }, 3, false);
      expect(pool.reservationIds).toHaveLength(3);
      const start = (await emu.control.clock()).ms;
      const claimAt: number[] = [];
      // The service's clock moves on, and the session learns it from the next answer, as time passing would show.
      const advance = async (ms: number) => {
        const moved = (await emu.control.clock({ advanceMs: ms })).ms;
        await place.session.connect.send(new ListPhoneNumbersV2Command({ MaxResults: 1 }));
        return moved;
      };
      // Each claim 40 minutes after the last (AWS's rate, slow numbers), through the slot reserved ahead for it.
      const claimWith = async (slot: string, n: number) => {
        claimAt.push(await advance(40 * 60_000));
        await guard.run(
          { action: "claim", resource: "set", phoneNumber: `+1206555010${n}`, ownerUrn: owner },
          async () => {
            const res = await place.session.connect.send(
              new ClaimPhoneNumberCommand({ TargetArn: instanceArn, PhoneNumber: `+1206555010${n}` }),
            );
            return { result: undefined, effect: { phoneNumberId: res.PhoneNumberId!, phoneNumber: `+1206555010${n}` } };
          },
          slot,
        );
      };
      await claimWith(pool.reservationIds[0], 0);
      await claimWith(pool.reservationIds[1], 1);
      // Two hours in, the third slot still waits its turn: a sync with the default grace (an hour) must leave it.
      await advance(40 * 60_000);
      const { connect, cloudTrail, clock } = place.session;
      const synced = await syncLedger(ledger, {
        scope: place.scope,
        aws: { connect, cloudTrail, clock },
        by: "test",
        live: false,
      });
      expect(synced.freed).toBe(0);
      const now = clock.now();
      expect(await ledger.windowEvents(place.scope, now, 180)).toHaveLength(3);
      await claimWith(pool.reservationIds[2], 2);
      const events = await ledger.windowEvents(place.scope, clock.now(), 180);
      // Counted from each claim (as AWS counts it, to the far edge of the window), not from the growth's start.
      const counted = events.map((e) => e.at).sort((a, b) => a - b);
      expect(counted).toHaveLength(3);
      // The service's clock is read in whole seconds from its answers.
      counted.forEach((at, i) => expect(Math.abs(at - claimAt[i])).toBeLessThan(60_000));
      expect(counted[0]).toBeGreaterThan(start + 30 * 60_000);
    } finally {
      dep.destroy();
    }
  });

  it("counts a claim it made once when a preview asks what of a growth fits: the ledger's event and CloudTrail's are one", async () => {
    // Room for 2. The claim is in the ledger (committed by the guard) and in CloudTrail after the ledger's last
    // complete instant: counted twice, the window was full and a growth that fits 1 was told none fit.
    const dep = new Deployment(config(), () => undefined);
    try {
      await createWith(dep, inputs("n0"));
      const place = await placeOfInputs(dep, inputs("n1"), "set");
      const guard = dep.guard(place.scope, place.session);
      expect(await guard.growthFitNow(2)).toEqual({ fit: 1, freesAt: expect.any(Number) });
      const owner = ownerUrn({ project: "p", stack: "dev", type: PHONE_NUMBER_SET_TYPE, name: "grow" });
      // The update's reservation, by the ledger's count, agrees with the preview.
      const granted = await guard.reserveMany({ action: "claim", resource: "set", ownerUrn: owner }, 2, true);
      expect(granted.reservationIds).toHaveLength(1);
    } finally {
      dep.destroy();
    }
  });

  it("gives back a slot reserved ahead when it fails before the call (here its renewal's write): nothing sent, nothing kept", async () => {
    const dep = new Deployment(config({ "connect-numbers:ratioPercent": "100" }), () => undefined);
    try {
      const place = await placeOfInputs(dep, inputs("n0"), "set");
      const guard = dep.guard(place.scope, place.session);
      const ledger = await dep.ledger(place.scope);
      const owner = ownerUrn({ project: "p", stack: "dev", type: PHONE_NUMBER_SET_TYPE, name: "grow" });
      const pool = await guard.reserveMany({ action: "claim", resource: "set", ownerUrn: owner }, 2, false);
      // Twenty minutes on, the slots are due for renewal, and the ledger's write of it fails.
      await emu.control.clock({ advanceMs: 20 * 60_000 });
      await place.session.connect.send(new ListPhoneNumbersV2Command({ MaxResults: 1 }));
      const renew = jest.spyOn(ledger, "renew").mockRejectedValueOnce(new Error("the ledger's write failed"));
      let sent = false;
      await expect(
        guard.run(
          { action: "claim", resource: "set", phoneNumber: "+12065550100", ownerUrn: owner },
          async () => {
            sent = true;
            return { result: undefined, effect: "nothing" as const };
          },
          pool.reservationIds[0],
        ),
      ).rejects.toThrow("the ledger's write failed");
      renew.mockRestore();
      expect(sent).toBe(false);
      // The slot of the claim never sent is free again; the other is still held for the growth.
      expect(await ledger.windowEvents(place.scope, place.session.clock.now(), 180)).toHaveLength(1);
    } finally {
      dep.destroy();
    }
  });
});
