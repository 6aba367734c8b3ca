import * as fs from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import { PlanBuilder, ResourceChange } from "../changes";
import { CliError } from "../errors";
import { readChanges } from "../input";

const FIXTURES = path.resolve(__dirname, "../../test/fixtures");
const TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";

async function planOf(file: string) {
  const builder = new PlanBuilder();
  const format = await readChanges(fs.createReadStream(path.join(FIXTURES, file)), file, (c) => builder.add(c));
  const { plan, resources } = builder.build();
  const summary = resources.filter((r) => r.op !== "none").map((r) => `${r.op} ${r.resource.split(/::|\./).pop()}`).sort();
  return { format, plan, summary };
}

describe("reading plans captured from the real CLI", () => {
  it.each([
    ["pulumi-preview-create.json", "pulumi-preview", ["create overflow", "create sales", "create support"]],
    ["pulumi-preview-changes.json", "pulumi-preview", ["create helpline", "delete overflow", "replace support"]],
    ["pulumi-preview-changes-replacement-steps.json", "pulumi-preview", ["create helpline", "delete overflow", "replace support"]],
    ["pulumi-events-changes.jsonl", "pulumi-events", ["create helpline", "delete overflow", "replace support"]],
    ["pulumi-streaming-changes.jsonl", "pulumi-events", ["create helpline", "delete overflow", "replace support"]],
    ["pulumi-destroy-preview.json", "pulumi-preview", ["delete overflow", "delete sales", "delete support"]],
    ["terraform-plan.json", "terraform-plan", ["create sales", "delete old", "replace support"]],
  ])("%s", async (file, format, summary) => {
    const got = await planOf(file);
    expect(got.format).toBe(format);
    expect(got.summary).toEqual(summary);
  });

  it("counts a replacement once however many steps show it, with its old and new numbers", async () => {
    const { plan } = await planOf("pulumi-preview-changes-replacement-steps.json");
    const support = plan.operations.filter((o) => o.resource.endsWith("::support"));
    expect(support.map((o) => `${o.action} ${o.phoneNumber}`)).toEqual(["claim +18005550101", "release +18005550100"]);
  });
});

describe("PlanBuilder rules", () => {
  const change = (actions: string[], extra: Partial<ResourceChange> = {}): ResourceChange => ({ format: "pulumi", address: "urn:x::a", type: TYPE, actions, ...extra });
  const build = (...changes: ResourceChange[]) => {
    const b = new PlanBuilder();
    changes.forEach((c) => b.add(c));
    return b.build().plan.operations.map((o) => `${o.action}:${o.reason}`);
  };

  it("makes no release for retainOnDelete and no claim for an adoption", () => {
    expect(build(change(["delete"], { retainOnDelete: true }))).toEqual([]);
    expect(build(change(["create"], { after: { phoneNumberId: "id-1" } }))).toEqual([]);
    expect(build(change(["create"], { after: { adopt: true, phoneNumber: "+1" } }))).toEqual([]);
  });

  it("spots a rename without an alias: the deleted resource's number claimed by a new one", () => {
    expect(build(change(["delete"], { address: "urn:x::old", before: { phoneNumber: "+18005550100" } }), change(["create"], { address: "urn:x::new", after: { phoneNumber: "+18005550100" } }))).toEqual([
      "release:rename",
      "claim:rename",
    ]);
  });

  it("ignores other resource types and refuses ops it does not know", () => {
    expect(build(change(["create"], { type: "aws:s3/bucket:Bucket" }))).toEqual([]);
    expect(() => build(change(["transmogrify"]))).toThrow(CliError);
    expect(() => build(change(["transmogrify"], { format: "terraform" }))).toThrow(/unknown Terraform action "transmogrify"/);
  });

  it("reads pulumi-aws and aws-native types too", () => {
    expect(build(change(["create"], { type: "aws:connect/phoneNumber:PhoneNumber" }), change(["replace"], { address: "urn:x::b", type: "aws-native:connect:PhoneNumber" }))).toEqual([
      "claim:create",
      "claim:replace",
      "release:replace",
    ]);
  });
});

describe("engine events", () => {
  it("decodes a character split across chunks", async () => {
    const event = (urn: string) => ({ sequence: 1, resourcePreEvent: { metadata: { op: "create", urn, type: TYPE, new: { type: TYPE, inputs: { description: "Zürich → Genève" } } } } });
    const text = `${JSON.stringify(event("urn:x::a"))}\n${JSON.stringify(event("urn:x::b"))}\n`;
    const bytes = Buffer.from(text, "utf8");
    const cut = bytes.indexOf(Buffer.from("ü")) + 1; // inside the two bytes of ü
    const changes: ResourceChange[] = [];
    await readChanges(Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]), "events", (c) => changes.push(c));
    expect(changes.map((c) => c.after?.description)).toEqual(["Zürich → Genève", "Zürich → Genève"]);
  });
});

describe("bad input", () => {
  const read = (text: string) => readChanges(Readable.from([Buffer.from(text)]), "input", () => undefined);
  it.each([
    ["", /input is empty/],
    ["not json", /input is not JSON/],
    ['{"steps": [{"op": "create"', /input is not complete JSON/],
    ['{"foo": 1}', /neither "steps" nor "resource_changes" \(top-level keys: foo\)/],
    ['{"steps": [{"urn": "x"}]}', /a Pulumi step has no "op" or "urn"/],
    ['{"sequence": 1, "resourcePreEvent": {}}\n{"seq', /input:2 is not a JSON object/],
  ])("%j is refused with one line saying what was expected", async (text, message) => {
    const err = await read(text).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(3);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain("expected the output of `pulumi preview --json`");
  });
});
