import fc from "fast-check";
import { Declared, DeclaredSet, Model, Resource, SetResource } from "./engine";
import { REGIONS, Region, World } from "./world";

/** The programs the campaign declares: resources, their specs, and the numbers they ask for. */

export type { Model, Resource, SetResource } from "./engine";

export const SPECIFIC = ["+18005550100", "+18005550101", "+18005550102", "+18005550103"];
export const SEARCHES = [
  { countryCode: "US", type: "DID", prefix: "+1206" },
  { countryCode: "US", type: "DID" },
  { countryCode: "US", type: "TOLL_FREE", prefix: "+1888" },
  { countryCode: "US", type: "DID", prefix: "+1312" },
] as const;
export const MAX_RESOURCES = 5;

export interface Spec {
  number: { specific: number } | { search: number };
  region: number;
  target: "instance" | "tdg" | "instanceId";
  description?: string;
}

export const specArb: fc.Arbitrary<Spec> = fc.record(
  {
    number: fc.oneof(
      fc.record({ specific: fc.nat(SPECIFIC.length - 1) }),
      fc.record({ search: fc.nat(SEARCHES.length - 1) }),
    ),
    region: fc.constantFrom(0, 0, 1),
    target: fc.constantFrom("instance" as const, "tdg" as const, "instanceId" as const),
    description: fc.constantFrom("a", "b"),
  },
  { requiredKeys: ["number", "region", "target"] },
);

export function targetInputs(w: World, region: Region, target: Spec["target"]): Declared["inputs"] {
  const t = w.targets[region];
  if (target === "instanceId") return { instanceId: t.instanceId, region };
  return { targetArn: target === "tdg" ? t.tdg : t.instance };
}

export function inputsOf(w: World, spec: Spec): Declared["inputs"] {
  const region = REGIONS[spec.region];
  const number =
    "specific" in spec.number ? { phoneNumber: SPECIFIC[spec.number.specific] } : { ...SEARCHES[spec.number.search] };
  return {
    ...number,
    ...targetInputs(w, region, spec.target),
    ...(spec.description ? { description: spec.description } : {}),
  };
}

export function regionOf(d: Declared, w: World): Region {
  if (d.inputs.region) return d.inputs.region as Region;
  return (
    REGIONS.find((r) => d.inputs.targetArn?.includes(`:${r}:`) || d.inputs.phoneNumberId?.includes(`:${r}:`)) ??
    REGIONS.find((r) => w.targets[r].instanceId === d.inputs.instanceId) ??
    "us-east-1"
  );
}

export const pick = (m: Readonly<Model>, i: number) => m.program[i % m.program.length];

export function fresh(m: Model, inputs: Declared["inputs"]): Resource {
  const key = m.nextName++;
  return { name: `n${key}`, key, inputs };
}

export function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export const SET_PREFIXES = ["+1206", "+1312"] as const;
export const MAX_SETS = 2;

/** A set's declaration: counts per prefix, a count of any number, specific numbers, adoption; all small. */
export interface SetSpec {
  prefixes: number[];
  count: number;
  specific: number[];
  adopt: boolean;
  region: number;
  target: "instance" | "tdg";
}

export const setSpecArb: fc.Arbitrary<SetSpec> = fc.record({
  prefixes: fc.array(fc.nat(2), { minLength: SET_PREFIXES.length, maxLength: SET_PREFIXES.length }),
  count: fc.nat(2),
  specific: fc.uniqueArray(fc.nat(SPECIFIC.length - 1), { maxLength: 2 }),
  adopt: fc.boolean(),
  region: fc.constantFrom(0, 0, 1),
  target: fc.constantFrom("instance" as const, "tdg" as const),
});

export function setInputsOf(w: World, spec: SetSpec): DeclaredSet["inputs"] {
  const prefixes = Object.fromEntries(
    SET_PREFIXES.map((p, i) => [p, spec.prefixes[i]] as const).filter(([, n]) => n > 0),
  );
  const region = REGIONS[spec.region];
  return withoutUndefined({
    targetArn: spec.target === "tdg" ? w.targets[region].tdg : w.targets[region].instance,
    countryCode: "US",
    type: "DID",
    prefixes: Object.keys(prefixes).length > 0 ? prefixes : undefined,
    count: spec.count > 0 ? spec.count : undefined,
    phoneNumbers: spec.specific.length > 0 ? spec.specific.map((i) => SPECIFIC[i]) : undefined,
    adoptExisting: spec.adopt || undefined,
  });
}

export function setRegionOf(d: DeclaredSet): Region {
  return REGIONS.find((r) => d.inputs.targetArn?.includes(`:${r}:`)) ?? "us-east-1";
}

export const pickSet = (m: Readonly<Model>, i: number) => m.sets[i % m.sets.length];

export function freshSet(m: Model, inputs: DeclaredSet["inputs"]): SetResource {
  const key = m.nextName++;
  return { name: `s${key}`, key, inputs };
}
