import * as pulumi from "@pulumi/pulumi";
import { ownerUrn } from "../core/owner";

/**
 * The owner URN a resource declared with `opts` will have, as an input of that resource.
 *
 * Under a parent it comes from the parent's URN, but never as an Output of the parent: Pulumi's Node SDK turns a
 * dependency on a component into a dependency on every child of that component, so two numbers under one component
 * would each wait for the other to register, and the program would hang forever. A plain promise carries the value
 * without the dependency (a URN is known at preview too, so the apply always runs).
 */
export function ownerUrnInput(
  type: string,
  name: string,
  opts: pulumi.ResourceOptions | undefined,
): pulumi.Input<string> {
  const project = pulumi.getProject();
  const stack = pulumi.getStack();
  const parent = opts?.parent;
  if (!parent) return ownerUrn({ project, stack, type, name });
  return new Promise<string>((resolve) =>
    parent.urn.apply((parentUrn) => resolve(ownerUrn({ project, stack, type, name, parentUrn }))),
  );
}
