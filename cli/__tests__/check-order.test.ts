import * as path from "node:path";
import { FIXTURES, NOW, cli } from "../../test/e2e/cli-helpers";

/**
 * Pulumi lists steps in registration order, which parallel registration makes random: the same plan must read the
 * same every time, so `check` sorts what it lists. The captured preview creates sales, support, overflow in that order.
 */
describe("check lists resources and releases in a stable order", () => {
  const run = (plan: string, format: string) =>
    cli([
      "check",
      path.join(FIXTURES, plan),
      "--quota",
      "10",
      "--now",
      NOW,
      "--unseen-history",
      "warn",
      "--format",
      format,
    ]);
  const names = (addresses: string[]) => addresses.map((a) => a.split("::").at(-1));

  it("text: the resources by address, each naming only the churn it has", async () => {
    const r = await run("pulumi-preview-create.json", "text");
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    const resources = lines.slice(lines.indexOf("resources:") + 1, lines.indexOf("", lines.indexOf("resources:")));
    expect(resources.map((l) => l.trim().split(/\s+/))).toEqual([
      ["create", expect.stringMatching(/::overflow$/), "(1", "claim)"],
      ["create", expect.stringMatching(/::sales$/), "(1", "claim)"],
      ["create", expect.stringMatching(/::support$/), "(1", "claim)"],
    ]);
  });

  it("json: the resources and the releases by address", async () => {
    const r = await run("pulumi-preview-changes-replacement-steps.json", "json");
    const body = JSON.parse(r.stdout) as {
      resources: Array<{ address: string }>;
      released: Array<{ resource: string }>;
    };
    const sorted = (xs: string[]) => [...xs].sort((a, b) => a.localeCompare(b));
    const resources = body.resources.map((x) => x.address);
    const released = body.released.map((x) => x.resource);
    expect(resources.length).toBeGreaterThan(1);
    expect(released.length).toBeGreaterThan(1);
    expect(names(resources)).toEqual(names(sorted(resources)));
    expect(names(released)).toEqual(names(sorted(released)));
  });
});
