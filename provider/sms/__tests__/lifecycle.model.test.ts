import fc from "fast-check";
import {
  DescribePhoneNumbersCommand,
  ListTagsForResourceCommand,
  PinpointSMSVoiceV2Client,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { RunningEmulator, SmsControl, startEmulator } from "../../../emulator";
import { SMS_NUMBER_TYPE } from "../../../core/sms";
import { OWNER_STACK_TAG, ownerUrn } from "../../../core/owner";
import { smsClient } from "../../../aws/sms";
import * as lifecycle from "../runtime/lifecycle";
import { PartialFailure } from "../runtime/errors";
import { OriginationNumberInputs, OriginationNumberOutputs } from "../shape";

/**
 * The OriginationNumber's lifecycle functions, driven the way the Pulumi engine drives them (a partial failure
 * records the id; a failed delete keeps the state; a replacement creates first, then deletes) through random
 * command sequences against the emulator. After every command: a number the stack holds is never released, a
 * number carrying the stack's tags is in the stack, no number is held twice, and each request is a new number.
 */

const NAMES = ["a", "b", "c"] as const;
type Name = (typeof NAMES)[number];

interface Real {
  emu: RunningEmulator;
  control: SmsControl;
  sms: PinpointSMSVoiceV2Client;
  rt: lifecycle.SmsRuntime;
  /** The stack's state, as Pulumi keeps it. */
  state: Map<Name, { id: string; outs: OriginationNumberOutputs }>;
}

interface Model {
  /** Requests that had to make a new number. */
  requests: number;
  variant: Record<Name, number>;
}

const inputsOf = (
  name: Name,
  variant: number,
  extra: Partial<OriginationNumberInputs> = {},
): OriginationNumberInputs => ({
  ownerUrn: ownerUrn({ project: "model", stack: "dev", type: SMS_NUMBER_TYPE, name }),
  isoCountryCode: "US",
  messageType: variant % 2 === 0 ? "TRANSACTIONAL" : "PROMOTIONAL",
  numberCapabilities: ["SMS"],
  numberType: "LONG_CODE",
  tags: { name },
  waitForActiveSeconds: 0,
  ...extra,
});

/** create as the engine sees it: a partial failure still records the number. */
async function engineCreate(
  r: Real,
  inputs: OriginationNumberInputs,
): Promise<{ id: string; outs: OriginationNumberOutputs } | undefined> {
  try {
    return await lifecycle.create(r.rt, inputs);
  } catch (err) {
    if (err instanceof PartialFailure) return { id: err.id, outs: err.properties as OriginationNumberOutputs };
    throw err;
  }
}

class Create implements fc.AsyncCommand<Model, Real> {
  constructor(readonly name: Name) {}
  check = (m: Readonly<Model>) => m.variant !== undefined;
  async run(m: Model, r: Real) {
    if (r.state.has(this.name)) return;
    const created = await engineCreate(r, inputsOf(this.name, m.variant[this.name]));
    r.state.set(this.name, created!);
    m.requests++;
  }
  toString = () => `create ${this.name}`;
}

/** The request lands, its answer is lost: the engine records nothing, and the next up creates again. */
class CrashedCreate implements fc.AsyncCommand<Model, Real> {
  constructor(readonly name: Name) {}
  check = () => true;
  async run(m: Model, r: Real) {
    if (r.state.has(this.name)) return;
    await r.emu.control.fault({ operation: "PinpointSMSVoiceV2.RequestPhoneNumber", kind: "drop-after-commit" });
    const inputs = inputsOf(this.name, m.variant[this.name]);
    await expect(lifecycle.create({ ...r.rt, client: () => onceClient(r) }, inputs)).rejects.toThrow();
    r.state.set(this.name, (await engineCreate(r, inputs))!);
    m.requests++;
  }
  toString = () => `crashed create ${this.name}`;
}

/** `pulumi up --replace`: the same inputs, a new instance first, then the old one's delete. */
class Replace implements fc.AsyncCommand<Model, Real> {
  constructor(readonly name: Name) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const old = r.state.get(this.name);
    if (!old) return;
    // The new instance takes the number over (its lease), so the old one's delete releases nothing, protected or not.
    const created = (await engineCreate(
      r,
      inputsOf(this.name, m.variant[this.name], {
        deletionProtectionEnabled: old.outs.deletionProtectionEnabled,
        ...(old.outs.origin === "adopt" ? adoptInputs(old.id) : {}),
      }),
    ))!;
    await lifecycle.remove(r.rt, old.id, old.outs);
    r.state.set(this.name, created);
    expect(created.id).toBe(old.id);
  }
  toString = () => `replace ${this.name}`;
}

/** A number-forcing input changes: a new number, then the old one is released. */
class ChangeMessageType implements fc.AsyncCommand<Model, Real> {
  constructor(readonly name: Name) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const old = r.state.get(this.name);
    if (!old || old.outs.deletionProtectionEnabled || old.outs.origin === "adopt") return;
    m.variant[this.name]++;
    const created = (await engineCreate(r, inputsOf(this.name, m.variant[this.name])))!;
    m.requests++;
    await lifecycle.remove(r.rt, old.id, old.outs);
    r.state.set(this.name, created);
  }
  toString = () => `change message type of ${this.name}`;
}

class Protect implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly name: Name,
    readonly on: boolean,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const old = r.state.get(this.name);
    if (!old) return;
    const news = inputsOf(this.name, m.variant[this.name], {
      deletionProtectionEnabled: this.on,
      ...(old.outs.origin === "adopt" ? adoptInputs(old.id) : {}),
    });
    const { outs } = await lifecycle.update(r.rt, old.id, old.outs, news);
    r.state.set(this.name, { id: old.id, outs });
    expect(outs.deletionProtectionEnabled).toBe(this.on);
  }
  toString = () => `protect ${this.name} ${this.on}`;
}

const adoptInputs = (id: string) => ({
  phoneNumberId: id,
  isoCountryCode: undefined,
  messageType: undefined,
  numberCapabilities: undefined,
  numberType: undefined,
});

/** Removed from the program: refused while protected (by state or by AWS), else released, even when the answer is lost. */
class Delete implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly name: Name,
    readonly loseAnswer: boolean,
  ) {}
  check = () => true;
  async run(_m: Model, r: Real) {
    const old = r.state.get(this.name);
    if (!old) return;
    const live = (await r.sms.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [old.id] }))).PhoneNumbers![0];
    if (old.outs.deletionProtectionEnabled || live.DeletionProtectionEnabled) {
      await expect(lifecycle.remove(r.rt, old.id, old.outs)).rejects.toThrow(/has deletion protection on/);
      return;
    }
    if (this.loseAnswer) {
      await r.emu.control.fault({ operation: "PinpointSMSVoiceV2.ReleasePhoneNumber", kind: "drop-after-commit" });
      await expect(lifecycle.remove({ ...r.rt, client: () => onceClient(r) }, old.id, old.outs)).rejects.toThrow();
    }
    await lifecycle.remove(r.rt, old.id, old.outs);
    r.state.delete(this.name);
  }
  toString = () => `delete ${this.name}${this.loseAnswer ? " (answer lost)" : ""}`;
}

const FAULT_OPERATIONS = [
  "RequestPhoneNumber",
  "DescribePhoneNumbers",
  "ListTagsForResource",
  "TagResource",
  "UpdatePhoneNumber",
  "ReleasePhoneNumber",
] as const;

/** AWS throttles or fails a call now and then: the SDK's retries carry on, and nothing else may change. */
class Fault implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly operation: (typeof FAULT_OPERATIONS)[number],
    readonly kind: "throttle" | "internal",
  ) {}
  check = () => true;
  async run(_m: Model, r: Real) {
    await r.emu.control.fault({ operation: `PinpointSMSVoiceV2.${this.operation}`, kind: this.kind, count: 1 });
  }
  toString = () => `${this.kind} ${this.operation} once`;
}

/** Adopts a number the account held before, maybe protected: no request. */
class Adopt implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly name: Name,
    readonly byArn: boolean,
    readonly protectedBefore: boolean,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    if (r.state.has(this.name)) return;
    const seeded = (await r.control.seed({ numbers: [{ deletionProtectionEnabled: this.protectedBefore }] }))
      .numbers[0];
    const inputs = inputsOf(
      this.name,
      m.variant[this.name],
      adoptInputs(this.byArn ? seeded.phoneNumberArn : seeded.phoneNumberId),
    );
    const created = (await engineCreate(r, inputs))!;
    expect(created.outs).toMatchObject({ origin: "adopt", deletionProtectionEnabled: this.protectedBefore });
    r.state.set(this.name, created);
  }
  toString = () => `adopt ${this.name}${this.byArn ? " by ARN" : ""}${this.protectedBefore ? " (protected)" : ""}`;
}

let once: PinpointSMSVoiceV2Client | undefined;
const onceClient = (r: Real) =>
  (once ??= new PinpointSMSVoiceV2Client({
    endpoint: r.emu.endpoint,
    region: r.emu.region,
    credentials: { accessKeyId: "a", secretAccessKey: "b" },
    maxAttempts: 1,
  }));

/** How many numbers the campaign's commands held in total: proof that it did something. */
let heldSeen = 0;

async function invariants(m: Model, r: Real): Promise<void> {
  heldSeen += r.state.size;
  const numbers = (await r.control.numbers()).numbers;
  const held = new Map(
    numbers.filter((n) => n.Status !== "DISASSOCIATING" && n.Status !== "DELETED").map((n) => [n.PhoneNumberId, n]),
  );
  const ids = [...r.state.values()].map((s) => s.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(held.has(id)).toBe(true);
  for (const n of held.values()) {
    const tags = (await r.sms.send(new ListTagsForResourceCommand({ ResourceArn: n.PhoneNumberArn }))).Tags ?? [];
    if (tags.some((t) => t.Key === OWNER_STACK_TAG)) expect(ids).toContain(n.PhoneNumberId);
  }
  expect((await r.control.events()).filter((e) => e.action === "request")).toHaveLength(m.requests);
}

describe("OriginationNumber lifecycle, model-based, against the emulator", () => {
  let emu: RunningEmulator;
  let sms: PinpointSMSVoiceV2Client;
  beforeAll(async () => {
    emu = await startEmulator({ sms: { rateLimit: null } });
    sms = new PinpointSMSVoiceV2Client({
      endpoint: emu.endpoint,
      region: emu.region,
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
    });
  });
  afterAll(async () => {
    sms.destroy();
    once?.destroy();
    await emu.stop();
  });

  it("never releases a held number, never leaks one, never requests twice", async () => {
    const client = smsClient({ endpoint: emu.endpoint, region: emu.region });
    const name = fc.constantFrom(...NAMES);
    const commands = fc.commands(
      [
        name.map((n) => new Create(n)),
        name.map((n) => new CrashedCreate(n)),
        name.map((n) => new Replace(n)),
        name.map((n) => new ChangeMessageType(n)),
        fc.tuple(name, fc.boolean()).map(([n, on]) => new Protect(n, on)),
        fc.tuple(name, fc.boolean()).map(([n, lose]) => new Delete(n, lose)),
        fc.tuple(name, fc.boolean(), fc.boolean()).map(([n, arn, p]) => new Adopt(n, arn, p)),
        fc
          .tuple(fc.constantFrom(...FAULT_OPERATIONS), fc.constantFrom("throttle" as const, "internal" as const))
          .map(([op, kind]) => new Fault(op, kind)),
      ],
      { maxCommands: 12 },
    );
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        runs++;
        await emu.control.reset();
        once?.destroy();
        once = undefined;
        await new SmsControl(emu.endpoint).settings({ rateLimit: null });
        const real: Real = {
          emu,
          control: new SmsControl(emu.endpoint),
          sms,
          rt: {
            config: { aws: { endpoint: emu.endpoint, region: emu.region }, waitForActiveSeconds: 0 },
            client: () => client,
          },
          state: new Map(),
        };
        const model: Model = { requests: 0, variant: { a: 0, b: 0, c: 0 } };
        await fc.asyncModelRun(
          () => ({ model, real }),
          [...cmds].flatMap((c) => [c, checkpoint]),
        );
      }),
      { numRuns: 100 },
    );
    client.destroy();
    expect(runs).toBeGreaterThanOrEqual(100);
    expect(heldSeen).toBeGreaterThan(200);
  });
});

const checkpoint: fc.AsyncCommand<Model, Real> = {
  check: () => true,
  run: invariants,
  toString: () => "check",
};
