/**
 * The package as a user meets it: `npm pack`, the tarball installed from the registry's point of view into a fresh
 * Pulumi TypeScript project in a temp dir (no links into this checkout), its entry points loaded from CommonJS,
 * ESM and TypeScript, and a real `pulumi preview --policy-pack` and `connect-numbers check` run there against the
 * emulator, the second package of this repository (connect-numbers-emulator) installed as a dev dependency beside
 * it. npm's cache is shared between runs (CONNECT_NUMBERS_CACHE/npm), so only the first run downloads.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { cachedBinDir, findPulumi } from "../../scripts/pulumi-bin";
import { REPO_ROOT, RunResult, runProcess } from "../../scripts/pulumi-workspace";

const CACHE_ROOT =
  process.env.CONNECT_NUMBERS_CACHE ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "connect-numbers");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as connect from "connect-numbers/provider";

const config = new pulumi.Config();
const instanceArn = config.require("instanceArn");
const lines = config.requireNumber("lines");

export const numbers = Array.from({ length: lines }, (_, i) =>
  new connect.PhoneNumber(\`line-\${i}\`, { targetArn: instanceArn, countryCode: "US", type: "DID", prefix: "+1212" }).phoneNumber,
);
`;
/** Pulumi's own `pulumi new typescript` tsconfig (moduleResolution node, CommonJS). */
const TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};
/** Warnings a user should not have to read past in a preview (Node's, the AWS SDK's, Pulumi's diagnostics). */
const NOISE =
  /NodeVersionSupportWarning|\(node:\d+\)|DeprecationWarning|ExperimentalWarning|MaxListenersExceeded|^\s*warning:/m;

interface Packed {
  filename: string;
  size: number;
  files: Array<{ path: string; mode: number }>;
}

/** What `npm ls --json` prints of one package: its dependencies, peers included, by name. */
interface Listed {
  version?: string;
  dependencies?: Record<string, Listed>;
}

/** The packages (name@version) a subtree brings, leaving out the subtrees of the given names. */
function packagesUnder(node: Listed, except: ReadonlySet<string>, into = new Set<string>()): Set<string> {
  for (const [name, child] of Object.entries(node.dependencies ?? {})) {
    const id = `${name}@${child.version}`;
    if (except.has(name) || into.has(id)) continue;
    into.add(id);
    packagesUnder(child, except, into);
  }
  return into;
}

/** The emulator's package and what only it needs: none of it may reach a project that does not install it. */
const EMULATOR_ONLY =
  /^(connect-numbers-emulator|dynalite|level|classic-level|memory-level|browser-level|abstract-level)@/;

describe("the npm package, installed into a fresh Pulumi TypeScript project", () => {
  let root: string;
  let project: string;
  let packed: Packed;
  let packedEmulator: Packed;
  let env: NodeJS.ProcessEnv;
  let emulator: ChildProcess | undefined;
  let bare: string;

  const inProject = async (command: string, args: string[], input?: string): Promise<RunResult> =>
    runProcess(command, args, { cwd: project, env, input });
  const ok = async (command: string, args: string[], input?: string): Promise<RunResult> => {
    const result = await inProject(command, args, input);
    if (result.code !== 0)
      throw new Error(`${command} ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    return result;
  };
  const cli = (args: string[], input?: string) =>
    inProject(path.join(project, "node_modules/.bin/connect-numbers"), args, input);
  const pulumi = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    runProcess(path.join(project, "node_modules/.bin/connect-numbers"), ["pulumi", ...args, "--non-interactive"], {
      cwd: project,
      env: { ...env, ...extraEnv },
    });

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "cn-package-"));
    project = path.join(root, "numbers-user");
    fs.mkdirSync(project);
    const packWorkspace = async (...workspace: string[]): Promise<Packed> => {
      const pack = await runProcess(
        NPM,
        ["pack", ...workspace, "--ignore-scripts", "--json", "--pack-destination", root],
        { cwd: REPO_ROOT },
      );
      if (pack.code !== 0) throw new Error(`npm pack ${workspace.join(" ")} failed\n${pack.stderr}`);
      return (JSON.parse(pack.stdout) as Packed[])[0];
    };
    packed = await packWorkspace();
    packedEmulator = await packWorkspace("--workspace", "emulator");

    fs.writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({
        name: "numbers-user",
        version: "1.0.0",
        private: true,
        main: "index.ts",
        dependencies: { "@pulumi/pulumi": "3.248.0", "connect-numbers": `file:${path.join(root, packed.filename)}` },
        // As `pulumi new typescript` writes it (the project brings its compiler), and the emulator for local runs.
        devDependencies: {
          "@types/node": "^20.17.0",
          typescript: "^5.0.0",
          "connect-numbers-emulator": `file:${path.join(root, packedEmulator.filename)}`,
        },
      }),
    );
    fs.writeFileSync(
      path.join(project, "Pulumi.yaml"),
      "name: numbers-user\ndescription: Connect numbers in code\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\n",
    );
    fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
    fs.writeFileSync(path.join(project, "index.ts"), PROGRAM);

    // A copy of the CLI alone in a directory: the plugins it lacks must then come from the installed packages.
    bare = path.join(root, "bare-cli");
    fs.mkdirSync(bare);
    try {
      fs.linkSync(findPulumi().binary, path.join(bare, "pulumi"));
    } catch {
      fs.copyFileSync(findPulumi().binary, path.join(bare, "pulumi"));
      fs.chmodSync(path.join(bare, "pulumi"), 0o755);
    }
    // Not the jest process's own quieting (test/setup-env.ts): the package must be quiet by itself. Nor the
    // npm_* settings of an enclosing `npm test`: the project's npm is a user's, run from the project.
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !/^npm_/i.test(k) && k !== "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED",
      ),
    );
    env = {
      ...inherited,
      PATH: (process.env.PATH ?? "")
        .split(path.delimiter)
        .filter((dir) => dir !== cachedBinDir() && !fs.existsSync(path.join(dir, "pulumi")))
        .join(path.delimiter),
      // The CLI as scripts/install-pulumi.sh builds it: no Node.js language host, its two plugins beside it.
      CONNECT_NUMBERS_PULUMI_BIN: findPulumi().binDir,
      PULUMI_HOME: path.join(root, "pulumi-home"),
      PULUMI_BACKEND_URL: `file://${path.join(root, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      npm_config_cache: path.join(CACHE_ROOT, "npm"),
      npm_config_update_notifier: "false",
    };
    fs.mkdirSync(path.join(root, "state"));
    await ok(NPM, ["install", "--no-audit", "--no-fund", "--prefer-offline"]);
  }, 900_000);

  afterAll(async () => {
    if (emulator?.pid !== undefined && emulator.exitCode === null) {
      const exited = new Promise((resolve) => emulator!.once("exit", resolve));
      emulator.kill("SIGTERM");
      await exited;
    }
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it("ships what users run, and no tests, fixtures, benchmarks or source maps", () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        "bin/connect-numbers",
        "dist/scripts/pulumi-inline.js",
        "dist/scripts/pulumi-plugins.js",
        "dist/provider/runtime/index.js",
        "policies/PulumiPolicy.yaml",
        "policies/package.json",
        "scripts/pulumi-analyzer-policy-nodejs",
        "README.md",
      ]),
    );
    expect(
      files.filter(
        (f) =>
          /__tests__|\.test\.|^test\/|fixtures|^dist\/bench|\.map$|\.ts$/.test(f) &&
          !f.endsWith(".d.ts") &&
          !f.startsWith("examples/"),
      ),
    ).toEqual([]);
    for (const executable of ["bin/connect-numbers", "scripts/pulumi-analyzer-policy-nodejs"]) {
      expect((packed.files.find((f) => f.path === executable)!.mode & 0o111) !== 0).toBe(true);
    }
    // What the README links to ships with it: a relative link must resolve inside the package (npm shows the README).
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const examples = [...readme.matchAll(/\]\((examples\/[^)#\s]*)\)/g)].map((m) => m[1].replace(/\/$/, ""));
    expect(examples.length).toBeGreaterThan(0);
    for (const link of examples)
      expect({ link, shipped: files.some((f) => f === link || f.startsWith(`${link}/`)) }).toEqual({
        link,
        shipped: true,
      });
    // The emulator is not in it: it is the other package.
    expect(files.filter((f) => f.startsWith("dist/emulator/"))).toEqual([]);
    const emulatorFiles = packedEmulator.files.map((f) => f.path);
    expect(emulatorFiles).toEqual(
      expect.arrayContaining([
        "package.json",
        "dist/index.js",
        "dist/index.d.ts",
        "dist/state/model.js",
        "dist/aws-model/connect.json",
      ]),
    );
    expect(
      emulatorFiles.filter((f) => /__tests__|\.test\.|fixture|\.map$|\.ts$/.test(f) && !f.endsWith(".d.ts")),
    ).toEqual([]);
    console.log(
      `connect-numbers tarball: ${packed.filename}, ${packed.files.length} files, ${(packed.size / 1024).toFixed(0)} KiB`,
    );
    console.log(
      `connect-numbers-emulator tarball: ${packedEmulator.filename}, ${packedEmulator.files.length} files, ${(packedEmulator.size / 1024).toFixed(0)} KiB`,
    );
  });

  it("brings an infrastructure project nothing of the emulator and no install script", async () => {
    const tree = JSON.parse((await ok(NPM, ["ls", "--omit=dev", "--all", "--json"])).stdout) as Listed;
    const everything = packagesUnder(tree, new Set());
    expect([...everything].filter((p) => EMULATOR_ONLY.test(p))).toEqual([]);
    // What connect-numbers adds to a project that has @pulumi/pulumi already (its peer: the project's own).
    const brought = packagesUnder(tree.dependencies!["connect-numbers"], new Set(["@pulumi/pulumi"]));
    const scripted = JSON.parse(
      (
        await ok(NPM, [
          "query",
          ":attr(scripts, [install]), :attr(scripts, [preinstall]), :attr(scripts, [postinstall])",
        ])
      ).stdout,
    ) as Array<{ name: string; version: string }>;
    expect(scripted.map((p) => `${p.name}@${p.version}`).filter((p) => brought.has(p))).toEqual([]);
    // Nor does the package itself: npm lists a tarball's `prepare` among the scripts a user must allow.
    for (const name of ["connect-numbers", "connect-numbers-emulator"]) {
      const manifest = path.join(project, "node_modules", name, "package.json");
      if (!fs.existsSync(manifest)) continue;
      const { scripts = {} } = JSON.parse(fs.readFileSync(manifest, "utf8")) as { scripts?: Record<string, string> };
      expect(Object.keys(scripts).filter((s) => /^(pre|post)?install$|^prepare$/.test(s))).toEqual([]);
    }
    console.log(
      `connect-numbers brings ${brought.size} packages to a project with @pulumi/pulumi (npm ls --omit=dev --all: ${everything.size} in all)`,
    );
  });

  it("installs as files, with one copy of the Pulumi SDK (the project's), and no TypeScript runner of its own", async () => {
    const installed = path.join(project, "node_modules/connect-numbers");
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.realpathSync(installed).startsWith(REPO_ROOT + path.sep)).toBe(false);
    const copies = (await ok(NPM, ["ls", "@pulumi/pulumi", "--all", "--parseable"])).stdout.trim().split("\n");
    expect(new Set(copies.map((p) => fs.realpathSync(p)))).toEqual(
      new Set([path.join(fs.realpathSync(project), "node_modules/@pulumi/pulumi")]),
    );
    for (const peer of ["typescript", "@pulumi/policy"])
      expect(fs.existsSync(path.join(project, "node_modules", peer, "package.json"))).toBe(true);
    // TypeScript programs run through the ts-node @pulumi/pulumi ships (vendor/), as Pulumi's own language host does.
    expect(fs.existsSync(path.join(project, "node_modules/ts-node"))).toBe(false);
  });

  it("loads every entry point from CommonJS and from ESM, and types each (and the README's example) for moduleResolution node and node16", async () => {
    const pkg = JSON.parse(
      fs.readFileSync(path.join(project, "node_modules/connect-numbers/package.json"), "utf8"),
    ) as { exports: Record<string, unknown> };
    // ./provider/sms comes from another branch: its entries are checked once its source is in this checkout.
    const entries = Object.keys(pkg.exports)
      .filter(
        (e) =>
          e !== "./package.json" &&
          (!e.startsWith("./provider/sms") || fs.existsSync(path.join(REPO_ROOT, "provider/sms"))),
      )
      .map((e) => `connect-numbers${e.slice(1)}`);
    expect(entries).toEqual(
      expect.arrayContaining([
        "connect-numbers",
        "connect-numbers/provider",
        "connect-numbers/policies",
        "connect-numbers/core",
        "connect-numbers/cli",
        "connect-numbers/ledger",
        "connect-numbers/provider/runtime",
      ]),
    );
    entries.push("connect-numbers-emulator", "connect-numbers-emulator/settings");
    const names = JSON.stringify(entries);
    const cjs = await ok(process.execPath, [
      "-e",
      `for (const e of ${names}) console.log(e, Object.keys(require(e)).length)`,
    ]);
    const esm = await ok(process.execPath, [
      "--input-type=module",
      "-e",
      `for (const e of ${names}) { const m = await import(e); console.log(e, Object.keys(m).filter((k) => k !== "default").length); }`,
    ]);
    for (const out of [cjs.stdout, esm.stdout]) {
      for (const e of entries) expect(out).toMatch(new RegExp(`^${e} [1-9]\\d*$`, "m"));
    }
    const named = await ok(process.execPath, [
      "--input-type=module",
      "-e",
      'import { PhoneNumber } from "connect-numbers/provider"; import { policies } from "connect-numbers/policies"; import { main } from "connect-numbers/cli"; import { startEmulator } from "connect-numbers-emulator"; console.log(typeof PhoneNumber, policies.length, typeof main, typeof startEmulator);',
    ]);
    expect(named.stdout.trim()).toMatch(/^function [1-9]\d* function function$/);

    const typed = [
      ...entries.map((e, i) => `import * as m${i} from "${e}";`),
      'import { PhoneNumber, PhoneNumberArgs } from "connect-numbers/provider";',
      `export const loaded = [${entries.map((_, i) => `m${i}`).join(", ")}];`,
      'export const args: PhoneNumberArgs = { targetArn: "arn", countryCode: "US", type: "DID" };',
      "export const resource: typeof PhoneNumber = PhoneNumber;",
      // Outputs a program reads as set, as every release typed them (strict: possibly undefined would not compile).
      'import * as sms from "connect-numbers/provider/sms";',
      'import { PhoneNumberSet } from "connect-numbers/provider";',
      "declare const p: PhoneNumber;",
      "declare const o: sms.OriginationNumber;",
      "declare const s: PhoneNumberSet;",
      "export const read = [",
      '  p.tags.apply((t) => t["team"]),',
      "  p.region.apply((r) => r.toUpperCase()),",
      "  p.accountId.apply((r) => r.length),",
      "  p.lease.apply((r) => r.length),",
      "  p.moveCount.apply((m) => m + 1),",
      '  o.tags.apply((t) => t["team"]),',
      "  o.optOutListName.apply((x) => x.length),",
      "  s.region.apply((r) => r.length),",
      "  s.accountId.apply((r) => r.length),",
      "];",
    ];
    fs.writeFileSync(path.join(project, "types-check.ts"), typed.join("\n") + "\n");
    // The README's first example, as a user pastes it.
    const readmeExample = /```ts\n([\s\S]*?)```/.exec(fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8"))![1];
    fs.writeFileSync(path.join(project, "readme-example.ts"), readmeExample);
    const tsc = path.join(project, "node_modules/typescript/bin/tsc");
    // node16 skips library checks: @pulumi/policy 1.21's own index.d.ts does not resolve its ./proxy under node16.
    for (const [moduleKind, resolution, ...extra] of [
      ["commonjs", "node"],
      ["node16", "node16", "--skipLibCheck"],
    ]) {
      const r = await inProject(process.execPath, [
        tsc,
        "--noEmit",
        "--strict",
        "--types",
        "node",
        "--module",
        moduleKind,
        "--moduleResolution",
        resolution,
        ...extra,
        "types-check.ts",
        "readme-example.ts",
      ]);
      expect({ resolution, out: r.stdout }).toEqual({ resolution, out: "" });
      expect(r.code).toBe(0);
    }
  });

  it("previews with the installed policy pack and checks with the installed CLI, against the installed emulator, quietly", async () => {
    emulator = spawn(
      path.join(project, "node_modules/.bin/connect-numbers"),
      ["emulator", "--quota", "1", "--claim-delay-ms", "0"],
      { cwd: project, env, stdio: ["ignore", "pipe", "inherit"] },
    );
    const started: Record<string, string> = {};
    for await (const line of readline.createInterface({ input: emulator.stdout! })) {
      const [key, ...value] = line.split(": ");
      started[key] = value.join(": ");
      if (key === "quota") break;
    }
    emulator.stdout!.resume();
    const endpoint = started.endpoint;
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The emulator's account is new: CloudTrail's 90 days are all its history, so the 90 unseen days only warn, in
    // the provider, the pack and the CLI alike (each refuses by default: exit 3 for the CLI).
    fs.writeFileSync(
      path.join(project, "policy-config.json"),
      JSON.stringify({ "connect-phone-number-churn": { endpoint, region: "us-east-1", unseenHistory: "warn" } }),
    );
    const pack = [
      "--policy-pack",
      "node_modules/connect-numbers/policies",
      "--policy-pack-config",
      "policy-config.json",
    ];
    const check = (preview: string) =>
      cli(
        ["check", "-", "--cloudtrail", "--endpoint", endpoint, "--region", "us-east-1", "--unseen-history", "warn"],
        preview,
      );

    expect((await pulumi(["stack", "init", "dev"])).code).toBe(0);
    const settings = {
      "connect-numbers:endpoint": endpoint,
      "connect-numbers:region": "us-east-1",
      "connect-numbers:unseenHistory": "warn",
      instanceArn: started.instance,
      lines: "1",
    };
    for (const [key, value] of Object.entries(settings)) {
      expect((await pulumi(["config", "set", key, value])).code).toBe(0);
    }

    const preview = await pulumi(["preview", ...pack]);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/connect-numbers/);
    expect(preview.stdout + preview.stderr).not.toMatch(NOISE);
    const up = await pulumi(["up", "--yes", "--skip-preview"]);
    expect(up.code).toBe(0);
    expect(up.stdout + up.stderr).not.toMatch(NOISE);
    expect((await pulumi(["stack", "output", "numbers", "--json"])).stdout).toMatch(/"\+1212\d{7}"/);
    const fits = await pulumi(["preview", "--json"]);
    expect((await check(fits.stdout)).code).toBe(0);

    // Two more claims against quota 1 (a budget of 2 claims and releases, one used): over the budget.
    expect((await pulumi(["config", "set", "lines", "3"])).code).toBe(0);
    const rejected = await pulumi(["preview", ...pack]);
    expect(rejected.code).not.toBe(0);
    expect(rejected.stdout).toContain("connect-phone-number-churn");
    expect(rejected.stdout + rejected.stderr).not.toMatch(NOISE);
    const over = await check((await pulumi(["preview", "--json"])).stdout);
    expect(over.code).toBe(1);
    expect(over.stdout + over.stderr).not.toMatch(NOISE);

    // A CLI with nothing beside it and a fresh plugin cache: the installed packages supply both plugins. Pulumi
    // refuses to cache its bundled dynamic-provider plugin, so that one comes from PATH, and Pulumi says so.
    const bareRun = await pulumi(["preview", "--stack", "dev", ...pack], {
      CONNECT_NUMBERS_PULUMI_BIN: bare,
      PULUMI_HOME: path.join(root, "bare-home"),
    });
    expect({ out: bareRun.stdout, err: bareRun.stderr }).toEqual({
      out: expect.stringContaining("connect-phone-number-churn"),
      err: "",
    });
    const fromPath = `using pulumi-resource-pulumi-nodejs from $PATH at ${path.join(project, "node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs")}`;
    expect(
      bareRun.stdout
        .split("\n")
        .filter((l) => !l.includes(fromPath))
        .join("\n"),
    ).not.toMatch(NOISE);
    expect(fs.readdirSync(path.join(root, "bare-home/plugins")).filter((d) => !d.endsWith(".lock"))).toEqual([
      "analyzer-policy-nodejs-v0.1.0",
    ]);
  });

  it("without the emulator installed, its commands say in one line how to install it", async () => {
    await ok(NPM, ["uninstall", "--no-audit", "--no-fund", "--prefer-offline", "connect-numbers-emulator"]);
    const fix =
      "connect-numbers: the emulator is a package of its own and is not installed here: run `npm install --save-dev connect-numbers-emulator`, then run this again\n";
    for (const args of [
      ["emulator", "--quota", "1"],
      ["emulator", "seed", "--endpoint", "http://127.0.0.1:9", "--count", "1"],
    ]) {
      expect(await cli(args)).toMatchObject({ code: 2, stdout: "", stderr: fix });
    }
    const help = await cli(["emulator", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(
      "The emulator is a package of its own, not installed here: `npm install --save-dev connect-numbers-emulator`.",
    );
    // The other commands never load it.
    expect((await cli(["--help"])).code).toBe(0);
  });
});
