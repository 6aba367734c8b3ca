import { surfaced } from "./surface";

/** A resource kind's lifecycle steps, each given the context (deployment, clients) its runtime module holds. */
export interface LifecycleSteps<Context, Inputs, Outputs, Created, Read, Updated> {
  create(context: Context, inputs: Inputs): Promise<Created>;
  read(context: Context, id: string, props: Outputs): Promise<Read>;
  update(context: Context, id: string, olds: Outputs, news: Inputs): Promise<Updated>;
  remove(context: Context, id: string, props: Outputs): Promise<void>;
}

/**
 * The create/read/update/remove a runtime module exports to the serialized closure. The context is taken at each
 * call (a configuration error is thrown then, on the resource); read and remove are surfaced (surface.ts): their
 * refusals reach Pulumi's output once.
 */
export function lifecycleCalls<Context, Inputs, Outputs, Created, Read, Updated>(
  context: () => Context,
  steps: LifecycleSteps<Context, Inputs, Outputs, Created, Read, Updated>,
) {
  return {
    create: (inputs: Inputs) => steps.create(context(), inputs),
    read: (id: string, props: Outputs) => surfaced(() => steps.read(context(), id, props)),
    update: (id: string, olds: Outputs, news: Inputs) => steps.update(context(), id, olds, news),
    remove: (id: string, props: Outputs) => surfaced(() => steps.remove(context(), id, props)),
  };
}
