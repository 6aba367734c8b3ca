import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * test/lazy-requires.js in a Node.js process as the tests start them: @pulumi/pulumi loads without npm's arborist,
 * normalize-package-data or TypeScript; the stand-ins are what the packages export; computeCodePaths and
 * serializeFunction (their users in @pulumi/pulumi) work through them.
 */
const LAZY = path.join(__dirname, "lazy-requires.js");
const PACKAGES = ["/@npmcli/arborist/", "/normalize-package-data/", "/typescript/"];

function inChild(script: string, cwd = path.join(__dirname, "..")): unknown {
  const out = execFileSync(process.execPath, ["--require", LAZY, "-e", script], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  return JSON.parse(out);
}

describe("@pulumi/pulumi with the packages only some of its functions use loaded lazily", () => {
  it("loads without them, stands in for what they export, and loads them for the functions that use them", () => {
    const result = inChild(`
      const loaded = () => ${JSON.stringify(PACKAGES)}.filter((p) => Object.keys(require.cache).some((f) => f.includes(p)));
      const pulumi = require("@pulumi/pulumi");
      const atStart = loaded();
      const arborist = require(${JSON.stringify(LAZY)}).LAZY.find((x) => x.request === "@npmcli/arborist").classes;
      (async () => {
        const paths = await pulumi.runtime.computeCodePaths({ extraIncludePackages: ["js-yaml"] });
        const afterCodePaths = loaded();
        const base = 40;
        const serialized = await pulumi.runtime.serializeFunction(() => (x) => x + base);
        const real = (p) => ({ type: typeof require(p), keys: Object.keys(require(p)), esModule: require(p).__esModule });
        console.log(JSON.stringify({
          atStart, afterCodePaths, afterSerialize: loaded(),
          arborist, exports: { arborist: real("@npmcli/arborist"), normalize: real("normalize-package-data") },
          yaml: [...paths.keys()].some((p) => p.includes("js-yaml")),
          serialized: serialized.text.includes("base + x") || serialized.text.includes("x + base"),
        }));
      })();
    `);
    // codePaths copies arborist's exports one by one (__importStar); it calls normalize-package-data (__importDefault).
    expect(result).toEqual({
      atStart: [],
      afterCodePaths: ["/@npmcli/arborist/", "/normalize-package-data/"],
      afterSerialize: PACKAGES,
      arborist: ["Arborist", "Node", "Link", "Edge", "Shrinkwrap"],
      exports: {
        arborist: { type: "function", keys: ["Arborist", "Node", "Link", "Edge", "Shrinkwrap"] },
        normalize: { type: "function", keys: expect.any(Array) },
      },
      yaml: true,
      serialized: true,
    });
  });

  it("loads the Automation API for pulumi.automation only when it is read, and then it is the real one", () => {
    const result = inChild(`
      const loaded = () => Object.keys(require.cache).filter((f) => f.includes("/@pulumi/pulumi/automation/")).length;
      const pulumi = require("@pulumi/pulumi");
      const atStart = loaded();
      const esModule = pulumi.automation.__esModule;
      const beforeUse = loaded();
      const real = require("@pulumi/pulumi/automation");
      console.log(JSON.stringify({
        atStart, esModule, beforeUse,
        same: pulumi.automation.LocalWorkspace === real.LocalWorkspace,
        keys: Object.keys(pulumi.automation).join() === Object.keys(real).join(),
        has: "LocalWorkspace" in pulumi.automation,
      }));
    `);
    expect(result).toEqual({ atStart: 0, esModule: true, beforeUse: 0, same: true, keys: true, has: true });
  });

  it("runs a JavaScript policy pack without TypeScript, and registers ts-node when a .ts file is required", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lazy-requires-"));
    try {
      fs.writeFileSync(path.join(dir, "typed.ts"), "export const answer: number = 41 + 1;\n");
      // The pack: what is loaded when it runs, then a TypeScript module through ts-node as run.js registered it.
      fs.writeFileSync(
        path.join(dir, "pack.js"),
        `const loaded = () => Object.keys(require.cache).some((f) => f.includes("/typescript/"));
        const atStart = loaded();
        const { answer } = require("./typed");
        console.log(JSON.stringify({ atStart, answer, afterTs: loaded(), version: require(${JSON.stringify(require.resolve("typescript"))}).version }));`,
      );
      const run = path.join(path.dirname(require.resolve("@pulumi/pulumi/cmd/run-policy-pack")), "run.js");
      const result = inChild(
        `require(${JSON.stringify(run)}).run({
          argv: { _: ["pack.js"] }, typeScript: true, programStarted() {}, reportLoggedError(e) { throw e; },
        });`,
        dir,
      );
      expect(result).toEqual({
        atStart: false,
        answer: 42,
        afterTs: true,
        version: (
          JSON.parse(fs.readFileSync(require.resolve("typescript/package.json"), "utf8")) as { version: string }
        ).version,
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
