import { parseUrn } from "../../core";
import { inputError } from "../errors";
import { readFacts } from "../../plan/number-props";

/** The tools a migration starts from: what writes the old resources' state, and what lets them go without a release. */
export type SourceTool = "pulumi" | "terraform";

/** One number held by a resource of another provider, as its state records it: what the adopting resource needs. */
export interface MigratingNumber {
  /** The old resource: a Pulumi URN or a Terraform address (with its instance key). */
  address: string;
  /** Its resource type token (`aws:connect/phoneNumber:PhoneNumber`, `aws_connect_phone_number`, …). */
  type: string;
  /** The old resource's own name (Pulumi) or name and key (Terraform), the new resource's name before it is made unique. */
  name: string;
  phoneNumber?: string;
  /** The bare id (the part of the ARN after `phone-number/`). */
  phoneNumberId: string;
  targetArn?: string;
  /** The number's region (from its ARN or target). */
  region?: string;
  description?: string;
  /** The tags the number carries (with a provider's default tags: adopting keeps them all). */
  tags?: Record<string, string>;
  /** Pulumi: the old resource already has `retainOnDelete: true` (its removal releases nothing). */
  retained?: boolean;
  /** Pulumi: the old resource is `protect`ed (its removal fails until `pulumi state unprotect`). */
  protect?: boolean;
}

export interface Inventory {
  tool: SourceTool;
  /** Where the numbers came from, for the program's header: "stack numbers/dev", "terraform.tfstate". */
  origin: string;
  /** Pulumi only: the stack's project and stack name (from its URNs). */
  project?: string;
  stack?: string;
  numbers: MigratingNumber[];
  /** What the reader passed over and why (a pending delete, a data source). */
  notes: string[];
}

/** The other providers' Connect phone-number types, by the tool that manages them. */
const PULUMI_TYPES = new Set(["aws:connect/phoneNumber:PhoneNumber", "aws-native:connect:PhoneNumber"]);
const TERRAFORM_TYPES = new Set(["aws_connect_phone_number", "awscc_connect_phone_number"]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export const EXPECTED_STATE =
  'expected `pulumi stack export` (an object with "deployment"), `terraform show -json` without a plan file (an object with "values"), or a terraform.tfstate file (an object with "resources")';

/** Reads a state document of either tool and lists the Connect numbers its resources of another provider hold. */
export function readInventory(text: string, name: string): Inventory {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw inputError(`${name} is not JSON (${(err as Error).message}): ${EXPECTED_STATE}`);
  }
  if (!isObject(doc)) throw inputError(`${name} is not a JSON object: ${EXPECTED_STATE}`);
  if (isObject(doc.deployment)) return fromPulumiExport(doc.deployment, name);
  if (isObject(doc.values) || (typeof doc.format_version === "string" && !("resource_changes" in doc)))
    return fromTerraformShow(doc, name);
  if ("resource_changes" in doc || "planned_values" in doc) {
    throw inputError(
      `${name} is a Terraform plan, not its state: run \`terraform show -json > state.json\` (no plan file) and migrate that`,
    );
  }
  if (Array.isArray(doc.resources) && typeof doc.version === "number") return fromTfstate(doc, name);
  if ("steps" in doc)
    throw inputError(
      `${name} is a Pulumi preview, not the stack's state: run \`pulumi stack export > stack.json\` and migrate that`,
    );
  throw inputError(
    `${name} has none of "deployment", "values" or "resources" (top-level keys: ${Object.keys(doc).slice(0, 8).join(", ") || "none"}): ${EXPECTED_STATE}`,
  );
}

function fromPulumiExport(deployment: Json, name: string): Inventory {
  const resources = deployment.resources ?? [];
  if (!Array.isArray(resources)) throw inputError(`${name}: deployment.resources is not a list: ${EXPECTED_STATE}`);
  const numbers: MigratingNumber[] = [];
  const notes: string[] = [];
  let project: string | undefined;
  let stack: string | undefined;
  for (const r of resources) {
    if (!isObject(r) || typeof r.urn !== "string" || typeof r.type !== "string") continue;
    const urn = parseUrn(r.urn);
    project ??= urn?.project;
    stack ??= urn?.stack;
    if (!PULUMI_TYPES.has(r.type)) continue;
    if (r.delete === true) {
      notes.push(
        `${r.urn} (id ${String(r.id)}) is a pending delete, an instance an earlier replacement left behind: the next \`pulumi up\` releases it; it is not migrated`,
      );
      continue;
    }
    const outputs = isObject(r.outputs) ? r.outputs : {};
    numbers.push(
      number(r.urn, r.type, urn?.name ?? r.urn, { ...outputs, id: r.id }, name, {
        description: stringOf(outputs.description),
        tags: tagsOf(outputs.tagsAll) ?? tagsOf(outputs.tags),
        retained: r.retainOnDelete === true,
        protect: r.protect === true,
      }),
    );
  }
  return {
    tool: "pulumi",
    origin: project && stack ? `stack ${project}/${stack}` : name,
    project,
    stack,
    numbers,
    notes,
  };
}

/** `terraform show -json` of the state: resources in values.root_module and its child modules, recursively. */
function fromTerraformShow(doc: Json, name: string): Inventory {
  const numbers: MigratingNumber[] = [];
  const notes: string[] = [];
  const visit = (module: unknown) => {
    if (!isObject(module)) return;
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      if (!isObject(r) || typeof r.address !== "string" || typeof r.type !== "string" || !TERRAFORM_TYPES.has(r.type))
        continue;
      if (r.mode === "data") continue;
      const values = isObject(r.values) ? r.values : {};
      numbers.push(terraformNumber(r.address, r.type, terraformName(r.name, r.index), values, name));
    }
    for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) visit(child);
  };
  visit(isObject(doc.values) ? doc.values.root_module : undefined);
  return { tool: "terraform", origin: name, numbers, notes };
}

/** A terraform.tfstate (format version 4): resources with their instances' attributes. */
function fromTfstate(doc: Json, name: string): Inventory {
  if (doc.version !== 4)
    throw inputError(
      `${name} is Terraform state version ${String(doc.version)}; this reads version 4 (Terraform 0.12 and later): run \`terraform show -json > state.json\` and migrate that`,
    );
  const numbers: MigratingNumber[] = [];
  const notes: string[] = [];
  for (const r of doc.resources as unknown[]) {
    if (
      !isObject(r) ||
      r.mode !== "managed" ||
      typeof r.type !== "string" ||
      !TERRAFORM_TYPES.has(r.type) ||
      typeof r.name !== "string"
    )
      continue;
    const base = `${typeof r.module === "string" ? `${r.module}.` : ""}${r.type}.${r.name}`;
    for (const instance of Array.isArray(r.instances) ? r.instances : []) {
      if (!isObject(instance)) continue;
      const key = instance.index_key;
      const address = key === undefined ? base : `${base}[${JSON.stringify(key)}]`;
      if (typeof instance.deposed === "string") {
        notes.push(
          `${address} (deposed ${instance.deposed}) is an instance a failed replacement left behind: the next \`terraform apply\` releases it; it is not migrated`,
        );
        continue;
      }
      numbers.push(
        terraformNumber(
          address,
          r.type,
          terraformName(r.name, key),
          isObject(instance.attributes) ? instance.attributes : {},
          name,
        ),
      );
    }
  }
  return { tool: "terraform", origin: name, numbers, notes };
}

function terraformNumber(address: string, type: string, name: string, values: Json, file: string): MigratingNumber {
  return number(address, type, name, values, file, {
    description: stringOf(values.description),
    tags: tagsOf(values.tags_all) ?? tagsOf(values.tags),
  });
}

/** A Terraform resource's name with its instance key: `n` with key 3 is `n-3`, with key "sales" `n-sales`. */
function terraformName(name: unknown, key: unknown): string {
  const base = typeof name === "string" ? name : "number";
  return key === undefined || key === null ? base : `${base}-${String(key)}`;
}

function number(
  address: string,
  type: string,
  name: string,
  props: Json,
  file: string,
  extra: Partial<MigratingNumber>,
): MigratingNumber {
  const facts = readFacts(type, props);
  if (facts.unknown.length > 0) {
    throw inputError(
      `${file}: ${address} hides ${facts.unknown.join(", ")} (a secret): export the state with \`pulumi stack export --show-secrets\` so the number can be named`,
    );
  }
  if (facts.phoneNumberId === undefined) {
    throw inputError(
      `${file}: ${address} records no phone-number id or ARN (its create may have failed): run \`pulumi refresh\` / \`terraform refresh\` and export the state again`,
    );
  }
  return {
    address,
    type,
    name,
    phoneNumber: facts.phoneNumber,
    phoneNumberId: facts.phoneNumberId,
    ...definedOnly({ targetArn: facts.target, region: facts.region, ...extra }),
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const stringOf = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

/** A tag map, or CloudFormation's list of `{ key, value }` (aws-native, awscc). */
function tagsOf(v: unknown): Record<string, string> | undefined {
  const entries: Array<[string, string]> = Array.isArray(v)
    ? v
        .filter(isObject)
        .flatMap((t) =>
          typeof (t.key ?? t.Key) === "string" && typeof (t.value ?? t.Value) === "string"
            ? [[String(t.key ?? t.Key), String(t.value ?? t.Value)] as [string, string]]
            : [],
        )
    : isObject(v)
      ? Object.entries(v).flatMap(([k, val]) => (typeof val === "string" ? [[k, val] as [string, string]] : []))
      : [];
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
