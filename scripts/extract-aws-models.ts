/**
 * Cuts AWS's published Smithy models down to what the emulator serves, into emulator/aws-model/*.json.
 *
 *   npx ts-node scripts/extract-aws-models.ts --connect <connect-2017-08-08.json> \
 *     --sms <pinpoint-sms-voice-v2-2022-03-31.json> --source <repo> --commit <sha> --date <YYYY-MM-DD>
 *
 * The full models (github.com/aws/api-models-aws, models/<service>/service/<version>/) are megabytes; this keeps
 * the operations the emulator answers, the shapes their inputs reach, their error shapes, and only the traits a
 * request can break or that place a member on the wire (emulator/aws-model/smithy.ts KEPT_TRAITS). Documentation
 * is dropped. The few corrections below are applied and recorded in the output's metadata.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { KEPT_TRAITS, MemberRef, Shape, SmithyModel, Traits } from "../emulator/aws-model/smithy";
import { CONNECT_ROUTES } from "../emulator/wire/connect-routes";
import { SMS_OPERATION_NAMES } from "../emulator/sms/wire";

interface Correction {
  shape: string;
  trait: string;
  from: unknown;
  to: unknown;
  why: string;
}

/**
 * The Connect model's phone-number patterns carry a doubled backslash (`^\\+[1-9]\\d{1,14}$`), which as written
 * matches a run of backslashes, not a phone number; the member docs and every real call show the intent, E.164.
 */
const CORRECTIONS: Correction[] = [
  {
    shape: "com.amazonaws.connect#PhoneNumber",
    trait: "smithy.api#pattern",
    from: "^\\\\+[1-9]\\\\d{1,14}$",
    to: "^\\+[1-9]\\d{1,14}$",
    why: "doubled backslash in AWS's model; as written no E.164 number matches",
  },
  {
    shape: "com.amazonaws.connect#PhoneNumberPrefix",
    trait: "smithy.api#pattern",
    from: "^\\\\+?[0-9]{1,11}$",
    to: "^\\+?[0-9]{1,11}$",
    why: "doubled backslash in AWS's model; as written a prefix of '+1' does not match",
  },
];

const SERVICES = [
  {
    flag: "--connect",
    namespace: "com.amazonaws.connect",
    out: "connect.json",
    operations: [...new Set(CONNECT_ROUTES.map((r) => r.operation))],
  },
  {
    flag: "--sms",
    namespace: "com.amazonaws.pinpointsmsvoicev2",
    out: "pinpoint-sms-voice-v2.json",
    operations: [...SMS_OPERATION_NAMES],
  },
];

function arg(name: string): string {
  const i = process.argv.indexOf(name);
  if (i < 0 || !process.argv[i + 1])
    throw new Error(`missing ${name} <value>; see the header of scripts/extract-aws-models.ts`);
  return process.argv[i + 1];
}

function keptTraits(traits: Traits | undefined): Traits | undefined {
  if (!traits) return undefined;
  const kept = Object.fromEntries(Object.entries(traits).filter(([k]) => KEPT_TRAITS.includes(k)));
  return Object.keys(kept).length > 0 ? kept : undefined;
}

function slimRef(ref: MemberRef): MemberRef {
  const traits = keptTraits(ref.traits);
  return traits ? { target: ref.target, traits } : { target: ref.target };
}

function slimShape(shape: Shape): Shape {
  const out: Shape = { type: shape.type };
  const traits = keptTraits(shape.traits);
  if (traits) out.traits = traits;
  if (shape.type === "operation") {
    if (shape.input) out.input = shape.input;
    if (shape.errors) out.errors = shape.errors;
    return out;
  }
  if (shape.traits?.["smithy.api#error"]) return { ...out, members: {} };
  if (shape.members) out.members = Object.fromEntries(Object.entries(shape.members).map(([k, m]) => [k, slimRef(m)]));
  if (shape.member) out.member = slimRef(shape.member);
  if (shape.key) out.key = slimRef(shape.key);
  if (shape.value) out.value = slimRef(shape.value);
  return out;
}

function extract(full: SmithyModel, namespace: string, operations: string[]): Record<string, Shape> {
  const kept: Record<string, Shape> = {};
  const visit = (id: string) => {
    if (kept[id] || id.startsWith("smithy.api#")) return;
    const shape = full.shapes[id];
    if (!shape) throw new Error(`${id} is not in the model`);
    kept[id] = slimShape(shape);
    if (shape.type === "operation") {
      if (shape.input) visit(shape.input.target);
      for (const e of shape.errors ?? []) visit(e.target);
      return;
    }
    if (shape.traits?.["smithy.api#error"]) return;
    for (const ref of [...Object.values(shape.members ?? {}), shape.member, shape.key, shape.value])
      if (ref) visit(ref.target);
  };
  for (const op of operations) visit(`${namespace}#${op}`);
  return Object.fromEntries(Object.entries(kept).sort(([a], [b]) => a.localeCompare(b)));
}

function main(): void {
  const source = {
    repository: arg("--source"),
    commit: arg("--commit"),
    date: arg("--date"),
    license: "Apache-2.0, Copyright Amazon.com, Inc. or its affiliates",
  };
  for (const service of SERVICES) {
    const file = arg(service.flag);
    const full = JSON.parse(fs.readFileSync(file, "utf8")) as SmithyModel;
    const shapes = extract(full, service.namespace, service.operations);
    const corrections = CORRECTIONS.filter((c) => shapes[c.shape]);
    for (const c of corrections) {
      const traits = shapes[c.shape].traits ?? {};
      if (traits[c.trait] !== c.from)
        throw new Error(
          `${c.shape} ${c.trait} is ${JSON.stringify(traits[c.trait])}, not ${JSON.stringify(c.from)}: review the correction`,
        );
      traits[c.trait] = c.to;
    }
    const model: SmithyModel = {
      smithy: full.smithy,
      metadata: {
        extractedFrom: { ...source, path: path.basename(file), operations: service.operations, corrections },
      },
      shapes,
    };
    const out = path.join(__dirname, "..", "emulator", "aws-model", service.out);
    fs.writeFileSync(out, `${JSON.stringify(model, null, 1)}\n`);
    console.log(`wrote ${out}: ${Object.keys(shapes).length} shapes, ${service.operations.length} operations`);
  }
}

main();
