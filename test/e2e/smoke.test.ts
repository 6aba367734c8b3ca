import * as path from "node:path";
import { PulumiWorkspace, REPO_ROOT } from "../../scripts/pulumi-workspace";

const SMOKE_TYPE = "pulumi-nodejs:dynamic/connect:Smoke";
const smokePack = (maxSmokes: number) => ({
  dir: path.join(REPO_ROOT, "test/e2e/policies/smoke"),
  config: { "smoke-max-count": { maxSmokes } },
});

describe("the real Pulumi chain: CLI, program, dynamic provider, policy pack", () => {
  let ws: PulumiWorkspace;
  beforeAll(async () => {
    ws = await PulumiWorkspace.create("test/e2e/programs/smoke");
  });
  afterAll(() => ws?.cleanup());

  it("creates dynamic resources with `pulumi up` and records them in the file backend", async () => {
    await ws.setConfig({ count: 2 });
    const up = await ws.up();
    expect(up.stderr).not.toMatch(/error/i);
    expect(up.code).toBe(0);
    const state = await ws.stackExport();
    const smokes = (state.deployment.resources ?? []).filter((r) => r.type === SMOKE_TYPE);
    expect(smokes.map((r) => r.id).sort()).toEqual(["smoke-label-0", "smoke-label-1"]);
  });

  it("reports a planned create in `pulumi preview --json`, and a policy pack within its limit passes", async () => {
    await ws.setConfig({ count: 3 });
    const { result, digest } = await ws.previewJson({ policyPacks: [smokePack(5)] });
    expect(result.code).toBe(0);
    const creates = digest.steps.filter((s) => s.op === "create");
    expect(creates.map((s) => s.newState?.type)).toEqual([SMOKE_TYPE]);
    expect(creates[0].urn).toMatch(/::smoke-2$/);
  });

  it("fails the preview on a mandatory violation and shows the policy's message", async () => {
    const result = await ws.preview({ policyPacks: [smokePack(2)] });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain("[mandatory]  smoke-max-count");
    expect(result.stdout).toContain("found 3 Smoke resources, more than maxSmokes=2");
  });

  it("destroys what it created", async () => {
    const down = await ws.destroy();
    expect(down.code).toBe(0);
    const state = await ws.stackExport();
    expect((state.deployment.resources ?? []).filter((r) => r.type === SMOKE_TYPE)).toEqual([]);
  });
});
