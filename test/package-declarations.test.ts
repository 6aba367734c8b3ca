/**
 * The declaration files a user's compiler reads may import only packages that load under any tsconfig a user has
 * (Pulumi's `pulumi new typescript` has no esModuleInterop and no skipLibCheck: zod's declarations, for one, then
 * fail with hundreds of errors) and that resolve from this package (declared dependencies, not a dependency's
 * dependency). Reads the built dist/ (`npm run build` first), from the `types` of every entry in `exports`.
 */
import { builtinModules } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..");
const DIST = path.join(ROOT, "dist");
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  exports: Record<string, unknown>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};
const DECLARED = new Set([...Object.keys(PACKAGE.dependencies), ...Object.keys(PACKAGE.peerDependencies)]);

/**
 * Packages safe to expose: the user's own Pulumi SDKs (peer dependencies), the AWS SDK's clients, commander (its
 * typings are plain named exports, fine under every module setting), and Node's modules (@types/node).
 */
const SAFE = (pkg: string) =>
  ["@pulumi/pulumi", "@pulumi/policy", "commander"].includes(pkg) || pkg.startsWith("@aws-sdk/client-");

function typesEntries(value: unknown): string[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === "types" && typeof v === "string" ? [v] : typesEntries(v),
  );
}

/** The package a bare specifier names: "@scope/name" or "name", without a subpath or the node: scheme. */
function packageOf(specifier: string): string {
  const bare = specifier.replace(/^node:/, "");
  const parts = bare.split("/");
  return bare.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function isSafe(pkg: string): boolean {
  return builtinModules.includes(pkg) || pkg === "node" || (SAFE(pkg) && DECLARED.has(pkg));
}

interface Imports {
  /** Bare packages, `/// <reference types="…"/>` included. */
  packages: string[];
  /** Relative specifiers. */
  relative: string[];
}

/** What a declaration file imports, as the compiler reads it: import/export-from, import("…") types, references. */
function importsOf(file: string): Imports {
  const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
  const specifiers = [...info.importedFiles, ...info.referencedFiles].map((f) => f.fileName);
  const bare = [
    ...specifiers.filter((s) => !s.startsWith(".")),
    ...info.typeReferenceDirectives.map((d) => d.fileName),
  ];
  return { packages: [...new Set(bare.map(packageOf))].sort(), relative: specifiers.filter((s) => s.startsWith(".")) };
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier.replace(/\.js$/, ""));
  return [`${base}.d.ts`, path.join(base, "index.d.ts")].find((f) => fs.existsSync(f));
}

const distName = (file: string) => path.relative(DIST, file).split(path.sep).join("/");

/** Every declaration file reachable from the package's entry points → the packages it imports. */
function reachableDeclarations(): { packages: Map<string, string[]>; unresolved: string[] } {
  const queue = Object.values(PACKAGE.exports)
    .flatMap(typesEntries)
    .map((entry) => path.join(ROOT, entry));
  const packages = new Map<string, string[]>();
  const unresolved: string[] = [];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (packages.has(distName(file))) continue;
    const imports = importsOf(file);
    packages.set(distName(file), imports.packages);
    for (const specifier of imports.relative) {
      const target = resolveRelative(file, specifier);
      if (target) queue.push(target);
      else unresolved.push(`${distName(file)}: ${specifier}`);
    }
  }
  return { packages, unresolved };
}

describe("the package's published declarations", () => {
  const entries = Object.values(PACKAGE.exports).flatMap(typesEntries);
  const missing = entries.filter((entry) => !fs.existsSync(path.join(ROOT, entry)));
  if (missing.length > 0)
    throw new Error(`dist/ lacks ${missing.join(", ")} (package.json exports): run \`npm run build\` first`);
  const reached = reachableDeclarations();

  it("reach every entry point's declarations, and only files that exist", () => {
    expect(reached.unresolved).toEqual([]);
    expect([...reached.packages.keys()]).toEqual(
      expect.arrayContaining(entries.map((e) => distName(path.join(ROOT, e)))),
    );
  });

  it("import no package but the Pulumi SDKs, the AWS SDK's clients, commander and Node's own modules", () => {
    const unsafe = [...reached.packages].flatMap(([file, pkgs]) =>
      pkgs.filter((p) => !isSafe(p)).map((p) => `${file} imports ${p}`),
    );
    expect(unsafe).toEqual([]);
  });
});
