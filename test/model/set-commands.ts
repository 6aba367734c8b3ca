import { planSet } from "../../core";
import { declarationOf } from "../../provider/set/shape";
import { DeploymentResult, UpOptions, setUrnOf } from "./engine";
import { Step, upAll } from "./commands";
import {
  MAX_RESOURCES,
  MAX_SETS,
  Model,
  SET_PREFIXES,
  SPECIFIC,
  SetResource,
  SetSpec,
  fresh,
  freshSet,
  pickSet,
  setInputsOf,
  setRegionOf,
  withoutUndefined,
} from "./programs";
import { World, observe } from "./world";

/**
 * The campaign's commands on PhoneNumberSets: declare one (counts per prefix, a count, specific numbers, adoption of
 * ported numbers), grow it, shrink it by name and without names (refused, nothing released), fit it to what it
 * holds, move its target, rename it with an alias, hand a number to a single PhoneNumber and back, destroy it, and
 * crash or fail partway through a create. The referee (world.ts) checks every step; the commands that must cost no
 * churn (a move, a rename, a hand-over) also check that they released nothing and claimed only for empty slots.
 */

const setEntry = (w: World, d: SetResource) => w.engine.sets.find((e) => e.urn === setUrnOf(d.name));
const members = (w: World, d: SetResource) => setEntry(w, d)?.outputs.numbers ?? [];

abstract class SetStep extends Step {
  protected applies(m: Readonly<Model>) {
    return m.sets.length > 0;
  }
  protected async up(m: Model, w: World, options: UpOptions = {}): Promise<DeploymentResult> {
    const r = await upAll(w, m, options);
    await observe(w, String(this), r);
    return r;
  }
  upNow(m: Model, w: World): Promise<DeploymentResult> {
    return this.up(m, w);
  }
}

/** The specific numbers of this set another set, or a single resource, of the program declares too. */
function shared(m: Model, d: SetResource): string[] {
  const others = new Set([
    ...m.sets.filter((x) => x !== d).flatMap((x) => x.inputs.phoneNumbers ?? []),
    ...m.program.flatMap((x) => (x.inputs.phoneNumber ? [x.inputs.phoneNumber] : [])),
  ]);
  return (d.inputs.phoneNumbers ?? []).filter((n) => others.has(n));
}

/** The inputs without the numbers another set declares: what an interrupted create is about, not a refusal. */
function unshared(m: Model, inputs: SetResource["inputs"]): SetResource["inputs"] {
  const taken = new Set(m.sets.flatMap((x) => x.inputs.phoneNumbers ?? []));
  const own = inputs.phoneNumbers?.filter((n) => !taken.has(n));
  return withoutUndefined({ ...inputs, phoneNumbers: own && own.length > 0 ? own : undefined });
}

/**
 * Ups a set declaring numbers another set or a single resource declares too (campaign seed -302265911): the provider
 * refuses it at check (unless the up stopped earlier, on another resource), so the up fails and neither number is
 * released; then, as the refusal advises, the set lets those numbers go and the program is up again.
 */
async function upDeclaredTwice(m: Model, w: World, d: SetResource, twice: string[], step: SetStep) {
  const events = (await w.emu.control.events()).length;
  const r = await step.upNow(m, w);
  const released = (await w.emu.control.events())
    .slice(events)
    .filter((e) => e.action === "release" && twice.includes(e.phoneNumber ?? ""));
  const other = r.errors.some((e) => !/is declared twice/.test(e));
  if (
    r.ok ||
    released.length > 0 ||
    (!other && !r.errors.some((e) => twice.some((n) => e.includes(`${n} is declared twice`))))
  )
    throw new Error(
      `${twice.join(", ")} declared by two resources was not refused: ${r.ok ? "the up succeeded" : r.errors.join(" | ")}; released: ${released.map((e) => e.phoneNumber).join(", ")}`,
    );
  const own = d.inputs.phoneNumbers?.filter((n) => !twice.includes(n));
  d.inputs = withoutUndefined({ ...d.inputs, phoneNumbers: own && own.length > 0 ? own : undefined });
  return step.upNow(m, w);
}

/** Seeds ported numbers on a set's target, unmanaged, for adoptExisting to bring in. */
async function seedPorted(w: World, d: SetResource, count: number): Promise<void> {
  const region = setRegionOf(d);
  const seeded = await w.emu.control.seed({
    region,
    numbers: Array.from({ length: count }, () => ({
      countryCode: "US",
      type: "DID",
      targetArn: d.inputs.targetArn,
    })),
  });
  for (const n of seeded.numbers) w.unmanaged.add(n.phoneNumberId);
}

export class DeclareSet extends SetStep {
  constructor(readonly spec: SetSpec) {
    super();
  }
  protected applies(m: Readonly<Model>) {
    return m.sets.length < MAX_SETS;
  }
  toString() {
    return `declare a set ${JSON.stringify(this.spec)}`;
  }
  async act(m: Model, w: World) {
    const d = freshSet(m, setInputsOf(w, this.spec));
    if (this.spec.adopt) await seedPorted(w, d, 2);
    m.sets.push(d);
    const twice = shared(m, d);
    return twice.length > 0 ? upDeclaredTwice(m, w, d, twice, this) : this.up(m, w);
  }
}

export class GrowSet extends SetStep {
  constructor(
    readonly i: number,
    readonly what: number,
    readonly by: number,
  ) {
    super();
  }
  toString() {
    return `grow set #${this.i} by ${this.by} (${["prefix 0", "prefix 1", "count", "a specific number"][this.what]})`;
  }
  async act(m: Model, w: World) {
    const d = pickSet(m, this.i);
    const i = d.inputs;
    if (this.what < SET_PREFIXES.length) {
      const p = SET_PREFIXES[this.what];
      d.inputs = { ...i, prefixes: { ...i.prefixes, [p]: (i.prefixes?.[p] ?? 0) + this.by } };
    } else if (this.what === SET_PREFIXES.length) d.inputs = { ...i, count: (i.count ?? 0) + this.by };
    else {
      const extra = SPECIFIC.find((n) => !i.phoneNumbers?.includes(n) && !i.release?.includes(n));
      if (extra) d.inputs = { ...i, phoneNumbers: [...(i.phoneNumbers ?? []), extra] };
    }
    const twice = shared(m, d);
    return twice.length > 0 ? upDeclaredTwice(m, w, d, twice, this) : this.up(m, w);
  }
}

/** The declaration without one number of this group: a count one lower, or the specific number gone. */
function without(inputs: SetResource["inputs"], n: { phoneNumber: string; group: string }): SetResource["inputs"] {
  if (n.group.startsWith("prefix:")) {
    const p = n.group.slice("prefix:".length);
    return { ...inputs, prefixes: { ...inputs.prefixes, [p]: Math.max(0, (inputs.prefixes?.[p] ?? 0) - 1) } };
  }
  if (n.group === "any") return { ...inputs, count: Math.max(0, (inputs.count ?? 0) - 1) };
  if (n.group.startsWith("number:"))
    return withoutUndefined({
      ...inputs,
      phoneNumbers: inputs.phoneNumbers?.filter((x) => x !== n.phoneNumber),
    });
  return inputs;
}

export class ShrinkSetByName extends SetStep {
  constructor(
    readonly i: number,
    readonly count: number,
  ) {
    super();
  }
  toString() {
    return `shrink set #${this.i} by ${this.count}, naming the numbers in release`;
  }
  async act(m: Model, w: World) {
    const d = pickSet(m, this.i);
    const gone = members(w, d).slice(0, this.count);
    for (const n of gone) d.inputs = without(d.inputs, n);
    d.inputs = { ...d.inputs, release: [...(d.inputs.release ?? []), ...gone.map((n) => n.phoneNumber)] };
    return this.up(m, w);
  }
}

/** A shrink that names nothing: refused (nothing released); then the counts go back, as the refusal advises. */
export class ShrinkSetUnnamed extends SetStep {
  constructor(
    readonly i: number,
    readonly which: number,
  ) {
    super();
  }
  toString() {
    return `shrink set #${this.i} without naming a number (refused), then the counts back`;
  }
  async act(m: Model, w: World) {
    const d = pickSet(m, this.i);
    // A count one lower is a shrink only when some number then fits no slot (one short, after a partial create, is
    // none): core's set rule tells which lowered declarations leave a number out.
    const all = members(w, d).filter((n) => n.status !== "FAILED");
    const held = all.filter(
      (n) => n.group !== "adopted" && planSet(all, declarationOf(without(d.inputs, n))).unwanted.length > 0,
    );
    if (held.length === 0) return undefined;
    const before = d.inputs;
    const events = (await w.emu.control.events()).length;
    d.inputs = without(before, held[this.which % held.length]);
    const r = await this.up(m, w);
    d.inputs = before;
    if (r.ok || !r.errors.some((e) => /names none of them in release/.test(e)))
      throw new Error(`a shrink without names was not refused: ${r.ok ? "the up succeeded" : r.errors.join(" | ")}`);
    const released = (await w.emu.control.events()).slice(events).filter((e) => e.action === "release");
    if (released.length > 0)
      throw new Error(`a refused shrink released ${released.map((e) => e.phoneNumber).join(", ")}`);
    return this.up(m, w);
  }
}

/** The declaration lowered to what the set holds, group by group (no release needed): after a growth that failed. */
export class FitSet extends SetStep {
  constructor(readonly i: number) {
    super();
  }
  toString() {
    return `lower set #${this.i}'s counts to what it holds`;
  }
  async act(m: Model, w: World) {
    const d = pickSet(m, this.i);
    const held = members(w, d).filter((n) => n.status === "CLAIMED");
    const inGroup = (g: string) => held.filter((n) => n.group === g).length;
    const prefixes = Object.fromEntries(Object.keys(d.inputs.prefixes ?? {}).map((p) => [p, inGroup(`prefix:${p}`)]));
    d.inputs = withoutUndefined({
      ...d.inputs,
      prefixes: d.inputs.prefixes ? prefixes : undefined,
      count: d.inputs.count === undefined ? undefined : inGroup("any"),
      phoneNumbers: d.inputs.phoneNumbers?.filter((n) => held.some((h) => h.phoneNumber === n)),
    });
    return this.up(m, w);
  }
}

/** A command that must cost no churn: no release, and claims only for slots that were empty when it began. */
abstract class ZeroChurnStep extends SetStep {
  async act(m: Model, w: World) {
    const empty = emptySlots(m, w);
    const events = (await w.emu.control.events()).length;
    const r = await this.change(m, w);
    const churn = (await w.emu.control.events()).slice(events);
    const releases = churn.filter((e) => e.action === "release");
    const claims = churn.filter((e) => e.action === "claim");
    if (releases.length > 0 || claims.length > empty)
      throw new Error(
        `${this} cost churn: ${releases.length} releases (${releases.map((e) => e.phoneNumber).join(", ")}), ${claims.length} claims for ${empty} empty slots\n--- deployments:\n${w.log.join("\n")}`,
      );
    return r;
  }
  protected abstract change(m: Model, w: World): Promise<DeploymentResult | undefined>;
}

/** Slots no number fills: sets short of their declaration, single resources without a claimed number. */
function emptySlots(m: Model, w: World): number {
  let empty = m.program.filter(
    (d) =>
      !w.engine.state.some((e) => !e.pendingDelete && e.outputs.status === "CLAIMED" && e.urn.endsWith(`::${d.name}`)),
  ).length;
  for (const d of m.sets) {
    const i = d.inputs;
    const slots =
      Object.values(i.prefixes ?? {}).reduce((a, b) => a + b, 0) + (i.count ?? 0) + (i.phoneNumbers?.length ?? 0);
    const held = members(w, d).filter((n) => n.group !== "adopted" && n.status === "CLAIMED").length;
    empty += Math.max(0, slots - held);
  }
  return empty;
}

export class MoveSet extends ZeroChurnStep {
  constructor(readonly i: number) {
    super();
  }
  toString() {
    return `move set #${this.i} to the other target`;
  }
  protected change(m: Model, w: World) {
    const d = pickSet(m, this.i);
    const t = w.targets[setRegionOf(d)];
    d.inputs = { ...d.inputs, targetArn: d.inputs.targetArn === t.tdg ? t.instance : t.tdg };
    return this.up(m, w);
  }
}

export class RenameSet extends ZeroChurnStep {
  constructor(readonly i: number) {
    super();
  }
  toString() {
    return `rename set #${this.i} with an alias`;
  }
  protected change(m: Model, w: World) {
    const d = pickSet(m, this.i);
    d.aliases = [...(d.aliases ?? []), { name: d.name }];
    d.name = `s${m.nextName++}`;
    return this.up(m, w);
  }
}

/** A number of the set goes to a new single PhoneNumber (the set stops declaring it): a hand-over, no churn. */
export class HandOut extends ZeroChurnStep {
  constructor(
    readonly i: number,
    readonly which: number,
  ) {
    super();
  }
  protected applies(m: Readonly<Model>) {
    return m.sets.length > 0 && m.program.length < MAX_RESOURCES;
  }
  toString() {
    return `hand a number of set #${this.i} to a single PhoneNumber`;
  }
  protected change(m: Model, w: World) {
    const d = pickSet(m, this.i);
    const held = members(w, d).filter((n) => n.status === "CLAIMED");
    if (held.length === 0) return Promise.resolve(undefined);
    const n = held[this.which % held.length];
    d.inputs = without(d.inputs, n);
    m.program.push(fresh(m, { phoneNumber: n.phoneNumber, targetArn: d.inputs.targetArn }));
    return this.up(m, w);
  }
}

/** A single PhoneNumber's number goes into a set of its region (listed in phoneNumbers, the single removed). */
export class HandIn extends ZeroChurnStep {
  constructor(
    readonly i: number,
    readonly j: number,
  ) {
    super();
  }
  protected applies(m: Readonly<Model>) {
    return m.sets.length > 0 && m.program.length > 0;
  }
  toString() {
    return `hand single #${this.j}'s number into set #${this.i}`;
  }
  protected change(m: Model, w: World) {
    const d = pickSet(m, this.i);
    const region = setRegionOf(d);
    const single = m.program[this.j % m.program.length];
    const e = w.engine.state.find(
      (x) => !x.pendingDelete && x.outputs.status === "CLAIMED" && x.urn.endsWith(`::${single.name}`),
    );
    if (!e || e.outputs.region !== region) return Promise.resolve(undefined);
    m.program = m.program.filter((x) => x !== single);
    d.inputs = withoutUndefined({
      ...d.inputs,
      phoneNumbers: [...new Set([...(d.inputs.phoneNumbers ?? []), e.outputs.phoneNumber])],
      release: d.inputs.release?.filter((r) => r !== e.outputs.phoneNumber && r !== e.id),
    });
    return this.up(m, w);
  }
}

export class DestroySet extends SetStep {
  constructor(readonly i: number) {
    super();
  }
  toString() {
    return `remove set #${this.i} from the program (its numbers released)`;
  }
  async act(m: Model, w: World) {
    const d = pickSet(m, this.i);
    m.sets = m.sets.filter((x) => x !== d);
    return this.up(m, w);
  }
}

/**
 * A set's create interrupted after some claims: the process killed (nothing of the create reaches the state), or
 * every answer of a claim lost, or one claim FAILED by AWS (the create fails partway and keeps what it claimed).
 * Then, as a user would: refresh, and up again (a crash resumes: nothing leaks, nothing is claimed twice), with the
 * same declaration or a smaller one; a smaller one is refused while the set holds numbers it no longer wants, and
 * the user then names them in release, as the refusal advises.
 */
export class SetCreateInterrupted extends SetStep {
  constructor(
    readonly spec: SetSpec,
    readonly how: "killed" | "answers lost" | "claim failed",
    readonly then: "same" | "smaller" = "same",
  ) {
    super();
  }
  protected applies(m: Readonly<Model>) {
    return m.sets.length < MAX_SETS;
  }
  toString() {
    return `declare a set ${JSON.stringify(this.spec)}, its create interrupted (${this.how}), then refresh and up with ${this.then === "same" ? "the same declaration" : "a smaller one"}`;
  }
  async act(m: Model, w: World) {
    const d = freshSet(m, unshared(m, setInputsOf(w, this.spec)));
    if (this.spec.adopt) await seedPorted(w, d, 1);
    m.sets.push(d);
    if (this.how === "killed") {
      // A later claim fails, so the create stops partway; the crash then loses even the partial state.
      await w.emu.control.fault({ operation: "ClaimPhoneNumber", kind: "internal", count: 7 });
      await this.up(m, w, { crashAfterCreateOf: d.name });
    } else if (this.how === "answers lost") {
      await w.emu.control.fault({ operation: "ClaimPhoneNumber", kind: "drop-after-commit", count: 6 });
      await this.up(m, w);
    } else {
      await w.emu.control.fault({
        kind: "claim-failed",
        message: "The target has reached its limit of total claimed numbers.",
      });
      w.injectedClaimFailures++;
      await this.up(m, w);
    }
    await w.emu.control.clearFaults();
    await observe(w, "refresh after the interruption", await w.engine.refresh());
    if (this.then === "same") return this.up(m, w);
    d.inputs = withoutUndefined({ ...d.inputs, prefixes: undefined, count: 1, phoneNumbers: undefined });
    const r = await this.up(m, w);
    if (r.ok || !r.errors.some((e) => /names none of them in release/.test(e))) return r;
    // One number stays for the count of 1; adopted numbers stay with adoptExisting; the rest are named.
    const stays = members(w, d).find((n) => n.group !== "adopted" && n.status === "CLAIMED");
    const named = members(w, d).filter((n) => n !== stays && n.group !== "adopted");
    d.inputs = { ...d.inputs, release: named.map((n) => n.phoneNumber) };
    return this.up(m, w);
  }
}
