import { spawnSync } from "node:child_process";
import { CONNECT_NUMBER_RESOURCE_TYPES, phoneNumberIdOf } from "../core";
import { isSmsNumberType } from "../core/sms";
import { findPulumi } from "../scripts/pulumi-bin";
import { backendFix } from "./pulumi-backend";

/** A resource of `pulumi stack export`, as far as the readers of the state look. */
export interface ExportedResource {
  urn?: unknown;
  type?: unknown;
  delete?: unknown;
  retainOnDelete?: unknown;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** An operation Pulumi's state records as begun and never finished (an `up` killed while it ran). */
export interface ExportedPendingOperation {
  resource?: ExportedResource;
  /** "creating", "updating", "deleting", "reading", "importing". */
  type?: unknown;
}

export type StackExport =
  | { ok: true; resources: ExportedResource[]; pendingOperations: ExportedPendingOperation[] }
  | { ok: false; reason: string };

/**
 * `pulumi stack export` of one stack, from its project's directory: the state a plan does not show (a removed
 * resource's retainOnDelete, an old instance pending delete). Read by the pack and by `check`.
 */
export function readStackExport(
  projectDir: string | undefined,
  stack: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): StackExport {
  if (!stack || !projectDir) return { ok: false, reason: "the stack or the program's directory is unknown" };
  let binary: string;
  try {
    binary = findPulumi(env).binary;
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  const run = spawnSync(binary, ["stack", "export", "--stack", stack, "--non-interactive"], {
    cwd: projectDir,
    env,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (run.error || run.status !== 0) {
    const said = (run.error?.message ?? run.stderr).trim();
    const backend = backendFix(said, env);
    return {
      ok: false,
      reason: `\`pulumi stack export --stack ${stack}\` failed: ${said.split("\n").pop()}${backend === undefined ? "" : `. ${backend}`}`,
    };
  }
  try {
    const exported = JSON.parse(run.stdout) as {
      deployment?: { resources?: ExportedResource[]; pending_operations?: ExportedPendingOperation[] };
    };
    return {
      ok: true,
      resources: exported.deployment?.resources ?? [],
      pendingOperations: exported.deployment?.pending_operations ?? [],
    };
  } catch (err) {
    return {
      ok: false,
      reason: `\`pulumi stack export --stack ${stack}\` printed no state (${(err as Error).message})`,
    };
  }
}

/** An old instance of a phone number the state holds pending delete: what the next `up` releases. */
export interface PendingNumberDelete {
  urn: string;
  type: string;
  /** The number's id and E.164 number, from the instance's outputs where it recorded them. */
  phoneNumberId?: string;
  phoneNumber?: string;
  /** The old instance's deletionProtection: its delete is refused while it holds (core/connect/delete.ts). */
  deletionProtection: boolean;
}

/**
 * The old instances of phone numbers (Connect or SMS) the state holds pending delete (`delete: true`: a replacement
 * or a delete whose delete step failed or was interrupted): the next `up` releases each.
 */
export function pendingNumberDeletes(resources: readonly ExportedResource[]): PendingNumberDelete[] {
  return resources.flatMap((r) => {
    if (r.delete !== true || typeof r.urn !== "string" || typeof r.type !== "string") return [];
    if (!CONNECT_NUMBER_RESOURCE_TYPES.has(r.type) && !isSmsNumberType(r.type)) return [];
    const id = r.outputs?.phoneNumberId ?? r.outputs?.arn ?? r.outputs?.phoneNumberArn;
    const number = r.outputs?.phoneNumber;
    return [
      {
        urn: r.urn,
        type: r.type,
        ...(typeof id === "string" && id !== "" ? { phoneNumberId: phoneNumberIdOf(id) } : {}),
        ...(typeof number === "string" && number !== "" ? { phoneNumber: number } : {}),
        deletionProtection: (r.outputs?.deletionProtection ?? r.inputs?.deletionProtection) === true,
      },
    ];
  });
}

/** A phone number's operation an `up` began and never finished: whether AWS carried it out is unknown. */
export interface InFlightNumberOperation {
  urn: string;
  /** Pulumi's word for it: "deleting" (a release), "creating" (a claim), "updating", …. */
  operation: string;
  phoneNumber?: string;
}

/** The phone numbers' (Connect or SMS) operations the state records in flight (`pending_operations`). */
export function inFlightNumberOperations(ops: readonly ExportedPendingOperation[]): InFlightNumberOperation[] {
  return ops.flatMap((op) => {
    const r = op.resource;
    if (typeof r?.urn !== "string" || typeof r.type !== "string" || typeof op.type !== "string") return [];
    if (!CONNECT_NUMBER_RESOURCE_TYPES.has(r.type) && !isSmsNumberType(r.type)) return [];
    const number = r.outputs?.phoneNumber;
    return [
      {
        urn: r.urn,
        operation: op.type,
        ...(typeof number === "string" && number !== "" ? { phoneNumber: number } : {}),
      },
    ];
  });
}
