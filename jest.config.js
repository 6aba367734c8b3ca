const { pathsToModuleNameMapper } = require("ts-jest");
const { compilerOptions } = require("typescript").readConfigFile(
  require.resolve("./tsconfig.json"),
  require("typescript").sys.readFile,
).config;

/**
 * Two projects: the unit and contract suites (pure rules, the emulator over HTTP, the provider's lifecycle
 * in-process), and the suites that drive the real `pulumi` CLI or the packed package (`--selectProjects` runs one).
 * `npm test` runs both in one run of 4 workers on a 2-core machine: an end-to-end file keeps one core only 60-95%
 * busy (the rest is waiting on process start-up, the emulator's delays and SMS timers), and several files wait most
 * of their time (SDK retry backoff, SMS review, CloudTrail's delivery): the other workers fill those gaps (3 workers:
 * 608 s for the whole command; 4: 582 s), where two runs one after the other left the cores idle through each run's
 * last long files. The long files
 * start first (test/reporters/long-first.js). Each end-to-end test has its own emulator (port 0), Pulumi workspace
 * (backend, PULUMI_HOME, temp dir) and per-user state (test/setup-env.ts), so files share nothing but the cores.
 * @type {import('jest').Config}
 */
const shared = {
  testEnvironment: "node",
  // Transpile only (isolatedModules): `npm test` type-checks the whole tree with tsc first, and ts-jest's own check
  // repeated that work once per test file and worker (two thirds of the unit suites' CPU on a cold cache).
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: { ...compilerOptions, isolatedModules: true } }] },
  // The package names the sources import each other by (connect-numbers/…, connect-numbers-emulator) load the
  // sources, as tsconfig.json's paths type them: the emulator package imports the product by name.
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: "<rootDir>/" }),
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/emulator/dist/"],
  setupFilesAfterEnv: ["<rootDir>/test/setup-env.ts", "<rootDir>/test/reporters/suite-cpu.js"],
};
const endToEnd = ["<rootDir>/test/e2e/**/*.test.ts", "<rootDir>/test/differential/**/*.e2e.test.ts"];

module.exports = {
  // End-to-end tests run up to a dozen real `pulumi` commands (3-8 s each on a 2-core machine, more with 4 workers
  // sharing its cores): 30 s was too tight.
  testTimeout: 300_000,
  reporters: ["default", "<rootDir>/test/reporters/slowest-suites.js"],
  testSequencer: "<rootDir>/test/reporters/long-first.js",
  projects: [
    {
      ...shared,
      displayName: "unit",
      testMatch: ["<rootDir>/**/*.test.ts"],
      testPathIgnorePatterns: [
        "/node_modules/",
        "<rootDir>/dist/",
        "<rootDir>/emulator/dist/",
        "<rootDir>/test/e2e/",
        "\\.e2e\\.test\\.ts$",
      ],
    },
    {
      ...shared,
      displayName: "e2e",
      testMatch: endToEnd,
      // Before suite-cpu.js: jest runs a file's afterAll hooks in the order they were made, and the file's CPU counts
      // its program runners once they have ended.
      setupFilesAfterEnv: [
        "<rootDir>/test/setup-env.ts",
        "<rootDir>/test/setup-e2e.ts",
        "<rootDir>/test/reporters/suite-cpu.js",
      ],
    },
  ],
};
