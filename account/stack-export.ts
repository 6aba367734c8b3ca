import { spawnSync } from "node:child_process";
import { CONNECT_NUMBER_RESOURCE_TYPES } from "../core";
import { isSmsNumberType } from "../core/sms";
import { findPulumi } from "../scripts/pulumi-bin";
import { backendFix } from "./pulumi-backend";

/** A resource of `pulumi stack export`, as far as the readers of the state look. */
export interface ExportedResource {
  urn?: unknown;
  type?: unknown;
  delete?: unknown;
  retainOnDelete?: unknown;
  outputs?: Record<string, unknown>;
}

export type StackExport = { ok: true; resources: ExportedResource[] } | { ok: false; reason: string };

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
    const exported = JSON.parse(run.stdout) as { deployment?: { resources?: ExportedResource[] } };
    return { ok: true, resources: exported.deployment?.resources ?? [] };
  } catch (err) {
    return {
      ok: false,
      reason: `\`pulumi stack export --stack ${stack}\` printed no state (${(err as Error).message})`,
    };
  }
}

/** The old instances of phone numbers (Connect or SMS) the state holds pending delete: what the next `up` releases. */
export function pendingNumberDeletes(resources: readonly ExportedResource[]): string[] {
  return resources.flatMap((r) =>
    r.delete === true &&
    typeof r.urn === "string" &&
    typeof r.type === "string" &&
    (CONNECT_NUMBER_RESOURCE_TYPES.has(r.type) || isSmsNumberType(r.type))
      ? [r.urn]
      : [],
  );
}
