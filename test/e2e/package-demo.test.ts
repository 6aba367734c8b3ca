/**
 * `npm run demo`, the README's first command, as a new user runs it: every step runs and says what it proves, in
 * order, and it ends cleanly (exit 0, emulator stopped, temporary stack removed, no pulumi process left behind).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, runProcess } from "../../scripts/pulumi-workspace";

const STEPS = [
  "1. Start the Connect emulator",
  "2. pulumi up: examples/contact-centre",
  "3. A careless change, previewed with the policy pack",
  "4. The same change as a pull-request comment, and a safe schedule",
  "5. The fixed change",
  "6. Clean up",
];

it("npm run demo tours every step and ends cleanly", async () => {
  // Without a TTY, as in CI: the demo prints plain step titles.
  const result = await runProcess(process.execPath, [path.join(REPO_ROOT, "dist/scripts/demo.js")], { cwd: REPO_ROOT });
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
  const positions = STEPS.map((title) => result.stdout.indexOf(`── ${title}`));
  expect(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]))).toBe(true);
  expect(result.stdout).toContain(
    "the emulator recorded 6 claims and releases: claim, claim, claim, claim, claim, release",
  );
  // The demo's temporary stack (PulumiWorkspace's temp dir, named on the last line): removed, and no process of it left.
  const workspace = /emulator stopped, temporary stack (\/\S*\/cn-contact-centre-[A-Za-z0-9]+) removed$/.exec(
    result.stdout.trimEnd(),
  )?.[1];
  expect(workspace).toBeDefined();
  expect(fs.existsSync(workspace!)).toBe(false);
  expect((await runProcess("pgrep", ["-af", workspace!])).stdout).toBe("");
}, 300_000);
