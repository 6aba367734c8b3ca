import * as fs from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import { PlanBuilder, ResourceChange } from "../../plan/changes";
import { UnreadablePlanError } from "../../plan/errors";
import { exitCodeOf } from "../errors";
import { readChanges } from "../input";

const FIXTURES = path.resolve(__dirname, "../../test/fixtures");
const TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";

async function planOf(file: string) {
  const builder = new PlanBuilder();
  const { format } = await readChanges(fs.createReadStream(path.join(FIXTURES, file)), file, (c) => builder.add(c));
  const { plan, resources } = builder.build();
  const summary = resources
    .filter((r) => r.op !== "none")
    .map((r) => `${r.op} ${r.resource.split(/::|\./).pop()}`)
    .sort();
  return { format, plan, summary };
}

describe("reading plans captured from the real CLI", () => {
  it.each([
    ["pulumi-preview-create.json", "pulumi-preview", ["create overflow", "create sales", "create support"]],
    ["pulumi-preview-changes.json", "pulumi-preview", ["create helpline", "delete overflow", "replace support"]],
    [
      "pulumi-preview-changes-replacement-steps.json",
      "pulumi-preview",
      ["create helpline", "delete overflow", "replace support"],
    ],
    ["pulumi-events-changes.jsonl", "pulumi-events", ["create helpline", "delete overflow", "replace support"]],
    ["pulumi-streaming-changes.jsonl", "pulumi-events", ["create helpline", "delete overflow", "replace support"]],
    ["pulumi-destroy-preview.json", "pulumi-preview", ["delete overflow", "delete sales", "delete support"]],
    ["terraform-plan.json", "terraform-plan", ["create sales", "delete main", "delete old", "replace support"]],
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
  const change = (actions: string[], extra: Partial<ResourceChange> = {}): ResourceChange => ({
    format: "pulumi",
    address: "urn:x::a",
    type: TYPE,
    actions,
    before: { phoneNumber: "+18005550100", phoneNumberId: "id-0" },
    after: {},
    oldId: "id-0",
    ...extra,
  });
  const build = (...changes: ResourceChange[]) => {
    const b = new PlanBuilder();
    changes.forEach((c) => b.add(c));
    return b.build().plan.operations.map((o) => `${o.action}:${o.reason}`);
  };

  it("makes no release for retainOnDelete (delete or replace) and no claim for an adoption", () => {
    expect(build(change(["delete"], { retainOnDelete: true }))).toEqual([]);
    expect(build(change(["replace"], { retainOnDelete: true }))).toEqual(["claim:create"]);
    expect(build(change(["create"], { after: { phoneNumberId: "id-1" } }))).toEqual([]);
    expect(build(change(["create"], { after: { adopt: true, phoneNumber: "+18005550100" } }))).toEqual([]);
  });

  it("counts every number once: a replacement however many steps show it, in either order, and a pending delete apart", () => {
    const steps = (...ops: string[]) => ops.map((op) => change([op]));
    expect(build(...steps("replace", "create-replacement", "delete-replaced"))).toEqual([
      "claim:replace",
      "release:replace",
    ]);
    expect(build(...steps("delete-replaced", "replace", "create-replacement"))).toEqual([
      "claim:replace",
      "release:replace",
    ]);
    const pending = change(["delete-replaced"], {
      oldId: "id-old",
      before: { phoneNumber: "+18005550199", phoneNumberId: "id-old" },
    });
    expect(build(...steps("create-replacement", "replace", "delete-replaced"), pending)).toEqual([
      "claim:replace",
      "release:replace",
      "release:pending-delete",
    ]);
    expect(build(pending, pending)).toEqual(["release:pending-delete"]);
  });

  it("counts a replacement that retries a FAILED claim of the same number as one claim and no release", () => {
    // The provider replaces a PhoneNumber whose claim AWS reported FAILED and claims the number again (provider/diff.ts).
    const retry = (before: Record<string, unknown>) =>
      build(
        change(["replace"], {
          before: { phoneNumber: "+18005550100", phoneNumberId: "id-0", ...before },
          after: { phoneNumber: "+18005550100" },
        }),
      );
    expect(retry({ status: "FAILED" })).toEqual(["claim:replace"]);
    // Kept, not failed: a hand-over; a FAILED move is retried in place, so its replacement keeps the number too.
    expect(retry({})).toEqual([]);
    expect(retry({ status: "FAILED", failedOperation: "move" })).toEqual([]);
  });

  it("releases nothing for a FAILED claim a plan removes or renames: it holds nothing (core/connect/failed-claim.ts)", () => {
    const failed = { phoneNumber: "+18005550100", phoneNumberId: "id-0", status: "FAILED", deletionProtection: true };
    const removed = change(["delete"], { before: failed, after: undefined });
    const b = new PlanBuilder();
    b.add(removed);
    const built = b.build();
    expect(built.plan.operations).toEqual([]);
    expect(built.handOvers.join("\n")).toMatch(
      /urn:x::a lets go \+18005550100 \(id-0\), whose claim AWS reported FAILED/,
    );
    // Renamed without an alias: the new resource claims the number (the retry), the old one releases nothing; no
    // hand-over, for there is nothing to hand over.
    const renamed = new PlanBuilder();
    renamed.add(removed);
    renamed.add(change(["create"], { address: "urn:x::b", before: undefined, after: { phoneNumber: "+18005550100" } }));
    const r = renamed.build();
    expect(r.plan.operations.map((o) => `${o.action}:${o.reason}:${o.resource}`)).toEqual(["claim:create:urn:x::b"]);
    expect(r.renames).toEqual([]);
    // A FAILED move still holds its number: removed, it is released.
    expect(
      build(change(["delete"], { before: { ...failed, deletionProtection: false, failedOperation: "move" } })),
    ).toEqual(["release:delete"]);
  });

  it("names the number a searched resource's retry claims again", () => {
    const b = new PlanBuilder();
    b.add(
      change(["replace"], {
        before: {
          phoneNumber: "+12065550100",
          phoneNumberId: "id-0",
          status: "FAILED",
          countryCode: "US",
          type: "DID",
        },
        after: { countryCode: "US", type: "DID" },
      }),
    );
    expect(b.build().plan.operations).toEqual([
      expect.objectContaining({ action: "claim", phoneNumber: "+12065550100" }),
    ]);
  });

  it("judges a protected pending delete by what the program declares now, which the stack's state says when no step does", () => {
    const pending = change(["delete-replaced"], {
      oldId: "id-old",
      before: { phoneNumber: "+18005550199", phoneNumberId: "id-old", deletionProtection: true },
      after: undefined,
    });
    const refusedWith = (declared?: boolean) => {
      const b = new PlanBuilder();
      b.add(pending);
      expect(b.pendingWithoutDeclaration()).toEqual(["urn:x::a"]);
      if (declared !== undefined) b.declaredNow("urn:x::a", declared);
      return b.build().releases.map((r) => r.refused?.reason ?? "released");
    };
    expect(refusedWith()).toEqual(["deletion-protection"]);
    expect(refusedWith(true)).toEqual(["deletion-protection"]);
    expect(refusedWith(false)).toEqual(["released"]);
  });

  it("costs nothing for import, read, discard, refresh and same", () => {
    expect(
      build(
        ...[
          "import",
          "import-replacement",
          "read",
          "read-replacement",
          "discard",
          "discard-replaced",
          "read-discard",
          "refresh",
          "same",
          "update",
        ].map((op) => change([op])),
      ),
    ).toEqual([]);
  });

  it("refuses a phone-number step whose number cannot be read, and a create without a new state", () => {
    expect(() => build(change(["delete"], { before: undefined }))).toThrow(/does not say which number it holds/);
    expect(() => build(change(["delete"], { before: { phoneNumber: "[secret]" } }))).toThrow(/phoneNumber hidden/);
    expect(() => build(change(["create"], { after: undefined }))).toThrow(/has no new state/);
  });

  it("ignores other resource types and refuses ops it does not know", () => {
    expect(build(change(["create"], { type: "aws:s3/bucket:Bucket" }))).toEqual([]);
    expect(() => build(change(["transmogrify"]))).toThrow(UnreadablePlanError);
    expect(() => build(change(["transmogrify"], { format: "terraform" }))).toThrow(
      /unknown Terraform action "transmogrify"/,
    );
  });

  it("reads pulumi-aws, aws-native and Terraform types too", () => {
    expect(
      build(
        change(["create"], { type: "aws:connect/phoneNumber:PhoneNumber" }),
        change(["replace"], {
          address: "urn:x::b",
          type: "aws-native:connect:PhoneNumber",
          before: { address: "+18005550100", phoneNumberArn: "arn:aws:connect:us-east-1:1:phone-number/x" },
        }),
        change(["delete", "create"], {
          address: "aws_connect_phone_number.c",
          format: "terraform",
          type: "aws_connect_phone_number",
          before: { phone_number: "+18005550100", id: "x" },
        }),
      ),
    ).toEqual(["claim:create", "claim:replace", "claim:replace", "release:replace", "release:replace"]);
  });

  it("names the Pulumi resources whose replacement steps the digest hides", () => {
    const b = new PlanBuilder();
    b.add(change(["replace"]));
    expect(b.build().hiddenReplacementSteps).toEqual(["urn:x::a"]);
  });
});

describe("engine events", () => {
  it("decodes a character split across chunks", async () => {
    const event = (urn: string) => ({
      sequence: 1,
      resourcePreEvent: {
        metadata: { op: "create", urn, type: TYPE, new: { type: TYPE, inputs: { description: "Zürich → Genève" } } },
      },
    });
    const summary = {
      sequence: 3,
      summaryEvent: { resourceChanges: { create: 2 }, isPreview: true, result: "succeeded" },
    };
    const text = `${JSON.stringify(event("urn:x::a"))}\n${JSON.stringify(event("urn:x::b"))}\n${JSON.stringify(summary)}\n`;
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
    ['{"steps": [{"op": "create"', /input is not one complete JSON document/],
    ['{"foo": 1}', /neither "steps" nor "resource_changes" \(top-level keys: foo\)/],
    ['{"steps": [{"urn": "x"}]}', /a Pulumi step has no "op" or "urn"/],
    ['{"sequence": 1, "preludeEvent": {}}\n{"seq', /input:2 is not a JSON object/],
  ])("%j is refused with one line saying what was expected", async (text, message) => {
    const err = await read(text).catch((e: unknown) => e);
    expect(exitCodeOf(err)).toBe(3);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain("expected the output of `pulumi preview --json");
  });
});
