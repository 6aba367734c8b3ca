/**
 * The two plugins a Pulumi CLI without the Node.js language host needs to run Node.js programs inline and Node.js
 * policy packs: `pulumi-resource-pulumi-nodejs` (dynamic providers; it ships in @pulumi/pulumi) and
 * `pulumi-analyzer-policy-nodejs` (policy packs; it ships here, in scripts/). Pulumi finds a plugin on PATH (and
 * then warns "using … from $PATH" in every preview), beside the CLI (bundled plugins only, such as the
 * dynamic-provider one) or in its plugin cache. So the analyzer, when Pulumi would not find it, is installed into
 * the cache with `pulumi plugin install --file` (once per PULUMI_HOME) and loads without a word; the dynamic-provider
 * plugin, which Pulumi refuses to install that way, is offered on PATH only when it is not beside the CLI (a CLI
 * built without its plugins; every Pulumi install and scripts/install-pulumi.sh put it there).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PulumiInstall, isExecutable, onPath } from "./pulumi-bin";

function pluginCacheDir(env: NodeJS.ProcessEnv): string {
  return path.join(env.PULUMI_HOME ?? path.join(os.homedir(), ".pulumi"), "plugins");
}

function cached(kind: string, name: string, env: NodeJS.ProcessEnv): boolean {
  const dir = pluginCacheDir(env);
  const executable = `pulumi-${kind}-${name}`;
  return (
    fs.existsSync(dir) &&
    fs.readdirSync(dir).some((d) => d.startsWith(`${kind}-${name}-v`) && isExecutable(path.join(dir, d, executable)))
  );
}

/** What the CLI's PATH needs: directories to put first, and directories to leave out. */
export interface PluginPath {
  first: string[];
  /** Directories whose copy of the analyzer would shadow the cached one (and make Pulumi warn in every preview). */
  without: string[];
}

/**
 * Makes the plugins a program command needs findable without Pulumi's "from $PATH" warning where it can; returns
 * the directories to put on PATH for the rest. Pulumi prefers a plugin on PATH to its cache and warns each time it
 * loads one (four times a preview), so the analyzer always goes into the cache, and this CLI's own directory, where
 * scripts/install-pulumi.sh leaves a copy for runners that do not come through here, is left off the CLI's PATH
 * (Pulumi finds its bundled plugins beside itself).
 */
export function preparePlugins(
  pulumi: PulumiInstall,
  options: { packageRoot: string; programDir: string; policyPacks: boolean; version: string },
): PluginPath {
  const first: string[] = [];
  const dynamicProvider = "pulumi-resource-pulumi-nodejs";
  if (!onPath(dynamicProvider) && !isExecutable(path.join(pulumi.binDir, dynamicProvider))) {
    try {
      first.push(path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [options.programDir] })));
    } catch {
      // No @pulumi/pulumi next to the program: the inline runner says so.
    }
  }
  if (!options.policyPacks) return { first, without: [] };
  const analyzer = path.join(options.packageRoot, "scripts/pulumi-analyzer-policy-nodejs");
  const ambient = onPath(path.basename(analyzer));
  // Only the CLI's own directory is left off PATH, and only when the plugins' `node` does not live there too.
  if (ambient !== undefined && (ambient !== pulumi.binDir || isExecutable(path.join(ambient, "node"))))
    return { first, without: [] };
  if (!cached("analyzer", "policy-nodejs", process.env)) {
    const installed = spawnSync(
      pulumi.binary,
      ["plugin", "install", "analyzer", "policy-nodejs", options.version, "--file", analyzer],
      { encoding: "utf8" },
    );
    if (installed.status !== 0) {
      throw new Error(
        `could not install the policy-pack plugin ${analyzer} into ${pluginCacheDir(process.env)}: ${installed.stderr.trim()}`,
      );
    }
  }
  return { first, without: ambient === undefined ? [] : [ambient] };
}
