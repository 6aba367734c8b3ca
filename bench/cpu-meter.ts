import * as fs from "node:fs";
import * as os from "node:os";

/**
 * What the machine did while a benchmark ran: this machine is shared (other sessions run their tests on the same 2
 * cores), so a wall time means little without the CPU the benchmark itself used and the CPU everything else took.
 * Linux only (/proc); elsewhere the CPU figures are left out.
 */
export interface CpuReading {
  wallMs: number;
  /** CPU of this process (emulator, call counter, bench) plus its waited-for children (pulumi and what it starts). */
  oursMs: number;
  /** CPU the whole machine was busy for (all cores, all processes). */
  machineMs: number;
  /** machineMs − oursMs: what other processes on the machine took meanwhile. */
  othersMs: number;
  cores: number;
  /** 1-minute load average at the end. */
  load1: number;
}

/** USER_HZ: the unit of /proc's CPU counters (100 on every Linux this runs on). */
const TICK_MS = 10;

function machineBusyMs(): number | undefined {
  const line = readProc("/proc/stat")?.split("\n")[0];
  if (!line?.startsWith("cpu ")) return undefined;
  // user nice system idle iowait irq softirq steal …: busy is everything but idle and iowait.
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + (steal ?? 0)) * TICK_MS;
}

/** CPU of the children this process has waited for (utime and stime are in `process.cpuUsage()`). */
function childrenMs(): number {
  const stat = readProc("/proc/self/stat");
  if (!stat) return 0;
  // Fields after the parenthesised command name: cutime and cstime are the 14th and 15th of them.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}

function readProc(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function ownMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000 + childrenMs();
}

/** Starts measuring; the returned function ends it. */
export function cpuMeter(): () => CpuReading {
  const started = performance.now();
  const machine0 = machineBusyMs();
  const ours0 = ownMs();
  return () => {
    const machine1 = machineBusyMs();
    const oursMs = ownMs() - ours0;
    const machineMs = machine0 === undefined || machine1 === undefined ? NaN : machine1 - machine0;
    return {
      wallMs: performance.now() - started,
      oursMs,
      machineMs,
      othersMs: Math.max(0, machineMs - oursMs),
      cores: os.cpus().length,
      load1: os.loadavg()[0],
    };
  };
}

/** "CPU 81 s ours + 40 s others of 2 × 70 s, load 2.3": one line for the notes next to a wall time. */
export function describeCpu(r: CpuReading): string {
  const s = (ms: number) => `${Math.round(ms / 1000)} s`;
  return `CPU ${s(r.oursMs)} ours + ${s(r.othersMs)} others of ${r.cores} × ${s(r.wallMs)} wall, load ${r.load1.toFixed(1)}`;
}
