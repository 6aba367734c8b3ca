/**
 * The SMS fixtures of the CLI's gate (test/e2e/cli-sms.test.ts), from the real Pulumi CLI against the emulator:
 * test/e2e/programs/sms-numbers for SMS origination numbers alone, and examples/omnichannel for a Connect number and
 * an SMS number in one stack. `npm run capture-fixtures` runs it with the rest; alone:
 * `npm run build && node dist/scripts/capture-sms-gate-fixtures.js`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../emulator";
import { exampleWorkspace } from "./example-workspace";
import { REPO_ROOT } from "./pulumi-workspace";
import { LONG_CODE, smsStack } from "./sms-stack";

type Save = (file: string, text: string) => void;

export async function captureSmsGateFixtures(save: Save): Promise<void> {
  await captureSmsNumbers(save);
  await captureOmnichannel(save);
}

async function captureSmsNumbers(save: Save): Promise<void> {
  const s = await smsStack({ claimDelayMs: 0, seed: 16 });
  const previewJson = async (...extra: string[]) => (await s.ws.pulumiOk(["preview", "--json", ...extra])).stdout;
  try {
    // A pool that outlives the stack.
    const poolId = await s.outsidePool();
    const alerts = { name: "alerts", ...LONG_CODE };
    const marketing = { name: "marketing", ...LONG_CODE, messageType: "PROMOTIONAL" };
    const kept = { name: "kept", ...LONG_CODE, retainOnDelete: true };
    const support = { name: "support-sms", ...LONG_CODE, connect: true, deletionProtectionEnabled: true };
    const pooled = { name: "pooled", ...LONG_CODE, poolId };
    const leaving = { name: "leaving", ...LONG_CODE, poolId, forceDisassociate: true };
    await s.declare([alerts, marketing, kept, support, pooled, leaving]);
    await s.upOk();

    // Within what AWS allows: alerts removed, marketing replaced (another message type), kept removed with
    // retainOnDelete (no release), leaving removed with forceDisassociate (leaves the pool, then released), notify new.
    await s.declare([
      { ...marketing, messageType: "TRANSACTIONAL" },
      support,
      pooled,
      { name: "notify", ...LONG_CODE },
    ]);
    save("pulumi-preview-sms-changes.json", await previewJson("--show-replacement-steps"));

    // What AWS refuses: support-sms (deletion protection) and pooled (in a pool, no forceDisassociate) removed.
    await s.declare([alerts, marketing, kept, leaving]);
    save("pulumi-preview-sms-protected.json", await previewJson("--show-replacement-steps"));
    const log = path.join(s.ws.root, "sms-events.jsonl");
    await s.ws.pulumi(["preview", "--event-log", log], undefined, { PULUMI_DEBUG_COMMANDS: "true" });
    save("pulumi-events-sms-protected.jsonl", fs.readFileSync(log, "utf8"));
    save(
      "pulumi-streaming-sms-protected.jsonl",
      (await s.ws.pulumiOkWithEnv(["preview", "--json"], { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" })).stdout,
    );

    // Today's apply stopping halfway: a replacement of the protected number requests the new one, then its
    // release is refused; the old instance is left pending delete, and the next preview shows it.
    await s.declare([alerts, marketing, kept, { ...support, messageType: "PROMOTIONAL" }, pooled, leaving]);
    const failed = await s.up();
    if (failed.code === 0) throw new Error("the replacement's release was expected to fail (deletion protection)");
    save("pulumi-preview-sms-pending-delete.json", await previewJson("--show-replacement-steps"));
  } finally {
    await s.cleanup();
  }
}

/** examples/omnichannel: the voice number stays, the protected SMS number is dropped (stage drop-sms). */
async function captureOmnichannel(save: Save): Promise<void> {
  const emu = await startEmulator({ claimDelayMs: 0, quota: 5, seed: 17 });
  // A fresh emulator had no churn before it started: its unseen days only warn.
  const ws = await exampleWorkspace("omnichannel", emu, { config: { "connect-numbers:unseenHistory": "warn" } });
  try {
    await ws.pulumiOk(["up", "--yes", "--skip-preview"]);
    await ws.setConfig({ stage: "drop-sms" });
    save(
      "pulumi-preview-omnichannel-drop-sms.json",
      (await ws.pulumiOk(["preview", "--json", "--show-replacement-steps"])).stdout,
    );
  } finally {
    ws.cleanup();
    await emu.stop();
  }
}

if (require.main === module) {
  const out = path.join(REPO_ROOT, "test/fixtures");
  captureSmsGateFixtures((file, text) => {
    fs.writeFileSync(path.join(out, file), text);
    console.log(`wrote test/fixtures/${file} (${text.length} bytes)`);
  }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
