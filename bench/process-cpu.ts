import * as fs from "node:fs";

/**
 * Where the CPU of one `pulumi` run goes, by role: the Pulumi engine (Go), the program (Node: Pulumi's SDK, our
 * resource classes and the runner relaying the engine's output), our dynamic provider (Node), the policy pack, and
 * this process (the emulator, its embedded DynamoDB and the call counter). Each descendant's CPU is sampled from
 * /proc every SAMPLE_MS; a process that exits loses at most its last interval. Linux only: elsewhere roles read 0.
 */
export type Role = "engine" | "program" | "provider" | "policy pack" | "emulator & bench" | "other";

const SAMPLE_MS = 500;
/** USER_HZ, as in cpu-meter.ts. */
const TICK_MS = 10;

interface Stat {
  pid: number;
  ppid: number;
  comm: string;
  cpuMs: number;
}

function statOf(pid: number): Stat | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const open = text.indexOf("(");
    const close = text.lastIndexOf(")");
    const rest = text.slice(close + 2).split(" ");
    return {
      pid,
      ppid: Number(rest[1]),
      comm: text.slice(open + 1, close),
      cpuMs: (Number(rest[11]) + Number(rest[12])) * TICK_MS,
    };
  } catch {
    return undefined;
  }
}

function allStats(): Map<number, Stat> {
  const out = new Map<number, Stat>();
  let pids: string[] = [];
  try {
    pids = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const p of pids) {
    const s = statOf(Number(p));
    if (s) out.set(s.pid, s);
  }
  return out;
}

/** The role of a descendant of `root`, from the chain of commands between it and root. */
function roleOf(pid: number, stats: Map<number, Stat>, root: number): Role | undefined {
  const chain: Stat[] = [];
  for (let s = stats.get(pid); s && s.pid !== root; s = stats.get(s.ppid)) {
    chain.push(s);
    if (s.ppid === root) {
      if (chain.some((c) => c.comm.startsWith("pulumi-resource"))) return "provider";
      if (chain.some((c) => c.comm.startsWith("pulumi-analyzer"))) return "policy pack";
      if (chain[0].comm.startsWith("pulumi")) return "engine";
      // Node runs the program: in the runner itself (scripts/pulumi-inline.js, an inline program the engine calls
      // back), or under the engine's language host.
      return chain[0].comm === "node" ? "program" : "other";
    }
  }
  return undefined;
}

/** Starts sampling; the returned function stops and gives CPU ms by role. */
export function processCpuSampler(): () => Record<Role, number> {
  const root = process.pid;
  const seen = new Map<number, { role: Role; from: number; last: number }>();
  const own0 = process.cpuUsage();
  let starting = true;
  const sample = () => {
    const stats = allStats();
    for (const s of stats.values()) {
      const known = seen.get(s.pid);
      if (known) known.last = s.cpuMs;
      else {
        const role = roleOf(s.pid, stats, root);
        // A process already running is counted from now; one started later, from its start.
        if (role) seen.set(s.pid, { role, from: starting ? s.cpuMs : 0, last: s.cpuMs });
      }
    }
    starting = false;
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return () => {
    clearInterval(timer);
    sample();
    const own = process.cpuUsage(own0);
    const out: Record<Role, number> = {
      engine: 0,
      program: 0,
      provider: 0,
      "policy pack": 0,
      "emulator & bench": (own.user + own.system) / 1000,
      other: 0,
    };
    for (const v of seen.values()) out[v.role] += v.last - v.from;
    return out;
  };
}
