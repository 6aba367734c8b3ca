/**
 * Prints the slowest test files at the end of a run, so the cost of `npm test` stays visible where it is paid.
 * Plain CommonJS: jest loads reporters before any transform is set up.
 */
class SlowestSuites {
  constructor(_globalConfig, options = {}) {
    this.count = options.count ?? 10;
  }

  onRunComplete(_contexts, results) {
    const suites = results.testResults
      .map((r) => ({ file: r.testFilePath, seconds: (r.perfStats.end - r.perfStats.start) / 1000 }))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, this.count);
    if (suites.length === 0) return;
    const cwd = process.cwd();
    const lines = suites.map(
      (s) =>
        `  ${s.seconds.toFixed(1).padStart(7)} s  ${s.file.startsWith(cwd) ? s.file.slice(cwd.length + 1) : s.file}`,
    );
    process.stderr.write(`\nThe ${suites.length} slowest test files:\n${lines.join("\n")}\n`);
  }
}

module.exports = SlowestSuites;
