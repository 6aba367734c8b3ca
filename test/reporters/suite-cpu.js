/**
 * Records the CPU time one test file costs (its jest process's and that of the processes it ran and waited for:
 * pulumi, its plugins, the CLI) for the slowest-suites reporter, which names the directory in
 * CONNECT_NUMBERS_SUITE_CPU_DIR. Wall time alone misleads on a shared machine or with several workers.
 * Runs as a setupFilesAfterEnv file, before the test file is loaded, so its transform counts too. Plain CommonJS.
 */
/* global expect, afterAll */
const fs = require("node:fs");
const path = require("node:path");

/** Seconds of CPU of this process and of its waited-for children (Linux /proc; elsewhere this process alone). */
function cpuSeconds() {
  try {
    const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    // utime, stime, cutime, cstime: fields 14-17 of proc(5), in clock ticks (100 a second on Linux).
    return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / 100;
  } catch {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  }
}

const dir = process.env.CONNECT_NUMBERS_SUITE_CPU_DIR;
if (dir && fs.existsSync(dir)) {
  const start = cpuSeconds();
  const file = expect.getState().testPath;
  afterAll(() => {
    const record = path.join(dir, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(record, JSON.stringify({ file, seconds: cpuSeconds() - start }));
  });
}
