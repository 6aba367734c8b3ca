import fc from "fast-check";
import { Declared, DeploymentResult, UpOptions } from "./engine";
import { QUOTA, REGIONS, Region, World, assertInvariants, beginCommand, observe, openWorld } from "./world";

/**
 * The provider's model-based campaign: random programs of PhoneNumber resources, changed the ways users change
 * them (add, remove, rename with and without alias, move under a parent, `up --replace`, a forced replacement,
 * move and move back, adopt by id, ARN or number, change region), under the failures users meet (a crash between
 * the claim and the state write, throttling, lost answers, a FAILED claim, time passing), through the engine model
 * against the emulator. After every command the referee (world.ts) checks that no declared number was released,
 * none leaked, none was claimed twice, and the account was never blocked.
 */

/** A declared resource and its identity in the model: kept by an alias, new after a rename without one. */
export type Resource = Declared & { key: number };

export interface Model {
  program: Resource[];
  nextName: number;
}

type Setup = () => Promise<{ model: Model; real: World }>;

const SPECIFIC = ["+18005550100", "+18005550101", "+18005550102", "+18005550103"];
const SEARCHES = [
  { countryCode: "US", type: "DID", prefix: "+1206" },
  { countryCode: "US", type: "DID" },
  { countryCode: "US", type: "TOLL_FREE", prefix: "+1888" },
  { countryCode: "US", type: "DID", prefix: "+1312" },
] as const;
const MAX_RESOURCES = 5;

export interface Spec {
  number: { specific: number } | { search: number };
  region: number;
  target: "instance" | "tdg" | "instanceId";
  description?: string;
}

const specArb: fc.Arbitrary<Spec> = fc.record(
  {
    number: fc.oneof(fc.record({ specific: fc.nat(SPECIFIC.length - 1) }), fc.record({ search: fc.nat(SEARCHES.length - 1) })),
    region: fc.constantFrom(0, 0, 1),
    target: fc.constantFrom("instance" as const, "tdg" as const, "instanceId" as const),
    description: fc.constantFrom("a", "b"),
  },
  { requiredKeys: ["number", "region", "target"] },
);

function targetInputs(w: World, region: Region, target: Spec["target"]): Declared["inputs"] {
  const t = w.targets[region];
  if (target === "instanceId") return { instanceId: t.instanceId, region };
  return { targetArn: target === "tdg" ? t.tdg : t.instance };
}

function inputsOf(w: World, spec: Spec): Declared["inputs"] {
  const region = REGIONS[spec.region];
  const number = "specific" in spec.number ? { phoneNumber: SPECIFIC[spec.number.specific] } : { ...SEARCHES[spec.number.search] };
  return { ...number, ...targetInputs(w, region, spec.target), ...(spec.description ? { description: spec.description } : {}) };
}

function regionOf(d: Declared, w: World): Region {
  if (d.inputs.region) return d.inputs.region as Region;
  return REGIONS.find((r) => d.inputs.targetArn?.includes(`:${r}:`) || d.inputs.phoneNumberId?.includes(`:${r}:`)) ?? (REGIONS.find((r) => w.targets[r].instanceId === d.inputs.instanceId) ?? "us-east-1");
}

/** What the campaign did, by kind of command: how often it ran, and how its last deployment ended. */
export const campaignStats = new Map<string, { commands: number; ok: number; failed: number }>();

/** One command: change the program or the world, run deployments, then recover as a user would and referee. */
abstract class Step implements fc.AsyncCommand<Model, World> {
  check(m: Readonly<Model>): boolean {
    return this.applies(m);
  }
  protected applies(_m: Readonly<Model>): boolean {
    return true;
  }
  abstract toString(): string;
  abstract act(m: Model, w: World): Promise<DeploymentResult | undefined>;

  async run(m: Model, w: World): Promise<void> {
    const start = await beginCommand(w, m.program);
    const last = await this.act(m, w);
    const stat = campaignStats.get(this.constructor.name) ?? { commands: 0, ok: 0, failed: 0 };
    campaignStats.set(this.constructor.name, { commands: stat.commands + 1, ok: stat.ok + (last?.ok ? 1 : 0), failed: stat.failed + (last && !last.ok ? 1 : 0) });
    await w.emu.control.clearFaults();
    // A failed deployment is retried once, as a user would after an interruption: refresh, then up.
    if (last && !last.ok) {
      await observe(w, `${this} / refresh`, await w.engine.refresh());
      await observe(w, `${this} / retry up`, await w.engine.up(m.program));
    }
    await assertInvariants(w, m.program, start);
  }

  protected async up(m: Model, w: World, options: UpOptions = {}): Promise<DeploymentResult> {
    const r = await w.engine.up(m.program, options);
    await observe(w, String(this), r);
    return r;
  }
}

const pick = (m: Readonly<Model>, i: number) => m.program[i % m.program.length];

function fresh(m: Model, inputs: Declared["inputs"]): Resource {
  const key = m.nextName++;
  return { name: `n${key}`, key, inputs };
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

class Rename extends Step {
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
    const old = d.name;
    d.name = `n${m.nextName}`;
    if (!this.alias) d.key = m.nextName;
    m.nextName++;
    d.aliases = this.alias ? [...(d.aliases ?? []), { name: old }] : undefined;
    return this.up(m, w);
  }
}

class Reparent extends Step {
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
    const old = d.parent;
    d.parent = old === undefined ? "group" : undefined;
    d.aliases = this.alias ? [{ parent: old ?? null }] : undefined;
    if (!this.alias) d.key = m.nextName++;
    return this.up(m, w);
  }
}

class UpReplace extends Step {
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

class ForcedReplace extends Step {
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

class Move extends Step {
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
    const moved = { ...d.inputs, instanceId: undefined, region: undefined, targetArn: onTdg ? w.targets[region].instance : w.targets[region].tdg };
    d.inputs = withoutUndefined(moved);
    const r = await this.up(m, w);
    if (!this.andBack || !r.ok) return r;
    d.inputs = before;
    return this.up(m, w);
  }
}

class ChangeRegion extends Step {
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
    const number = this.search || d.inputs.phoneNumber === undefined ? SEARCHES[1] : { phoneNumber: d.inputs.phoneNumber };
    d.inputs = withoutUndefined({ description: d.inputs.description, ...number, targetArn: w.targets[other].instance });
    return this.up(m, w);
  }
}

class Adopt extends Step {
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
    if (this.then === "other target") d.inputs = withoutUndefined({ ...d.inputs, instanceId: undefined, region: undefined, targetArn: w.targets[region].tdg });
    if (this.then === "other prefix" && d.inputs.phoneNumber === undefined) d.inputs = { ...d.inputs, prefix: d.inputs.prefix === "+1206" ? "+1312" : "+1206", type: "DID" };
    await observe(w, "refresh after the crash", await w.engine.refresh());
    return this.up(m, w);
  }
}

class Faulty extends Step {
  constructor(
    readonly fault: { operation: string; kind: "throttle" | "drop-after-commit" | "internal"; count: number },
    readonly inner: Step,
  ) {
    super();
  }
  check(m: Readonly<Model>) {
    return this.inner.check(m);
  }
  toString() {
    return `${this.fault.kind} x${this.fault.count} on ${this.fault.operation} during: ${this.inner}`;
  }
  async act(m: Model, w: World) {
    await w.emu.control.fault(this.fault);
    return this.inner.act(m, w);
  }
}

class ClaimFails extends Step {
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
    await w.emu.control.fault({ kind: "claim-failed", message: "The target has reached its limit of total claimed numbers." });
    m.program.push(fresh(m, inputsOf(w, this.spec)));
    return this.up(m, w);
  }
}

class Refresh extends Step {
  toString() {
    return "pulumi refresh";
  }
  async act(_m: Model, w: World) {
    const r = await w.engine.refresh();
    await observe(w, String(this), r);
    return r;
  }
}

class TimePasses extends Step {
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
    const inWindow = (await w.emu.control.events()).filter((e) => e.region === region && e.at > at - 180 * 86_400_000).length;
    const count = QUOTA * 2 - this.leave - inWindow;
    if (count > 0) await w.emu.control.seed({ region, events: Array.from({ length: count }, (_, i) => ({ at: at + i, action: "release" as const })) });
    return undefined;
  }
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const index = fc.nat(20);
const faultArb = fc.record({
  operation: fc.constantFrom("ClaimPhoneNumber", "ReleasePhoneNumber", "UpdatePhoneNumber", "TagResource", "DescribePhoneNumber", "GetResources", "*"),
  kind: fc.constantFrom("throttle" as const, "drop-after-commit" as const, "internal" as const),
  count: fc.integer({ min: 1, max: 6 }),
});

const plainSteps: Array<fc.Arbitrary<Step>> = [
  specArb.map((s) => new Add(s)),
  index.map((i) => new Remove(i)),
  fc.tuple(index, fc.boolean()).map(([i, a]) => new Rename(i, a)),
  fc.tuple(index, fc.boolean()).map(([i, a]) => new Reparent(i, a)),
  index.map((i) => new UpReplace(i)),
  fc.tuple(index, fc.boolean()).map(([i, d]) => new ForcedReplace(i, d)),
  fc.tuple(index, fc.boolean()).map(([i, back]) => new Move(i, back)),
  fc.tuple(index, fc.boolean()).map(([i, search]) => new ChangeRegion(i, search)),
  fc.tuple(fc.constantFrom("id" as const, "arn" as const, "number" as const), fc.nat(1)).map(([how, r]) => new Adopt(how, r)),
  fc
    .tuple(specArb, fc.constantFrom("killed" as const, "answers lost" as const), fc.constantFrom("same" as const, "other target" as const, "other prefix" as const))
    .map(([s, how, then]) => new Crash(s, how, then)),
  specArb.map((s) => new ClaimFails(s)),
  fc.constant(new Refresh()),
  fc.constant(new TimePasses()),
  fc.tuple(fc.nat(2), fc.integer({ min: 1, max: 80 }), fc.constantFrom(0, 0, 1)).map(([leave, d, r]) => new OutsideChurn(leave, d, r)),
];

export const commandsArb = fc.commands(
  [...plainSteps, fc.tuple(faultArb, fc.oneof(...plainSteps.slice(0, 9))).map(([f, inner]) => new Faulty(f, inner))],
  { maxCommands: 10 },
);

export async function runCommands(cmds: Iterable<fc.AsyncCommand<Model, World>>): Promise<void> {
  const world = await openWorld();
  try {
    const setup: Setup = async () => ({ model: { program: [], nextName: 0 }, real: world });
    await fc.asyncModelRun(setup, cmds);
  } finally {
    await world.close();
  }
}

/** The campaign as a property: `numRuns` random command sequences, each against a fresh emulator. */
export function campaign() {
  return fc.asyncProperty(commandsArb, runCommands);
}
