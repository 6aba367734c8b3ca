import { PHONE_NUMBER_TYPE, ownerFromUrn, ownerUrn } from "../../core";
import { PHONE_NUMBER_SET_TYPE } from "../../core/fleet";
import { diffPhoneNumber } from "../../provider/diff";
import { diffSet } from "../../provider/set";
import { checkSetWith } from "../../provider/set/runtime/engine-calls";
import { noteSetHoldings } from "../../provider/set/runtime/hand-back";
import * as setLifecycle from "../../provider/set/runtime/lifecycle";
import { PhoneNumberSetInputs, PhoneNumberSetOutputs } from "../../provider/set/shape";
import {
  Deployment,
  ProviderConfig,
  checkWith,
  createWith,
  diffWith,
  readWith,
  removeWith,
  updateWith,
} from "../../provider/runtime";
import { PhoneNumberInputs, PhoneNumberOutputs } from "../../provider/shape";

/**
 * A small model of the Pulumi engine for one stack of PhoneNumber and PhoneNumberSet resources, driving the provider's
 * lifecycle functions as the engine does: check, then diff against the state found by URN or alias, then create,
 * update or replace (create before delete, unless deleteBeforeReplace), `--replace` targets (no diff, check without
 * olds), replaceOnChanges, deletes of what the program no longer declares after every other step, nothing after the
 * first error, partial failures recorded, a replaced instance kept as pending delete until a later deployment
 * deletes it. Each deployment gets a fresh Deployment (a fresh provider process). Sets come after every single
 * resource (they dependsOn them, as a hand-out to a single resource needs) and are deleted before them.
 */

export const PROJECT = "model";
export const STACK = "dev";
const COMPONENT_TYPE = "model:index:Group";

export interface Alias {
  name?: string;
  /** The old parent's name; null: it had none. */
  parent?: string | null;
}

export interface Declared {
  name: string;
  parent?: string;
  aliases?: Alias[];
  inputs: Omit<PhoneNumberInputs, "ownerUrn">;
  deleteBeforeReplace?: boolean;
  replaceOnChanges?: Array<keyof PhoneNumberInputs>;
}

export interface DeclaredSet {
  name: string;
  aliases?: Alias[];
  inputs: Omit<PhoneNumberSetInputs, "ownerUrn">;
}

export interface SetStateEntry {
  urn: string;
  id: string;
  inputs: PhoneNumberSetInputs;
  outputs: PhoneNumberSetOutputs;
}

export interface StateEntry {
  urn: string;
  id: string;
  inputs: PhoneNumberInputs;
  outputs: PhoneNumberOutputs;
  pendingDelete?: boolean;
}

export interface UpOptions {
  /** Names given to `pulumi up --replace`. */
  replace?: string[];
  /** The process dies right after this resource's create returned: nothing of it reaches the state. */
  crashAfterCreateOf?: string;
}

export interface DeploymentResult {
  ok: boolean;
  errors: string[];
  warnings: string[];
}

export function parentUrnOf(parent: string | undefined): string | undefined {
  return parent === undefined ? undefined : `urn:pulumi:${STACK}::${PROJECT}::${COMPONENT_TYPE}::${parent}`;
}

export function urnOf(name: string, parent: string | undefined): string {
  return ownerUrn({ project: PROJECT, stack: STACK, type: PHONE_NUMBER_TYPE, name, parentUrn: parentUrnOf(parent) });
}

export function setUrnOf(name: string): string {
  return ownerUrn({ project: PROJECT, stack: STACK, type: PHONE_NUMBER_SET_TYPE, name });
}

class Crash extends Error {}

export class EngineModel {
  state: StateEntry[] = [];
  sets: SetStateEntry[] = [];

  constructor(private readonly config: ProviderConfig) {}

  /** Whether the last `up` succeeded: the stack then holds what the program declares. */
  lastUpOk = true;
  /** Why the last `up` failed (the error that stopped it), for the referee. */
  lastErrors: string[] = [];

  async up(program: Declared[], options: UpOptions = {}, sets: DeclaredSet[] = []): Promise<DeploymentResult> {
    const result = await this.deployment(async (dep) => {
      const doomed = await this.upSingles(dep, program, options);
      await this.upSets(dep, sets, options);
      // Deletes come last: sets first (they depend on the single resources), then what upSingles doomed.
      const matched = new Set(sets.map((d) => this.setEntryOf(d)));
      for (const e of this.sets.filter((x) => !matched.has(x)).reverse()) await this.removeSet(dep, e);
      for (const e of doomed) await this.remove(dep, e);
    });
    this.lastUpOk = result.ok;
    this.lastErrors = result.errors;
    return result;
  }

  /** Creates, updates and replaces the single resources; returns what the deletes at the end remove, newest first. */
  private async upSingles(dep: Deployment, program: Declared[], options: UpOptions): Promise<StateEntry[]> {
    const matched = new Set<StateEntry>();
    const created = new Set<StateEntry>();
    for (const d of program) {
      const urn = urnOf(d.name, d.parent);
      const aliases = (d.aliases ?? []).map((a) =>
        urnOf(a.name ?? d.name, a.parent === null ? undefined : (a.parent ?? d.parent)),
      );
      const old = this.state.find(
        (e) => !e.pendingDelete && !matched.has(e) && !created.has(e) && (e.urn === urn || aliases.includes(e.urn)),
      );
      if (old) matched.add(old);
      const news = { ...d.inputs, ownerUrn: urn } as PhoneNumberInputs;
      const targeted = old !== undefined && (options.replace ?? []).includes(d.name);
      const checked = checkWith(dep, news);
      if (checked.failures.length > 0) throw new Error(checked.failures.map((f) => f.reason).join("; "));
      if (!old) {
        created.add(await this.create(dep, urn, news, d.name === options.crashAfterCreateOf));
        continue;
      }
      let replace = targeted;
      let changes = targeted;
      if (!targeted) {
        const diff = diffWith(dep, old.outputs, news);
        const keys = diffPhoneNumber(old.outputs, news, { defaultRegion: dep.regions.defaultRegion });
        replace = diff.replaces.length > 0 || (d.replaceOnChanges ?? []).some((k) => keys.updates.includes(k));
        changes = diff.changes;
      }
      if (replace && d.deleteBeforeReplace) {
        await this.remove(dep, old);
        created.add(await this.create(dep, urn, news, d.name === options.crashAfterCreateOf));
      } else if (replace) {
        created.add(await this.create(dep, urn, news, d.name === options.crashAfterCreateOf, old));
      } else if (changes) {
        await this.update(dep, old, urn, news);
      } else {
        Object.assign(old, { urn, inputs: news });
      }
    }
    // Deletes come last, newest first: what the program no longer declares, and replaced instances.
    return this.state.filter((e) => e.pendingDelete || (!matched.has(e) && !created.has(e))).reverse();
  }

  private setEntryOf(d: DeclaredSet): SetStateEntry | undefined {
    const urns = [setUrnOf(d.name), ...(d.aliases ?? []).map((a) => setUrnOf(a.name ?? d.name))];
    return this.sets.find((e) => urns.includes(e.urn));
  }

  /** Each set: check, then create, or diff against its state and update in place (a set is never replaced). */
  private async upSets(dep: Deployment, sets: DeclaredSet[], options: UpOptions): Promise<void> {
    for (const d of sets) {
      const urn = setUrnOf(d.name);
      const news = { ...d.inputs, ownerUrn: urn } as PhoneNumberSetInputs;
      const { failures } = checkSetWith(dep, news);
      if (failures.length > 0) throw new Error(failures.map((f) => f.reason).join("; "));
      const old = this.setEntryOf(d);
      if (!old) {
        await this.createSet(dep, urn, news, d.name === options.crashAfterCreateOf);
        continue;
      }
      const key = ownerFromUrn(urn)!.key;
      noteSetHoldings(dep, old.outputs, news);
      const diff = diffSet(
        old.outputs,
        news,
        (m) => dep.declaresNumber(m.phoneNumber, m.phoneNumberId, key),
        dep.regions.defaultRegion,
      );
      if (!diff.changes) {
        Object.assign(old, { urn, inputs: news });
        continue;
      }
      try {
        const { outs } = await setLifecycle.update(dep, old.id, old.outputs, news);
        Object.assign(old, { urn, inputs: news, outputs: outs });
      } catch (err) {
        const partial = err as { id?: string; properties?: PhoneNumberSetOutputs };
        if (partial.id && partial.properties) Object.assign(old, { outputs: partial.properties });
        throw err;
      }
    }
  }

  private async createSet(dep: Deployment, urn: string, news: PhoneNumberSetInputs, crash: boolean): Promise<void> {
    try {
      const { id, outs } = await setLifecycle.create(dep, news);
      if (crash) throw new Crash();
      this.sets.push({ urn, id, inputs: news, outputs: outs });
    } catch (err) {
      if (crash || err instanceof Crash) throw new Crash();
      const partial = err as { id?: string; properties?: PhoneNumberSetOutputs };
      if (partial.id && partial.properties)
        this.sets.push({ urn, id: partial.id, inputs: news, outputs: partial.properties });
      throw err;
    }
  }

  private async removeSet(dep: Deployment, e: SetStateEntry): Promise<void> {
    await setLifecycle.remove(dep, e.id, e.outputs);
    this.sets = this.sets.filter((x) => x !== e);
  }

  async refresh(): Promise<DeploymentResult> {
    return this.deployment(async (dep) => {
      for (const e of [...this.state]) {
        const r = await readWith(dep, e.id, e.outputs);
        if (r.id === "") this.state = this.state.filter((x) => x !== e);
        else e.outputs = r.props as PhoneNumberOutputs;
      }
      for (const e of this.sets) e.outputs = (await setLifecycle.read(dep, e.id, e.outputs)).props;
    });
  }

  async destroy(): Promise<DeploymentResult> {
    return this.deployment(async (dep) => {
      for (const e of [...this.sets].reverse()) await this.removeSet(dep, e);
      for (const e of [...this.state].reverse()) await this.remove(dep, e);
    });
  }

  private async deployment(steps: (dep: Deployment) => Promise<void>): Promise<DeploymentResult> {
    const warnings: string[] = [];
    const errors: string[] = [];
    const dep = new Deployment(this.config, (m) => warnings.push(m));
    try {
      await steps(dep);
    } catch (err) {
      errors.push(err instanceof Crash ? "crash" : (err as Error).message);
    } finally {
      dep.destroy();
    }
    return { ok: errors.length === 0, errors, warnings };
  }

  /** Create (or create-replacement of `replacing`); a partial failure records the number and fails the deployment. */
  private async create(
    dep: Deployment,
    urn: string,
    news: PhoneNumberInputs,
    crash: boolean,
    replacing?: StateEntry,
  ): Promise<StateEntry> {
    let result: { id: string; outs: PhoneNumberOutputs };
    try {
      result = await createWith(dep, news);
    } catch (err) {
      const partial = err as { id?: string; properties?: PhoneNumberOutputs; message: string };
      if (crash) throw new Crash();
      if (partial.id && partial.properties) {
        this.record({ urn, id: partial.id, inputs: news, outputs: partial.properties }, replacing);
      }
      throw err;
    }
    if (crash) throw new Crash();
    const entry = { urn, id: result.id, inputs: news, outputs: result.outs };
    this.record(entry, replacing);
    return entry;
  }

  private record(entry: StateEntry, replacing?: StateEntry): void {
    if (replacing) replacing.pendingDelete = true;
    this.state.push(entry);
  }

  private async update(dep: Deployment, old: StateEntry, urn: string, news: PhoneNumberInputs): Promise<void> {
    try {
      const { outs } = await updateWith(dep, old.id, old.outputs, news);
      Object.assign(old, { urn, inputs: news, outputs: outs });
    } catch (err) {
      const partial = err as { id?: string; properties?: PhoneNumberOutputs };
      if (partial.id && partial.properties) Object.assign(old, { outputs: partial.properties });
      throw err;
    }
  }

  private async remove(dep: Deployment, e: StateEntry): Promise<void> {
    await removeWith(dep, e.id, e.outputs);
    this.state = this.state.filter((x) => x !== e);
  }
}

/** A declared resource and its identity in the model: kept by an alias, new after a rename without one. */
export type Resource = Declared & { key: number };

/** A declared PhoneNumberSet; its key follows it through renames with an alias. */
export type SetResource = DeclaredSet & { key: number };

/** The program the campaign declares (world.ts reads it to judge; programs.ts builds it). */
export interface Model {
  program: Resource[];
  sets: SetResource[];
  nextName: number;
}
