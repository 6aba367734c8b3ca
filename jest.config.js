const { pathsToModuleNameMapper } = require("ts-jest");
const { compilerOptions } = require("typescript").readConfigFile(
  require.resolve("./tsconfig.json"),
  require("typescript").sys.readFile,
).config;

/**
 * Two projects so `npm test` can run them differently: the unit and contract suites (pure rules, the emulator over
 * HTTP, the provider's lifecycle in-process) in 2 workers, one a core, and the suites that drive the real `pulumi`
 * CLI or the packed package in 3. An end-to-end file keeps one core only 60-95% busy (a preview with the pack costs
 * about 5 s of CPU; the rest is waiting on process start-up, the emulator's delays and SMS timers): two workers
 * leave gaps, a third fills both cores. Each such test has its own emulator (port 0), Pulumi workspace
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
  // End-to-end tests run up to a dozen real `pulumi` commands (3-8 s each on a 2-core machine, more with 3 workers
  // sharing its cores): 30 s was too tight.
  testTimeout: 300_000,
  reporters: ["default", "<rootDir>/test/reporters/slowest-suites.js"],
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
    { ...shared, displayName: "e2e", testMatch: endToEnd },
  ],
};
