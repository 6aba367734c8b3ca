/**
 * The fixtures of the CLI's gate (test/e2e/cli-*.test.ts), from the real Pulumi CLI against the emulator, with
 * test/e2e/programs/cli-numbers: a failed preview (digest and event log), a rename without an alias and with one,
 * a deleteBeforeReplace replacement, a pending delete left by a failed replacement (with and without
 * --show-replacement-steps), and a delete of a retainOnDelete number.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { withFixtureStack } from "./fixture-stack";
import { captureSmsGateFixtures } from "./capture-sms-gate-fixtures";

type Save = (file: string, text: string) => void;

export async function captureGateFixtures(save: Save): Promise<void> {
  const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
  await withFixtureStack("test/e2e/programs/cli-numbers", 11, env, async ({ ws, declare }) => {
    const previewJson = async (...extra: string[]) => (await ws.pulumi(["preview", "--json", ...extra])).stdout;
    const support = { name: "support", target: "instance", countryCode: "US", type: "TOLL_FREE", prefix: "+1800" };
    const sales = {
      name: "sales",
      target: "instance",
      countryCode: "US",
      type: "DID",
      prefix: "+1206",
      deleteBeforeReplace: true,
    };
    const kept = { name: "kept", target: "tdg", countryCode: "US", type: "DID", retainOnDelete: true };
    await declare([support, sales, kept]);
    await ws.pulumiOk(["up", "--yes", "--skip-preview"]);

    // A failed preview: the program throws after registering its resources.
    await ws.setConfig({ fail: "the program failed on purpose" });
    save("pulumi-preview-failed.json", await previewJson());
    const log = path.join(ws.root, "failed-events.jsonl");
    await ws.pulumi(["preview", "--event-log", log], undefined, { PULUMI_DEBUG_COMMANDS: "true" });
    save("pulumi-events-failed.jsonl", fs.readFileSync(log, "utf8"));
    await ws.pulumiOk(["config", "rm", "fail"]);

    // The rename: support becomes support-main with the same search criteria, without and with an alias.
    await declare([{ ...support, name: "support-main" }, sales, kept]);
    save("pulumi-preview-rename.json", await previewJson("--show-replacement-steps"));
    await declare([{ ...support, name: "support-main", aliases: ["support"] }, sales, kept]);
    save("pulumi-preview-rename-alias.json", await previewJson("--show-replacement-steps"));

    // deleteBeforeReplace: sales moves to another prefix; the old number goes first.
    await declare([support, { ...sales, prefix: "+1425" }, kept]);
    save("pulumi-preview-delete-before-replace.json", await previewJson("--show-replacement-steps"));

    // retainOnDelete: kept leaves the program; its number stays with the account.
    await declare([support, sales]);
    save("pulumi-preview-retain.json", await previewJson("--show-replacement-steps"));

    // A pending delete: a replacement whose release the provider refuses (deletionProtection) leaves the old
    // instance in the state, marked for deletion; the next preview shows it only with --show-replacement-steps.
    await declare([{ ...support, deletionProtection: true }, sales, kept]);
    await ws.pulumiOk(["up", "--yes", "--skip-preview"]);
    await declare([{ ...support, prefix: "+1888", deletionProtection: true }, sales, kept]);
    const failed = await ws.pulumi(["up", "--yes", "--skip-preview"]);
    if (failed.code === 0) throw new Error("the replacement's release was expected to fail (deletionProtection)");
    save("pulumi-preview-pending-delete.json", await previewJson("--show-replacement-steps"));
    save("pulumi-preview-pending-delete-hidden.json", await previewJson());
  });
  await captureSmsGateFixtures(save);
}
