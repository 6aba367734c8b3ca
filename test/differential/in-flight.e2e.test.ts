import * as fs from "node:fs";
import * as path from "node:path";
import { cli } from "../e2e/cli-helpers";
import { windowArgs } from "./faces";
import { CaseWorkspace } from "./stack";

/**
 * An `up` killed while the provider released a number (breaker3 M7) leaves the delete in the stack's state's
 * `pending_operations`: whether AWS released the number is unknown. `check` and `plan-waves`, run in the project,
 * read the state, count the release until proven otherwise, and say how to settle it; `pulumi refresh`, as they say,
 * clears it. The state is crafted (the checkpoint a kill leaves) rather than made by a kill, whose timing no test
 * controls.
 */

const IN_FLIGHT =
  /PhoneNumber::support: an earlier `pulumi up` stopped while releasing \+18005550100 \(the stack's state records the delete in flight\), so whether AWS released it is unknown: it is counted as released until proven otherwise\. To settle it, `pulumi refresh` reads the number back/;

describe("a release an earlier up left in flight", () => {
  let cases: CaseWorkspace;
  beforeAll(async () => {
    cases = await CaseWorkspace.open();
  }, 120_000);
  afterAll(async () => cases?.close());

  it("is counted and explained by check and plan-waves, and `pulumi refresh` settles it", async () => {
    const s = await cases.stack();
    const support = { name: "support", target: "instance", phoneNumber: "+18005550100" };
    s.declare([support]);
    const first = await s.pulumi(["up", "--yes", "--non-interactive", "--skip-preview"]);
    if (first.code !== 0) throw new Error(`the stack's first up failed\n${first.stdout}\n${first.stderr}`);
    // The checkpoint a kill during support's delete leaves: the resource, and its delete in flight.
    const file = path.join(cases.ws.root, "state", ".pulumi", "stacks", "numbers", `${s.name}.json`);
    const checkpoint = JSON.parse(fs.readFileSync(file, "utf8"));
    const resource = checkpoint.checkpoint.latest.resources.find((r: { urn: string }) => r.urn === s.urn("support"));
    checkpoint.checkpoint.latest.pending_operations = [{ resource, type: "deleting" }];
    fs.writeFileSync(file, JSON.stringify(checkpoint));

    const judge = async () => {
      const preview = await s.pulumi(["preview", "--json", "--non-interactive", "--show-replacement-steps"]);
      const run = (command: string) =>
        cli([command, "-", ...windowArgs(s), "--format", "json"], {
          stdin: preview.stdout,
          env: s.env,
          cwd: cases.ws.programDir,
        });
      const [check, waves] = await Promise.all([run("check"), run("plan-waves")]);
      return { check: check.stdout.replace(/\\"/g, '"'), waves: waves.stdout.replace(/\\"/g, '"') };
    };
    // The program still declares support: the preview shows no step of it, and only the state tells.
    const inFlight = await judge();
    expect(inFlight.check).toMatch(IN_FLIGHT);
    expect(inFlight.check).toMatch(/This plan makes 0 claims and 1 release/);
    expect(inFlight.waves).toMatch(IN_FLIGHT);
    expect(inFlight.waves).toMatch(/"action": "release"/);

    const refresh = await s.pulumi(["refresh", "--yes", "--non-interactive", "--skip-preview"]);
    expect(refresh.code).toBe(0);
    const settled = await judge();
    expect(settled.check).not.toMatch(/in flight/);
    expect(settled.check).toMatch(/This plan claims and releases no phone numbers/);
  }, 600_000);
});
