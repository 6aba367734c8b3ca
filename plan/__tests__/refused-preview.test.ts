import { Readable } from "node:stream";
import { unnamedShrinkRefusal } from "../../core";
import { PlanRefusedError, UnreadablePlanError } from "../errors";
import { readDocument } from "../read-document";
import { readEventLines } from "../read-events";

const REFUSAL = unnamedShrinkRefusal('PhoneNumberSet "pool"', [{ phoneNumber: "+12125550100", phoneNumberId: "id-1" }]);
const STACK_STEP = {
  op: "same",
  urn: "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev",
  type: "pulumi:pulumi:Stack",
};

/** A failed `pulumi preview --json`: its error diagnostics and only the steps before the failure. */
const digest = (message: string) =>
  JSON.stringify({ steps: [STACK_STEP], diagnostics: [{ message: `error: ${message}\n`, severity: "error" }] });

/** A failed preview's engine events: the error diagnostic and a summary that says the preview failed. */
const events = (message: string) =>
  [
    { sequence: 0, diagnosticEvent: { message: "a warning first", severity: "warning" } },
    { sequence: 1, diagnosticEvent: { message: "error: the update failed", severity: "error" } },
    { sequence: 2, diagnosticEvent: { message: `error: ${message}`, severity: "error" } },
    { sequence: 3, summaryEvent: { isPreview: true, maybeCorrupt: false, resourceChanges: {}, result: "failed" } },
  ]
    .map((e) => JSON.stringify(e))
    .join("\n");

const readDigest = (text: string) => readDocument(Readable.from([text]), "plan.json", () => undefined);
const readEvents = (text: string) => readEventLines(Readable.from([text]), "events.jsonl", () => undefined);

describe("a preview the provider refused by a known rule is blocked, not unreadable", () => {
  it.each([
    ["a preview digest", readDigest, digest],
    ["an engine-event log", readEvents, events],
  ])("%s: a set's unnamed shrink blocks in the provider's words", async (_, read, make) => {
    const err = await read(make(REFUSAL)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PlanRefusedError);
    expect((err as Error).message).toContain(`blocked: this preview was refused: ${REFUSAL}`);
  });

  it.each([
    ["a preview digest", readDigest, digest],
    ["an engine-event log", readEvents, events],
  ])("%s: Pulumi's refusal to delete a protected resource blocks with the fix that works", async (_, read, make) => {
    const urn = "urn:pulumi:dev::numbers::pulumi-nodejs:dynamic/connect:PhoneNumber::prot";
    const err = await read(
      make(
        `Preview failed: resource "${urn}" cannot be deleted\nbecause it is protected. To unprotect the resource, ` +
          `either remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\`, or use the command:\n` +
          `\`pulumi state unprotect '${urn}'\``,
      ),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PlanRefusedError);
    expect((err as Error).message).toContain(`Pulumi refuses to delete ${urn}, which is protected`);
    expect((err as Error).message).toContain("give it the retainOnDelete option");
    expect((err as Error).message).not.toContain("let it finish without errors");
  });

  it.each([
    ["a preview digest", readDigest, digest],
    ["an engine-event log", readEvents, events],
  ])("%s: any other failure still cannot be judged", async (_, read, make) => {
    await expect(read(make("the program failed on purpose"))).rejects.toBeInstanceOf(UnreadablePlanError);
  });
});
