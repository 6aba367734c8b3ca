import * as pulumi from "@pulumi/pulumi";
import { ownerUrnInput } from "./owner-input";

type Method<K extends keyof pulumi.dynamic.ResourceProvider> = NonNullable<pulumi.dynamic.ResourceProvider[K]>;
type Awaitable<T> = T | Promise<T>;

/** What a runtime module (provider/runtime, provider/sms/runtime, provider/set/runtime) gives the closure. */
export interface ProviderRuntime {
  configure(get: (key: string) => string | undefined): void;
  check(news: Parameters<Method<"check">>[1]): Awaitable<pulumi.dynamic.CheckResult>;
  diff(olds: Parameters<Method<"diff">>[1], news: Parameters<Method<"diff">>[2]): Awaitable<pulumi.dynamic.DiffResult>;
  create(inputs: Parameters<Method<"create">>[0]): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: Parameters<Method<"read">>[1]): Awaitable<pulumi.dynamic.ReadResult>;
  update(
    id: string,
    olds: Parameters<Method<"update">>[1],
    news: Parameters<Method<"update">>[2],
  ): Promise<pulumi.dynamic.UpdateResult>;
  remove(id: string, props: Parameters<Method<"delete">>[1]): Promise<void>;
}

/**
 * The serialized closure: every method calls `load`, which requires the runtime inside itself by package name,
 * resolved in the provider process (whose working directory is the program's), so nothing Pulumi cannot serialize
 * (SDK clients, schemas, modules) is captured, no path of this machine is written into state (a laptop and CI
 * serialize the same text), and the runtime of the installed version serves old resources too.
 */
export function runtimeProvider(load: () => ProviderRuntime): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req) {
      load().configure((key) => req.config.get(key));
    },
    async check(_olds, news) {
      return load().check(news);
    },
    async diff(_id, olds, news) {
      return load().diff(olds, news);
    },
    async create(inputs) {
      return load().create(inputs);
    },
    async read(id, props) {
      return load().read(id, props);
    },
    async update(id, olds, news) {
      return load().update(id, olds, news);
    },
    async delete(id, props) {
      return load().remove(id, props);
    },
  };
}

/** A stored value as a program may give it: itself or an Output, element by element for lists and maps. */
type InputOf<T> = [T] extends [readonly (infer E)[]]
  ? pulumi.Input<pulumi.Input<E>[]>
  : [T] extends [object]
    ? pulumi.Input<{ [K in keyof T]: pulumi.Input<T[K]> }>
    : pulumi.Input<T>;

/**
 * A kind's constructor arguments, from the inputs its provider stores (the kind's shape.ts, written once): each one
 * optional and an Input. The owner's URN is derived in the constructor, never given.
 */
export type ArgsOf<Inputs> = { [K in Exclude<keyof Inputs, "ownerUrn">]?: InputOf<NonNullable<Inputs[K]>> };

/** A dynamic resource kind: its provider, its type token, and the properties it registers. */
export interface ResourceKind<Input extends string = string, Output extends string = string> {
  provider: pulumi.dynamic.ResourceProvider;
  /** Core's type token: Pulumi's token for it and the owner URN's type (pulumi-nodejs:dynamic/<module>:<name>). */
  type: string;
  /** The inputs and the outputs only the provider sets. */
  inputs: readonly Input[];
  outputs: readonly Output[];
}

/** The module and name pulumi.dynamic.Resource builds its token from: the token is written once, in core. */
function tokenParts(type: string): [module: string, name: string] {
  const m = /^pulumi-nodejs:dynamic\/([^:/]+):([^:/]+)$/.exec(type);
  if (!m) throw new Error(`${type} is not a dynamic resource token (pulumi-nodejs:dynamic/<module>:<name>)`);
  return [m[1], m[2]];
}

/**
 * A resource served by a runtime module. It registers every input and output, even unset (Pulumi exposes only the
 * properties it is given), the program's arguments, and the owner's URN. The owner is the resource's URN, by
 * Pulumi's own rule (core/owner.ts); Pulumi gives create() no URN, so it travels as an input, and an alias that
 * changes it updates the number's ownership in place.
 */
export abstract class RuntimeResource extends pulumi.dynamic.Resource {
  constructor(kind: ResourceKind, name: string, args: object, opts: pulumi.CustomResourceOptions | undefined) {
    const unset = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, undefined]));
    const props = {
      ...unset(kind.inputs),
      ...args,
      ownerUrn: ownerUrnInput(kind.type, name, opts),
      ...unset(kind.outputs),
    };
    super(kind.provider, name, props, opts, ...tokenParts(kind.type));
  }
}

/**
 * What a kind's resource exposes: every property it registers, typed as its provider stores it, but for the optional
 * ones its provider always sets once the resource exists (Present: optional only because older state lacks them),
 * which a program reads as set.
 */
export type Registered<State, Keys extends keyof State, Present extends keyof State = never> = {
  readonly [K in Keys]-?: pulumi.Output<K extends Present ? NonNullable<State[K]> : State[K]>;
};

/** The constructor of a kind's resource class: the program's arguments typed, the kind fixed. */
export type RuntimeResourceClass<Args extends object, Exposed> = new (
  name: string,
  args: Args,
  opts?: pulumi.CustomResourceOptions,
) => RuntimeResource & Exposed;

/**
 * The base a kind's resource class extends (each class wrote the same constructor), typed from what its provider
 * stores: `runtimeResource<Inputs, Outputs, Present>()(kind)` takes ArgsOf<Inputs> and exposes the properties the
 * kind registers as its Outputs type them (Registered says what Present changes).
 */
export function runtimeResource<Inputs, Outputs, Present extends keyof Outputs = never>() {
  type Args = ArgsOf<Inputs>;
  return <const Input extends keyof Outputs & string, const Output extends keyof Outputs & string>(
    kind: ResourceKind<Input, Output>,
  ) => {
    const kindClass = class extends RuntimeResource {
      constructor(name: string, args: Args, opts?: pulumi.CustomResourceOptions) {
        super(kind, name, args, opts);
      }
    };
    // Pulumi defines an Output on the instance for each property registered, and the constructor registers all.
    return kindClass as unknown as RuntimeResourceClass<Args, Registered<Outputs, Input | Output, Present>>;
  };
}
