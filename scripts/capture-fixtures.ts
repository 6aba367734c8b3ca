/**
 * Captures the CLI's test fixtures from the real Pulumi CLI against the emulator: `npm run capture-fixtures`.
 * Every JSON form `connect-numbers check` reads, for one stack going through a create, a replace + delete, and a
 * destroy. Output goes to test/fixtures/pulumi-*.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { captureGateFixtures } from "./capture-gate-fixtures";
import { withFixtureStack } from "./fixture-stack";
import { REPO_ROOT } from "./pulumi-workspace";

const OUT = path.join(REPO_ROOT, "test/fixtures");

async function main(): Promise<void> {
  const save = (file: string, text: string) => {
    fs.writeFileSync(path.join(OUT, file), text);
    console.log(`wrote test/fixtures/${file} (${text.length} bytes)`);
  };
  await withFixtureStack("test/e2e/programs/numbers", 7, {}, async ({ ws, declare }) => {
    const first = [
      { name: "support", target: "instance", phoneNumber: "+18005550100" },
      { name: "sales", target: "instance", countryCode: "US", type: "DID", prefix: "+1206" },
      { name: "overflow", target: "tdg", countryCode: "US", type: "TOLL_FREE" },
    ];
    await declare(first);
    save("pulumi-preview-create.json", (await ws.pulumiOk(["preview", "--json"])).stdout);
    await ws.pulumiOk(["up", "--yes", "--skip-preview"]);
    // support replaced (another number), overflow deleted, helpline created (a DID: no number the plan releases
    // meets it, so these fixtures hold no rename)
    await declare([
      { ...first[0], phoneNumber: "+18005550101" },
      first[1],
      { name: "helpline", target: "instance", countryCode: "US", type: "DID" },
    ]);
    save("pulumi-preview-changes.json", (await ws.pulumiOk(["preview", "--json"])).stdout);
    save(
      "pulumi-preview-changes-replacement-steps.json",
      (await ws.pulumiOk(["preview", "--json", "--show-replacement-steps"])).stdout,
    );
    const log = path.join(ws.root, "events.jsonl");
    // --event-log exists only with PULUMI_DEBUG_COMMANDS (the Automation API sets it).
    await ws.pulumiOkWithEnv(["preview", "--event-log", log], { PULUMI_DEBUG_COMMANDS: "true" });
    save("pulumi-events-changes.jsonl", fs.readFileSync(log, "utf8"));
    const streaming = await ws.pulumiOkWithEnv(["preview", "--json"], { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" });
    save("pulumi-streaming-changes.jsonl", streaming.stdout);
    save("pulumi-destroy-preview.json", (await ws.pulumiOk(["destroy", "--preview-only", "--json"])).stdout);
  });
  await captureGateFixtures(save);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
