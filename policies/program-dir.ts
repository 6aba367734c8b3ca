import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_FILES, readProjectFile } from "../account/pulumi-project";
import { PackConfigError } from "./errors";

/**
 * The Pulumi program's working directory, which relative paths in the pack's config are relative to, as they are in
 * the program and the provider.
 *
 * The engine runs a policy pack in the pack's own directory and tells it the project and stack (PULUMI_PROJECT,
 * PULUMI_STACK) but not where the program is: the handshake's root and program directories are the pack's, and
 * PWD is whatever the shell or the plugin shim left. The process that started the pack is the `pulumi` CLI (or,
 * from Pulumi 3.221, the Node.js language host, which runs in the program's directory), and the CLI works in the
 * directory it found the project from. So: from each ancestor's working directory up, the first Pulumi.yaml whose
 * name is the engine's project, and the program directory Pulumi derives from it (its `main`, when that is a
 * directory or a file, as pkg/engine/project.go getPwdMain does).
 */
export function programDirectory(
  env: NodeJS.ProcessEnv = process.env,
  ancestors: () => string[] = ancestorDirectories,
): string | undefined {
  const project = env.PULUMI_PROJECT ?? env.PULUMI_NODEJS_PROJECT;
  if (!project) return undefined;
  for (const start of ancestors()) {
    const found = findProject(start, project);
    if (found) return found;
  }
  return undefined;
}

/** Resolves a path from the pack's config; a relative one needs the program's directory, or it is an error. */
export function resolveFromProgram(file: string, programDir: () => string | undefined): string {
  if (path.isAbsolute(file)) return file;
  const dir = programDir();
  if (dir === undefined) {
    throw new PackConfigError(
      `historyFiles: "${file}" is relative, and the Pulumi program's directory could not be found from the policy pack ` +
        "(it is found from the process that runs the pack and the project name the engine passes): give an absolute path",
    );
  }
  return path.resolve(dir, file);
}

function findProject(start: string, project: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    for (const file of PROJECT_FILES) {
      const candidate = path.join(dir, file);
      if (!fs.existsSync(candidate)) continue;
      const parsed = readProjectFile(candidate);
      if (parsed?.name === project) return workingDirectory(dir, parsed.main);
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function workingDirectory(root: string, main: string | undefined): string {
  if (!main) return root;
  const target = path.resolve(root, main);
  try {
    return fs.statSync(target).isDirectory() ? target : path.dirname(target);
  } catch {
    return root;
  }
}

/** Working directories of this process's ancestors, nearest first (Linux /proc; elsewhere lsof; else none). */
function ancestorDirectories(): string[] {
  const dirs: string[] = [];
  let pid = process.ppid;
  for (let depth = 0; depth < 4 && pid > 1; depth++) {
    const dir = cwdOf(pid);
    if (dir) dirs.push(dir);
    const parent = parentOf(pid);
    if (parent === undefined) break;
    pid = parent;
  }
  return dirs;
}

function cwdOf(pid: number): string | undefined {
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    // not Linux: lsof ships with macOS
  }
  try {
    const out = execFileSync("lsof", ["-a", "-p", String(pid), "-d", "cwd", "-Fn"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 5000,
    });
    return out
      .split("\n")
      .find((l) => l.startsWith("n"))
      ?.slice(1);
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so split after the last ")".
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    try {
      const ppid = Number(
        execFileSync("ps", ["-o", "ppid=", "-p", String(pid)], {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "ignore"],
          timeout: 5000,
        }).trim(),
      );
      return Number.isInteger(ppid) ? ppid : undefined;
    } catch {
      return undefined;
    }
  }
}
