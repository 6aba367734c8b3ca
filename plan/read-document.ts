import { Readable } from "node:stream";
import { inputError, quoteFailure, refusalIn } from "./errors";
import { JsonShapeError, TopLevelValue, forEachArrayElement } from "./json-elements";
import { CONNECT_NUMBER_RESOURCE_TYPES, plural } from "../core";
import { isSmsNumberType } from "../core/sms";
import { EXPECTED, ResourceChange, describe, fromPulumiStep, fromTerraform } from "./steps";

export type DocumentFormat = "pulumi-preview" | "terraform-plan";

export interface DocumentFacts {
  format: DocumentFormat;
  /** Things the reader should know that do not stop the judgement. */
  notes: string[];
  /** Why the plan is not the whole change (Terraform's "complete": false): what it shows can block, never pass. */
  incomplete?: string;
}

const PULUMI_HOW_TO =
  "run `pulumi preview --json --show-replacement-steps > plan.json` again, let it finish without errors, and check that file";
const TERRAFORM_HOW_TO =
  "run `terraform plan -out=tfplan` until it succeeds, then check `terraform show -json tfplan > plan.json`";
/** The ops whose steps the digest always shows and its changeSummary counts: the two must agree. */
const COUNTED_OPS = ["create", "delete", "replace"];
export const UNPROVEN_REPLACEMENT_STEPS =
  "This digest shows no replacement steps: either the plan replaces nothing, or it was made without `--show-replacement-steps`, and then Pulumi left out pending deletes (numbers an earlier failed replacement left behind, which the next `pulumi up` releases). " +
  "Not sure which? Preview again with that flag, or run `check` in the stack's project, where it reads the state's pending deletes.";

/**
 * Streams the `steps` (Pulumi) or `resource_changes` (Terraform) of one document, then checks that the document is
 * a complete, successful plan: the top-level values have the right types, the preview reported no error and
 * reached its summary, the summary agrees with the steps, and Terraform did not mark the plan errored.
 */
export async function readDocument(
  input: Readable,
  name: string,
  onChange: (c: ResourceChange) => void,
): Promise<DocumentFacts> {
  const top = new Map<string, TopLevelValue>();
  const summary: Record<string, unknown> = {};
  const stepOps = new Map<string, number>();
  const errors: string[] = [];
  const deferred: string[] = [];
  let steps = 0;
  try {
    await forEachArrayElement(
      input,
      new Set(["steps", "resource_changes", "diagnostics", "deferred_changes"]),
      {
        onTopLevelKey: () => undefined,
        onTopLevelValue: (key, value) => top.set(key, value),
        onElement(key, value) {
          if (key === "steps") {
            const change = fromPulumiStep(value, `${name}: steps[${steps++}]`);
            stepOps.set(change.actions[0], (stepOps.get(change.actions[0]) ?? 0) + 1);
            onChange(change);
          } else if (key === "resource_changes") {
            onChange(fromTerraform(value, `${name}: resource_changes`));
          } else if (key === "diagnostics") {
            const d = value as { severity?: unknown; message?: unknown } | null;
            if (d && d.severity === "error") errors.push(String(d.message ?? "").trim());
          } else if (key === "deferred_changes") {
            const change = fromTerraform(
              (value as { resource_change?: unknown } | null)?.resource_change,
              `${name}: deferred_changes`,
            );
            if (CONNECT_NUMBER_RESOURCE_TYPES.has(change.type) || isSmsNumberType(change.type))
              deferred.push(`${change.address} (${String((value as { reason?: unknown }).reason ?? "deferred")})`);
          } else {
            Object.assign(summary, value);
          }
        },
      },
      new Set(["changeSummary"]),
    );
  } catch (err) {
    if (err instanceof JsonShapeError)
      throw inputError(`${name} is not one complete JSON document (${err.message}): ${EXPECTED}`);
    throw err;
  }
  const kinds = Object.fromEntries(
    [...top].map(([k, v]) => [
      k,
      v.kind === "scalar" ? describe(v.value) : v.kind === "object" ? "an object" : "an array",
    ]),
  );
  const expect = (key: string, kind: TopLevelValue["kind"], what: string) => {
    const v = top.get(key);
    if (v && v.kind !== kind) throw inputError(`${name}: "${key}" is ${kinds[key]}, not ${what}: ${EXPECTED}`);
  };
  const scalar = (key: string) => {
    const v = top.get(key);
    return v?.kind === "scalar" ? v.value : undefined;
  };
  if (
    top.has("steps") ||
    top.has("changeSummary") ||
    (!top.has("resource_changes") && !top.has("format_version") && (top.has("diagnostics") || top.has("config")))
  ) {
    expect("steps", "array", "a list of steps");
    expect("diagnostics", "array", "a list");
    expect("changeSummary", "object", "an object");
    const refused = refusalIn(name, errors);
    if (refused) throw refused;
    const failed = errors.length > 0 ? quoteFailure(errors[0]) : undefined;
    if (failed !== undefined)
      throw inputError(
        `${name}: the preview failed (${failed}): a failed preview shows only the steps before the failure; ${PULUMI_HOW_TO}`,
      );
    const result = scalar("result");
    if (result !== undefined && result !== "succeeded")
      throw inputError(`${name}: the preview's result is ${JSON.stringify(result)}, not "succeeded"; ${PULUMI_HOW_TO}`);
    if (!top.has("steps"))
      throw inputError(
        `${name} has no "steps" (only ${[...top.keys()].join(", ")}): Pulumi lists at least the stack's own step in every finished preview; ${PULUMI_HOW_TO}`,
      );
    if (!top.has("changeSummary"))
      throw inputError(
        `${name} has no "changeSummary": the preview did not reach its end (cancelled or crashed), so steps may be missing; ${PULUMI_HOW_TO}`,
      );
    if (scalar("maybeCorrupt") === true)
      throw inputError(
        `${name} says the stack may be corrupt ("maybeCorrupt": true): repair the state (pulumi stack export / import) and preview again`,
      );
    for (const op of COUNTED_OPS) {
      const counted = summary[op];
      if (counted === undefined) continue;
      if (typeof counted !== "number")
        throw inputError(`${name}: changeSummary.${op} is ${describe(counted)}, not a number: ${EXPECTED}`);
      const shown = stepOps.get(op) ?? 0;
      if (shown < counted)
        throw inputError(
          `${name}: its changeSummary counts ${plural(counted, `${op} step`)} but it lists ${shown}: steps are missing (cut or edited); ${PULUMI_HOW_TO}`,
        );
    }
    // Without --show-replacement-steps Pulumi leaves pending deletes out of the digest altogether; a replacement
    // in the plan proves the flag was missing (refused by the caller), nothing proves it was given.
    const shown = ["create-replacement", "delete-replaced", "discard-replaced"].some((op) => stepOps.has(op));
    return { format: "pulumi-preview", notes: shown ? [] : [UNPROVEN_REPLACEMENT_STEPS] };
  }
  if (top.has("resource_changes") || top.has("format_version")) {
    expect("resource_changes", "array", "a list of resource changes");
    // `terraform show -json` without a plan file prints the state, which shares format_version but lists no changes:
    // judged as a plan it would pass anything. Every plan has planned_values (a struct Terraform always writes).
    if (!top.has("resource_changes") && !top.has("planned_values")) {
      throw inputError(
        `${name} is Terraform state, not a plan (it has no "planned_values"): \`terraform show -json\` without a plan file prints the state; ${TERRAFORM_HOW_TO}`,
      );
    }
    const version = scalar("format_version");
    if (version !== undefined && (typeof version !== "string" || !/^1\.\d+$/.test(version))) {
      throw inputError(
        `${name}: format_version ${JSON.stringify(version)} is not 1.x, the only JSON plan format this reads: ${TERRAFORM_HOW_TO}`,
      );
    }
    for (const key of ["errored", "complete", "applyable"]) {
      if (top.has(key) && typeof scalar(key) !== "boolean")
        throw inputError(`${name}: "${key}" is ${kinds[key]}, not true or false: ${EXPECTED}`);
    }
    if (scalar("errored") === true)
      throw inputError(
        `${name}: Terraform marked the plan "errored": true: planning failed part-way, so changes may be missing; ${TERRAFORM_HOW_TO}`,
      );
    if (deferred.length > 0) {
      throw inputError(
        `${name}: Terraform deferred changes to phone numbers it cannot plan yet (${deferred.slice(0, 5).join(", ")}): they cannot be judged until they are planned; resolve what they wait for and plan again`,
      );
    }
    if (scalar("complete") === false) {
      const incomplete = `Terraform marks ${name} incomplete ("complete": false): more changes follow this apply (a -target plan, or changes deferred to a later plan), and they are not in it`;
      return {
        format: "terraform-plan",
        notes: [`${incomplete}. The changes it shows already block; the rest can only add churn.`],
        incomplete,
      };
    }
    return { format: "terraform-plan", notes: [] };
  }
  throw inputError(
    `${name} has neither "steps" nor "resource_changes" (top-level keys: ${[...top.keys()].slice(0, 8).join(", ") || "none"}): ${EXPECTED}`,
  );
}
