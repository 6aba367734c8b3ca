/**
 * The README's quick start, run as it stands: its marked blocks (`<!-- quickstart: run -->`, `<!-- quickstart: file
 * NAME -->`, `<!-- quickstart: emulator -->` before a fenced block) are executed in order by bash in a fresh Pulumi
 * TypeScript project in a temp dir, from the packed package, against the emulator it starts; the `pulumi config set`
 * lines the emulator prints are run exactly as printed, as a user pastes them. Two stand-ins, and only these:
 * `npm install NAME` takes NAME from this checkout's packed tarball (the registry's copy would be another version),
 * and where the Pulumi CLI has no Node.js language host, `pulumi` is `npx connect-numbers pulumi`, as the README
 * says to run it there.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import MarkdownIt from "markdown-it";
import { cachedBinDir, findPulumi } from "../../scripts/pulumi-bin";
import { REPO_ROOT, RunResult, runProcess } from "../../scripts/pulumi-workspace";

jest.setTimeout(900_000);

const CACHE_ROOT =
  process.env.CONNECT_NUMBERS_CACHE ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "connect-numbers");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

interface Block {
  kind: "run" | "file" | "emulator";
  file?: string;
  content: string;
}

/** The README's quick-start blocks, in the order a reader meets them. */
function quickStartBlocks(readme: string): Block[] {
  const tokens = new MarkdownIt({ html: true }).parse(readme, {});
  const blocks: Block[] = [];
  tokens.forEach((t, i) => {
    const marker =
      t.type === "html_block" ? /^<!--\s*quickstart:\s*(run|file|emulator)\s*(\S*)\s*-->/.exec(t.content.trim()) : null;
    if (!marker) return;
    const fence = tokens[i + 1];
    if (fence?.type !== "fence")
      throw new Error(
        `README.md line ${(t.map?.[0] ?? 0) + 1}: a quickstart marker must come right before a fenced block`,
      );
    blocks.push({ kind: marker[1] as Block["kind"], file: marker[2] || undefined, content: fence.content });
  });
  return blocks;
}

/** The lines a person types: not blank, not a comment. */
const commandsOf = (script: string) => script.split("\n").filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));

/** `npm pack` of one package directory of this checkout (already built: npm test builds first). */
async function pack(dir: string, destination: string): Promise<string> {
  const packed = await runProcess(NPM, ["pack", "--ignore-scripts", "--json", "--pack-destination", destination], {
    cwd: dir,
  });
  if (packed.code !== 0) throw new Error(`npm pack in ${dir} failed\n${packed.stderr}`);
  return path.join(destination, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0].filename);
}

/** What `pulumi new typescript` leaves: a project with a stack selected, its program about to be replaced. */
function newTypeScriptProject(project: string): void {
  fs.mkdirSync(project);
  fs.writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify(
      {
        name: "quick-start",
        main: "index.ts",
        devDependencies: { "@types/node": "^20.17.0", typescript: "^5.0.0" },
        dependencies: { "@pulumi/pulumi": "3.248.0" },
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(
    path.join(project, "Pulumi.yaml"),
    "name: quick-start\ndescription: A minimal TypeScript Pulumi program\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\n",
  );
  const tsconfig = {
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
  fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  fs.writeFileSync(path.join(project, "index.ts"), 'import * as pulumi from "@pulumi/pulumi";\n');
}

/** Bash functions in front of every block: the two stand-ins of the file comment. */
function prelude(withLanguageHost: boolean): string {
  return `set -euo pipefail
npm() {
  local args=() a
  for a in "$@"; do
    case "$a" in
      connect-numbers) args+=("$QUICKSTART_TARBALL") ;;
      connect-numbers-emulator)
        if [ -z "\${QUICKSTART_EMULATOR_TARBALL:-}" ]; then echo "quick start: no emulator package in this checkout; skipped: npm $*" >&2; return 0; fi
        args+=("$QUICKSTART_EMULATOR_TARBALL") ;;
      *) args+=("$a") ;;
    esac
  done
  command npm "\${args[@]}" --no-audit --no-fund --prefer-offline
}
${withLanguageHost ? "" : 'pulumi() { npx connect-numbers pulumi "$@"; }\n'}`;
}

describe("the README's quick start, run as written, from the packed package", () => {
  let root: string;
  let emulator: ChildProcess | undefined;
  afterAll(async () => {
    if (emulator?.pid !== undefined && emulator.exitCode === null) {
      const exited = new Promise((resolve) => emulator!.once("exit", resolve));
      process.kill(-emulator.pid, "SIGTERM");
      await exited;
    }
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it("installs, starts the emulator, pastes its lines and claims the numbers in at most 4 commands after the install; the gates pass", async () => {
    const blocks = quickStartBlocks(fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8"));
    expect(blocks.map((b) => b.kind)).toEqual(["run", "file", "emulator", "run", "run"]);

    // From nothing to the first claim: after the install, each command line, and the paste of the emulator's lines.
    const install = blocks[0];
    const toFirstUp = blocks.slice(1, blocks.findIndex((b) => /^pulumi up\b/m.test(b.content)) + 1);
    const commands = toFirstUp.flatMap((b) =>
      b.kind === "file" ? [] : b.kind === "emulator" ? [...commandsOf(b.content), "(paste)"] : commandsOf(b.content),
    );
    expect(commandsOf(install.content)[0]).toBe("npm install connect-numbers");
    expect(commands.length).toBeLessThanOrEqual(4);

    root = fs.mkdtempSync(path.join(os.tmpdir(), "cn-quick-start-"));
    const project = path.join(root, "quick-start");
    newTypeScriptProject(project);
    const emulatorPackage = path.join(REPO_ROOT, "emulator/package.json");
    const pulumi = findPulumi();
    const withLanguageHost = fs.existsSync(path.join(pulumi.binDir, "pulumi-language-nodejs"));
    // A user's shell: not the npm_* settings of an enclosing `npm test`, no AWS credentials (the emulator needs none).
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|AWS_)/i.test(k)));
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      PATH: [
        ...(withLanguageHost ? [pulumi.binDir] : []),
        ...(process.env.PATH ?? "")
          .split(path.delimiter)
          .filter((dir) => dir !== cachedBinDir() && !fs.existsSync(path.join(dir, "pulumi"))),
      ].join(path.delimiter),
      CONNECT_NUMBERS_PULUMI_BIN: pulumi.binDir,
      PULUMI_HOME: path.join(root, "pulumi-home"),
      PULUMI_BACKEND_URL: `file://${path.join(root, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      // What a person answers at `pulumi up`'s "Do you want to perform this update?".
      PULUMI_SKIP_CONFIRMATIONS: "true",
      XDG_STATE_HOME: path.join(root, "state-home"),
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
      AWS_CONFIG_FILE: "/nonexistent/config",
      AWS_EC2_METADATA_DISABLED: "true",
      npm_config_cache: path.join(CACHE_ROOT, "npm"),
      npm_config_update_notifier: "false",
      QUICKSTART_TARBALL: await pack(REPO_ROOT, root),
      QUICKSTART_EMULATOR_TARBALL: fs.existsSync(emulatorPackage)
        ? await pack(path.dirname(emulatorPackage), root)
        : "",
    };
    fs.mkdirSync(path.join(root, "state"));
    const stackInit = await runProcess(pulumi.binary, ["stack", "init", "dev", "--non-interactive"], {
      cwd: project,
      env,
    });
    expect(stackInit.code).toBe(0);

    const bash = async (script: string): Promise<RunResult> => {
      const result = await runProcess("bash", ["-c", prelude(withLanguageHost) + script], { cwd: project, env });
      if (result.code !== 0)
        throw new Error(
          `exited ${result.code}:\n${script}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
        );
      return result;
    };
    const outputs: RunResult[] = [];
    for (const block of blocks) {
      if (block.kind === "file") {
        fs.writeFileSync(path.join(project, block.file!), block.content);
      } else if (block.kind === "run") {
        outputs.push(await bash(block.content));
      } else {
        // Its own process group, so that the emulator under npx stops with it.
        emulator = spawn("bash", ["-c", prelude(withLanguageHost) + block.content], {
          cwd: project,
          env,
          detached: true,
          stdio: ["ignore", "pipe", "inherit"],
        });
        const printed: string[] = [];
        for await (const line of readline.createInterface({ input: emulator.stdout! })) {
          printed.push(line);
          if (line.startsWith("Ctrl-C")) break;
        }
        emulator.stdout!.resume();
        const paste = printed.filter((l) => l.startsWith("pulumi config set "));
        expect(paste.length).toBeGreaterThan(0);
        outputs.push(await bash(paste.join("\n") + "\n"));
      }
    }

    const numbers = JSON.parse((await bash("pulumi stack output numbers --json\n")).stdout);
    expect(numbers).toEqual({ support: "+18005550100", sales: expect.stringMatching(/^\+1212\d{7}$/) });
    // The last block pipes the preview to check, which says the plan changes nothing within the budget.
    expect(outputs[outputs.length - 1].stdout).toContain("<!-- connect-numbers:check -->");
  });
});
