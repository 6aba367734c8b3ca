import { PHONE_NUMBER_TYPE, ownerUrn } from "../../core";
import { diffPhoneNumber } from "../../provider/diff";
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
 * A small model of the Pulumi engine for one stack of PhoneNumber resources, driving the provider's lifecycle
 * functions as the engine does: check, then diff against the state found by URN or alias, then create, update or
 * replace (create before delete, unless deleteBeforeReplace), `--replace` targets (no diff, check without olds),
 * replaceOnChanges, deletes of what the program no longer declares after every other step, nothing after the
 * first error, partial failures recorded, a replaced instance kept as pending delete until a later deployment
 * deletes it. Each deployment gets a fresh Deployment (a fresh provider process).
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

class Crash extends Error {}

export class EngineModel {
  state: StateEntry[] = [];

  constructor(private readonly config: ProviderConfig) {}

  async up(program: Declared[], options: UpOptions = {}): Promise<DeploymentResult> {
    return this.deployment(async (dep) => {
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
      const doomed = this.state.filter((e) => e.pendingDelete || (!matched.has(e) && !created.has(e))).reverse();
      for (const e of doomed) await this.remove(dep, e);
    });
  }

  async refresh(): Promise<DeploymentResult> {
    return this.deployment(async (dep) => {
      for (const e of [...this.state]) {
        const r = await readWith(dep, e.id, e.outputs);
        if (r.id === "") this.state = this.state.filter((x) => x !== e);
        else e.outputs = r.props as PhoneNumberOutputs;
      }
    });
  }

  async destroy(): Promise<DeploymentResult> {
    return this.deployment(async (dep) => {
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
