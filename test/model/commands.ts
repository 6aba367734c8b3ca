import fc from "fast-check";
import { Declared, DeploymentResult, UpOptions } from "./engine";
import {
  MAX_RESOURCES,
  Model,
  Resource,
  SEARCHES,
  Spec,
  fresh,
  inputsOf,
  pick,
  regionOf,
  withoutUndefined,
} from "./programs";
import { QUOTA, REGIONS, World, assertInvariants, beginCommand, observe } from "./world";

/** `pulumi up` of the whole program: its single resources and its sets. */
export const upAll = (w: World, m: Model, options: UpOptions = {}) => w.engine.up(m.program, options, m.sets);

/** What the campaign did, by kind of command: how often it ran, and how its last deployment ended. */
export const campaignStats = new Map<string, { commands: number; ok: number; failed: number }>();

/** One command: change the program or the world, run deployments, then recover as a user would and referee. */
export abstract class Step implements fc.AsyncCommand<Model, World> {
  check(m: Readonly<Model>): boolean {
    return this.applies(m);
  }
  protected applies(_m: Readonly<Model>): boolean {
    return true;
  }
  abstract toString(): string;
  abstract act(m: Model, w: World): Promise<DeploymentResult | undefined>;

  async run(m: Model, w: World): Promise<void> {
    const start = await beginCommand(w, m);
    const last = await this.act(m, w);
    const stat = campaignStats.get(this.constructor.name) ?? { commands: 0, ok: 0, failed: 0 };
    campaignStats.set(this.constructor.name, {
      commands: stat.commands + 1,
      ok: stat.ok + (last?.ok ? 1 : 0),
      failed: stat.failed + (last && !last.ok ? 1 : 0),
    });
    await w.emu.control.clearFaults();
    // A failed deployment is retried once, as a user would after an interruption: refresh, then up.
    if (last && !last.ok) {
      await observe(w, `${this} / refresh`, await w.engine.refresh());
      await observe(w, `${this} / retry up`, await upAll(w, m));
    }
    await assertInvariants(w, m, start);
  }

  protected async up(m: Model, w: World, options: UpOptions = {}): Promise<DeploymentResult> {
    const r = await upAll(w, m, options);
    await observe(w, String(this), r);
    return r;
  }
}

export class Add extends Step {
  constructor(readonly spec: Spec) {
    super();
  }
  protected applies(m: Readonly<Model>) {
    return m.program.length < MAX_RESOURCES;
  }
  toString() {
    return `add ${JSON.stringify(this.spec)}`;
  }
  async act(m: Model, w: World) {
    m.program.push(fresh(m, inputsOf(w, this.spec)));
    return this.up(m, w);
  }
}

export class Remove extends Step {
  constructor(readonly i: number) {
    super();
  }
  protected applies(m: Readonly<Model>) {
    return m.program.length > 0;
  }
  toString() {
    return `remove #${this.i}`;
  }
  async act(m: Model, w: World) {
    m.program.splice(this.i % m.program.length, 1);
    return this.up(m, w);
  }
}

export class Rename extends Step {
  constructor(
    readonly i: number,
    readonly alias: boolean,
  ) {
    super();
  }
  protected applies(m: Readonly<Model>) {
    return m.program.length > 0;
  }
  toString() {
    return `rename #${this.i} ${this.alias ? "with" : "without"} alias`;
  }
  async act(m: Model, w: World) {
    const d = pick(m, this.i);
    const before = { ...d };
    d.name = `n${m.nextName}`;
    if (!this.alias) d.key = m.nextName;
    m.nextName++;
    d.aliases = this.alias ? [...(d.aliases ?? []), { name: before.name }] : undefined;
    const r = await this.up(m, w);
    return refusedRename(r)
      ? followRenameAdvice(this, m, w, d, before, { aliases: [...(before.aliases ?? []), { name: before.name }] })
      : r;
  }
}

/** Makes the declaration exactly `to`: a field `to` lacks (a parent) goes too. */
function becomes(d: Resource, to: Resource): void {
  for (const k of Object.keys(d) as Array<keyof Resource>) if (!(k in to)) delete d[k];
  Object.assign(d, to);
}

/** The provider refused to release a searched number a rename without alias would lose (lifecycle.ts). */
const refusedRename = (r: DeploymentResult) =>
  !r.ok &&
  r.errors.some((e) => /refusing to release .* (a rename without an alias|refused this release as a rename)/.test(e));

/**
 * The refusal's advice for moving the number to the new identity: the old declaration back and the new one gone
 * (its new number released), then the change again, with the alias that keeps the number.
 */
async function followRenameAdvice(
  step: Step,
  m: Model,
  w: World,
  d: Resource,
  before: Resource,
  aliased: Partial<Resource>,
): Promise<DeploymentResult> {
  const renamed = { ...d };
  becomes(d, before);
  const back = await upAll(w, m);
  await observe(w, `${step} / the old declaration back`, back);
  if (!back.ok) return back;
  becomes(d, { ...renamed, key: before.key, ...aliased });
  const again = await upAll(w, m);
  await observe(w, `${step} / again with an alias`, again);
  return again;
}

export class Reparent extends Step {
  constructor(
    readonly i: number,
    readonly alias: boolean,
  ) {
    super();
  }
  protected applies(m: Readonly<Model>) {
    return m.program.length > 0;
  }
  toString() {
    return `move #${this.i} under another parent ${this.alias ? "with" : "without"} alias`;
  }
  async act(m: Model, w: World) {
    const d = pick(m, this.i);
    const before = { ...d };
    const old = d.parent;
    d.parent = old === undefined ? "group" : undefined;
    d.aliases = this.alias ? [{ parent: old ?? null }] : undefined;
    if (!this.alias) d.key = m.nextName++;
    const r = await this.up(m, w);
    return refusedRename(r) ? followRenameAdvice(this, m, w, d, before, { aliases: [{ parent: old ?? null }] }) : r;
  }
}

export class UpReplace extends Step {
  constructor(readonly i: number) {
    super();
  }
  protected applies(m: Readonly<Model>) {
    return m.program.length > 0;
  }
  toString() {
    return `pulumi up --replace #${this.i}`;
  }
  async act(m: Model, w: World) {
    return this.up(m, w, { replace: [pick(m, this.i).name] });
  }
}

export class ForcedReplace extends Step {
  constructor(
    readonly i: number,
    readonly deleteFirst: boolean,
  ) {
    super();
  }
  protected applies(m: Readonly<Model>) {
    return m.program.length > 0;
  }
  toString() {
    return `replaceOnChanges: [description]${this.deleteFirst ? " + deleteBeforeReplace" : ""}, description changed, #${this.i}`;
  }
  async act(m: Model, w: World) {
    const d = pick(m, this.i);
    d.replaceOnChanges = ["description"];
    d.deleteBeforeReplace = this.deleteFirst || undefined;
    d.inputs = { ...d.inputs, description: d.inputs.description === "a" ? "b" : "a" };
    const r = await this.up(m, w);
    d.replaceOnChanges = undefined;
    d.deleteBeforeReplace = undefined;
    return r;
  }
}

export class Move extends Step {
  constructor(
    readonly i: number,
    readonly andBack: boolean,
  ) {
    super();
  }
  protected applies(m: Readonly<Model>) {
    return m.program.length > 0;
  }
  toString() {
    return `move #${this.i} to the other target${this.andBack ? " and back" : ""}`;
  }
  async act(m: Model, w: World) {
    const d = pick(m, this.i);
    const region = regionOf(d, w);
    const before = d.inputs;
    const onTdg = d.inputs.targetArn === w.targets[region].tdg;
    const moved = {
      ...d.inputs,
      instanceId: undefined,
      region: undefined,
      targetArn: onTdg ? w.targets[region].instance : w.targets[region].tdg,
    };
    d.inputs = withoutUndefined(moved);
    const r = await this.up(m, w);
    if (!this.andBack || !r.ok) return r;
    d.inputs = before;
    return this.up(m, w);
  }
}

export class ChangeRegion extends Step {
  constructor(
    readonly i: number,
    readonly search: boolean,
  ) {
    super();
  }
  protected applies(m: Readonly<Model>) {
    return m.program.length > 0;
  }
  toString() {
    return `move #${this.i} to the other region${this.search ? ", searching a number there" : ""}`;
  }
  async act(m: Model, w: World) {
    const d = pick(m, this.i);
    const other = regionOf(d, w) === "us-east-1" ? "us-west-2" : "us-east-1";
    const number =
      this.search || d.inputs.phoneNumber === undefined ? SEARCHES[1] : { phoneNumber: d.inputs.phoneNumber };
    d.inputs = withoutUndefined({ description: d.inputs.description, ...number, targetArn: w.targets[other].instance });
    return this.up(m, w);
  }
}

export class Adopt extends Step {
  constructor(
    readonly how: "id" | "arn" | "number",
    readonly region: number,
  ) {
    super();
  }
  protected applies(m: Readonly<Model>) {
    return m.program.length < MAX_RESOURCES;
  }
  toString() {
    return `adopt a number held from before, by ${this.how}, in ${REGIONS[this.region]}`;
  }
  async act(m: Model, w: World) {
    const region = REGIONS[this.region];
    const [seeded] = (await w.emu.control.seed({ region, numbers: [{ countryCode: "US", type: "DID" }] })).numbers;
    w.unmanaged.add(seeded.phoneNumberId);
    const arn = `arn:aws:connect:${region}:${w.emu.accountId}:phone-number/${seeded.phoneNumberId}`;
    const inputs: Declared["inputs"] =
      this.how === "number"
        ? { adopt: true, phoneNumber: seeded.phoneNumber, targetArn: w.targets[region].instance }
        : this.how === "arn"
          ? { phoneNumberId: arn }
          : { phoneNumberId: seeded.phoneNumberId, region };
    m.program.push(fresh(m, inputs));
    return this.up(m, w);
  }
}

export class Crash extends Step {
  constructor(
    readonly spec: Spec,
    readonly how: "killed" | "answers lost",
    readonly then: "same" | "other target" | "other prefix",
  ) {
    super();
  }
  protected applies(m: Readonly<Model>) {
    return m.program.length < MAX_RESOURCES;
  }
  toString() {
    return `crash between claim and state write (${this.how}) adding ${JSON.stringify(this.spec)}, retried with ${this.then}`;
  }
  async act(m: Model, w: World) {
    const d = fresh(m, inputsOf(w, this.spec));
    m.program.push(d);
    if (this.how === "killed") await this.up(m, w, { crashAfterCreateOf: d.name });
    else {
      await w.emu.control.fault({ operation: "ClaimPhoneNumber", kind: "drop-after-commit", count: 6 });
      await this.up(m, w);
      await w.emu.control.clearFaults();
    }
    const region = regionOf(d, w);
    if (this.then === "other target")
      d.inputs = withoutUndefined({
        ...d.inputs,
        instanceId: undefined,
        region: undefined,
        targetArn: w.targets[region].tdg,
      });
    if (this.then === "other prefix" && d.inputs.phoneNumber === undefined)
      d.inputs = { ...d.inputs, prefix: d.inputs.prefix === "+1206" ? "+1312" : "+1206", type: "DID" };
    await observe(w, "refresh after the crash", await w.engine.refresh());
    return this.up(m, w);
  }
}

/** A fault for the next calls of an operation; a lost answer may be followed by refusals of the retries (`then`). */
export interface Fault {
  operation: string;
  kind: "throttle" | "drop-after-commit" | "internal";
  count: number;
  then?: { kind: "throttle" | "too-many-requests" | "internal"; count: number };
}

export class Faulty extends Step {
  constructor(
    readonly fault: Fault,
    readonly inner: Step,
  ) {
    super();
  }
  check(m: Readonly<Model>) {
    return this.inner.check(m);
  }
  toString() {
    const then = this.fault.then ? `, then ${this.fault.then.kind} x${this.fault.then.count}` : "";
    return `${this.fault.kind} x${this.fault.count}${then} on ${this.fault.operation} during: ${this.inner}`;
  }
  async act(m: Model, w: World) {
    await w.emu.control.fault(this.fault);
    return this.inner.act(m, w);
  }
}

export class ClaimFails extends Step {
  constructor(readonly spec: Spec) {
    super();
  }
  protected applies(m: Readonly<Model>) {
    return m.program.length < MAX_RESOURCES;
  }
  toString() {
    return `a claim ends FAILED adding ${JSON.stringify(this.spec)}`;
  }
  async act(m: Model, w: World) {
    await w.emu.control.fault({
      kind: "claim-failed",
      message: "The target has reached its limit of total claimed numbers.",
    });
    w.injectedClaimFailures++;
    m.program.push(fresh(m, inputsOf(w, this.spec)));
    return this.up(m, w);
  }
}

export class Refresh extends Step {
  toString() {
    return "pulumi refresh";
  }
  async act(_m: Model, w: World) {
    const r = await w.engine.refresh();
    await observe(w, String(this), r);
    return r;
  }
}

export class TimePasses extends Step {
  toString() {
    return "181 days pass";
  }
  async act(_m: Model, w: World) {
    await w.emu.control.clock({ advanceDays: 181 });
    return undefined;
  }
}

/**
 * Churn from elsewhere in the account (the console, another tool) that fills the window to `leave` slots short of
 * AWS's budget: the guard must notice, and refuse what does not fit.
 */
export class OutsideChurn extends Step {
  constructor(
    readonly leave: number,
    readonly daysAgo: number,
    readonly region: number,
  ) {
    super();
  }
  toString() {
    return `releases outside Pulumi ${this.daysAgo} days ago in ${REGIONS[this.region]}, leaving ${this.leave} of the budget`;
  }
  async act(_m: Model, w: World) {
    const now = (await w.emu.control.clock()).ms;
    const region = REGIONS[this.region];
    const at = now - this.daysAgo * 86_400_000;
    // Every window that holds the new events reaches back to at − 180 days.
    const inWindow = (await w.emu.control.events()).filter(
      (e) => e.region === region && e.at > at - 180 * 86_400_000,
    ).length;
    const count = QUOTA * 2 - this.leave - inWindow;
    if (count > 0)
      await w.emu.control.seed({
        region,
        events: Array.from({ length: count }, (_, i) => ({ at: at + i, action: "release" as const })),
      });
    return undefined;
  }
}
