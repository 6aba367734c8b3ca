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

/** The description and tags a Connect resource of this package takes; its ownership tags are added beside them. */
export interface LabelArgs {
  description?: pulumi.Input<string>;
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** A dynamic resource kind: its provider, its type token, and the properties it registers. */
export interface ResourceKind {
  provider: pulumi.dynamic.ResourceProvider;
  /** Core's type token: Pulumi's token for it and the owner URN's type (pulumi-nodejs:dynamic/<module>:<name>). */
  type: string;
  /** The inputs and the outputs only the provider sets. */
  inputs: readonly string[];
  outputs: readonly string[];
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

/** The constructor of a kind's resource class: the program's arguments typed, the kind fixed. */
export type RuntimeResourceClass<Args extends object> = new (
  name: string,
  args: Args,
  opts?: pulumi.CustomResourceOptions,
) => RuntimeResource;

/** The base a kind's resource class extends: it only declares the outputs (each class wrote the same constructor). */
export function runtimeResource<Args extends object>(kind: ResourceKind): RuntimeResourceClass<Args> {
  return class extends RuntimeResource {
    constructor(name: string, args: Args, opts?: pulumi.CustomResourceOptions) {
      super(kind, name, args, opts);
    }
  };
}
