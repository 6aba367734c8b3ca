import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PackConfigError } from "../errors";
import { programDirectory, resolveFromProgram } from "../program-dir";

describe("the program's working directory, seen from the policy pack", () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "cn-progdir-"));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const project = (dir: string, text: string) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), text);
  };

  it("is the directory of the Pulumi.yaml, above an ancestor's working directory, whose name is the engine's project", () => {
    project(path.join(root, "shop"), "name: shop\nruntime: nodejs\n");
    fs.mkdirSync(path.join(root, "shop", "sub"));
    project(path.join(root, "other"), "name: other\nruntime: nodejs\n");
    const env = { PULUMI_PROJECT: "shop" };
    expect(programDirectory(env, () => [path.join(root, "other"), path.join(root, "shop", "sub")])).toBe(
      path.join(root, "shop"),
    );
    expect(programDirectory({ PULUMI_PROJECT: "nope" }, () => [path.join(root, "shop")])).toBeUndefined();
    expect(programDirectory({}, () => [path.join(root, "shop")])).toBeUndefined();
  });

  it("follows the project's main, as Pulumi does (a directory, or a file's directory)", () => {
    project(path.join(root, "a"), "name: a\nruntime: nodejs\nmain: src/\n");
    fs.mkdirSync(path.join(root, "a", "src"));
    project(path.join(root, "b"), "name: b\nruntime: nodejs\nmain: app/index.js\n");
    fs.mkdirSync(path.join(root, "b", "app"));
    fs.writeFileSync(path.join(root, "b", "app", "index.js"), "");
    expect(programDirectory({ PULUMI_PROJECT: "a" }, () => [path.join(root, "a")])).toBe(path.join(root, "a", "src"));
    expect(programDirectory({ PULUMI_PROJECT: "b" }, () => [path.join(root, "b")])).toBe(path.join(root, "b", "app"));
  });

  it("resolves relative paths against it, and refuses a relative path when it cannot be found", () => {
    expect(resolveFromProgram("/abs/h.jsonl", () => undefined)).toBe("/abs/h.jsonl");
    expect(resolveFromProgram("h.jsonl", () => "/work/prog")).toBe("/work/prog/h.jsonl");
    expect(() => resolveFromProgram("h.jsonl", () => undefined)).toThrow(PackConfigError);
    expect(() => resolveFromProgram("h.jsonl", () => undefined)).toThrow(
      /historyFiles: "h.jsonl" is relative.*give an absolute path/,
    );
  });
});
