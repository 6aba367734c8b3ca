import { execFileSync } from "node:child_process";
import * as path from "node:path";

/**
 * test/lazy-code-paths.js in a Node.js process as the tests start them: @pulumi/pulumi loads without npm's arborist
 * or normalize-package-data, the stand-ins are what the packages export, and computeCodePaths (their one user in
 * @pulumi/pulumi) works through them.
 */
const LAZY = path.join(__dirname, "lazy-code-paths.js");

function inChild(script: string): unknown {
  const out = execFileSync(process.execPath, ["--require", LAZY, "-e", script], {
    cwd: path.join(__dirname, ".."),
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  return JSON.parse(out);
}

describe("@pulumi/pulumi with computeCodePaths' packages loaded lazily", () => {
  it("loads without them, stands in for what they export, and loads them for computeCodePaths", () => {
    const result = inChild(`
      const packages = ["/@npmcli/arborist/", "/normalize-package-data/"];
      const loaded = () => packages.filter((p) => Object.keys(require.cache).some((f) => f.includes(p)));
      const pulumi = require("@pulumi/pulumi");
      const atStart = loaded();
      const { LAZY } = require(${JSON.stringify(LAZY)});
      pulumi.runtime.computeCodePaths({ extraIncludePackages: ["js-yaml"] }).then((paths) => {
        const exports = Object.fromEntries(Object.keys(LAZY).map((p) => [p, { type: typeof require(p), keys: Object.keys(require(p)) }]));
        const esModules = Object.keys(LAZY).filter((p) => require(p).__esModule !== undefined);
        console.log(JSON.stringify({
          atStart, afterUse: loaded(), standIns: LAZY, exports, esModules,
          yaml: [...paths.keys()].some((p) => p.includes("js-yaml")),
        }));
      });
    `);
    // codePaths copies arborist's exports one by one (__importStar); it calls normalize-package-data (__importDefault).
    expect(result).toEqual({
      atStart: [],
      afterUse: ["/@npmcli/arborist/", "/normalize-package-data/"],
      standIns: {
        "@npmcli/arborist": ["Arborist", "Node", "Link", "Edge", "Shrinkwrap"],
        "normalize-package-data": null,
      },
      exports: {
        "@npmcli/arborist": { type: "function", keys: ["Arborist", "Node", "Link", "Edge", "Shrinkwrap"] },
        "normalize-package-data": { type: "function", keys: expect.any(Array) },
      },
      esModules: [],
      yaml: true,
    });
  });
});
