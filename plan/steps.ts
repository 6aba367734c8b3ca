import { parseUrn } from "../core";
import { inputError } from "./errors";

/** Where a resource is declared in the program: a path relative to the Pulumi project, and a line. */
export interface SourceLine {
  file: string;
  line: number;
}

/** One resource change, from a Pulumi preview step or engine event, or a Terraform resource_change. */
export interface ResourceChange {
  format: "pulumi" | "terraform";
  address: string;
  type: string;
  /** Pulumi: [op]; Terraform: change.actions. */
  actions: string[];
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  /** The id of the old instance (Pulumi oldState.id, Terraform before.id): one number per instance. */
  oldId?: string;
  retainOnDelete?: boolean;
  /** Terraform change.importing: the change adopts an existing object. */
  importing?: boolean;
  source?: SourceLine;
}

export const EXPECTED =
  'expected the output of `pulumi preview --json --show-replacement-steps` (an object with "steps"), Pulumi engine events (one JSON object per line), or `terraform show -json PLANFILE` (an object with "resource_changes")';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function objectOrAbsent(owner: string, key: string, v: unknown): Json | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw inputError(`${owner}: "${key}" is ${describe(v)}, not an object: ${EXPECTED}`);
  return v;
}

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "string"
    ? `the string ${JSON.stringify(v.slice(0, 40))}`
    : `${typeof v} ${JSON.stringify(v)}`.slice(0, 60);
}

/** A Pulumi step (`preview --json`) or the metadata of a resourcePreEvent (engine events), checked for shape. */
export function fromPulumiStep(step: unknown, where: string): ResourceChange {
  if (!isObject(step)) throw inputError(`${where}: a step is ${describe(step)}, not an object: ${EXPECTED}`);
  if (typeof step.op !== "string" || typeof step.urn !== "string") {
    throw inputError(
      `${where}: a Pulumi step has no "op" or "urn" string (${JSON.stringify(step).slice(0, 120)}): ${EXPECTED}`,
    );
  }
  const owner = `${where}: step ${step.op} ${step.urn}`;
  // The digest calls the states oldState/newState; engine events old/new.
  const oldState = objectOrAbsent(owner, "oldState", step.oldState ?? step.old);
  const newState = objectOrAbsent(owner, "newState", step.newState ?? step.new);
  const props = (state: Json | undefined, key: "inputs" | "outputs") => objectOrAbsent(owner, key, state?.[key]);
  const typeOf = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  return {
    format: "pulumi",
    address: step.urn,
    // The URN's type segment carries parent types (Parent$Child); the state's type does not.
    type: typeOf(newState?.type) ?? typeOf(oldState?.type) ?? typeOf(step.type) ?? parseUrn(step.urn)?.type ?? "",
    actions: [step.op],
    before: props(oldState, "outputs") ?? props(oldState, "inputs"),
    after: props(newState, "inputs") ?? props(newState, "outputs"),
    oldId: typeof oldState?.id === "string" && oldState.id !== "" ? oldState.id : undefined,
    retainOnDelete: oldState?.retainOnDelete === true,
    source: programLine(newState) ?? programLine(oldState),
  };
}

/**
 * The program line that declared a resource: Pulumi (3.140 and later) records `sourcePosition` and a `stackTrace`
 * of `project:///path#line,column` URIs, relative to the project root. The first frame in the project's own code
 * (not node_modules, not outside the project) is the user's declaration; the resource's own sourcePosition is
 * usually a library's constructor.
 */
function programLine(state: Json | undefined): SourceLine | undefined {
  if (!state) return undefined;
  const frames: unknown[] = [
    state.sourcePosition,
    ...(Array.isArray(state.stackTrace)
      ? state.stackTrace.map((f) => (isObject(f) ? f.sourcePosition : undefined))
      : []),
  ];
  for (const frame of frames) {
    if (typeof frame !== "string") continue;
    const m = /^project:\/\/\/([^#]+)#(\d+)(?:,\d+)?$/.exec(frame);
    if (!m) continue;
    let file: string;
    try {
      file = decodeURIComponent(m[1]);
    } catch {
      continue;
    }
    if (file.startsWith("../") || file.split("/").includes("node_modules")) continue;
    return { file, line: Math.max(1, Number(m[2])) };
  }
  return undefined;
}

/** A Terraform resource_change (or the resource_change of a deferred change), checked for shape. */
export function fromTerraform(rc: unknown, where: string): ResourceChange {
  if (!isObject(rc)) throw inputError(`${where}: a resource_change is ${describe(rc)}, not an object: ${EXPECTED}`);
  const change = isObject(rc.change) ? rc.change : undefined;
  const actions = change?.actions;
  if (typeof rc.address !== "string" || !Array.isArray(actions) || !actions.every((a) => typeof a === "string")) {
    throw inputError(
      `${where}: a Terraform resource_change has no "address" or "change.actions" list (${JSON.stringify(rc).slice(0, 120)}): ${EXPECTED}`,
    );
  }
  const owner = `${where}: ${rc.address}`;
  const before = objectOrAbsent(owner, "change.before", change!.before);
  return {
    format: "terraform",
    address: rc.address,
    // A data source reads; only managed resources claim or release.
    type: typeof rc.type === "string" && rc.mode !== "data" ? rc.type : "",
    actions: actions as string[],
    before,
    after: objectOrAbsent(owner, "change.after", change!.after),
    // A deposed object (left by a failed create_before_destroy) is another instance at the same address.
    oldId:
      typeof before?.id === "string" ? before.id : typeof rc.deposed === "string" ? `deposed:${rc.deposed}` : undefined,
    importing: isObject(change!.importing),
  };
}
