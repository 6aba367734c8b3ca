/**
 * Prints the slowest test files at the end of a run, with the CPU each cost (test/reporters/suite-cpu.js records it
 * in the file's jest process), so the cost of `npm test` stays visible where it is paid: wall time alone misleads
 * when several workers or other work share the cores. CONNECT_NUMBERS_SUITE_CPU_CSV=<file> also writes every file's
 * figures there (file, wall seconds, CPU seconds), to compare runs file by file. Plain CommonJS: jest loads reporters
 * before any transform is set up.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

class SlowestSuites {
  constructor(_globalConfig, options = {}) {
    this.count = options.count ?? 10;
    // Made before jest starts its workers, which inherit the environment.
    this.cpuDir = fs.mkdtempSync(path.join(os.tmpdir(), "connect-numbers-suite-cpu-"));
    process.env.CONNECT_NUMBERS_SUITE_CPU_DIR = this.cpuDir;
  }

  onRunComplete(_contexts, results) {
    const cpu = this.readCpu();
    const suites = results.testResults
      .map((r) => ({
        file: r.testFilePath,
        seconds: (r.perfStats.end - r.perfStats.start) / 1000,
        cpu: cpu.get(r.testFilePath),
      }))
      .sort((a, b) => b.seconds - a.seconds);
    if (suites.length === 0) return;
    const cwd = process.cwd();
    const relative = (file) => (file.startsWith(cwd) ? file.slice(cwd.length + 1) : file);
    const csv = process.env.CONNECT_NUMBERS_SUITE_CPU_CSV;
    if (csv) {
      const rows = suites.map((s) => `${relative(s.file)},${s.seconds.toFixed(1)},${s.cpu?.toFixed(1) ?? ""}`);
      fs.writeFileSync(csv, ["file,wall_s,cpu_s", ...rows].join("\n") + "\n");
    }
    const cpuText = (seconds) => (seconds === undefined ? "      ?" : seconds.toFixed(1).padStart(7));
    const lines = suites
      .slice(0, this.count)
      .map((s) => `  ${s.seconds.toFixed(1).padStart(7)} s  ${cpuText(s.cpu)} s CPU  ${relative(s.file)}`);
    const totalCpu = [...cpu.values()].reduce((sum, seconds) => sum + seconds, 0);
    process.stderr.write(
      `\nThe ${lines.length} slowest test files (wall, CPU of the file and the processes it ran):\n${lines.join("\n")}\n` +
        `All ${suites.length} files: ${totalCpu.toFixed(0)} s CPU\n`,
    );
  }

  readCpu() {
    const cpu = new Map();
    for (const name of fs.readdirSync(this.cpuDir)) {
      const { file, seconds } = JSON.parse(fs.readFileSync(path.join(this.cpuDir, name), "utf8"));
      cpu.set(file, (cpu.get(file) ?? 0) + seconds);
    }
    fs.rmSync(this.cpuDir, { recursive: true, force: true });
    return cpu;
  }
}

module.exports = SlowestSuites;
