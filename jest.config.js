const { pathsToModuleNameMapper } = require("ts-jest");
const { compilerOptions } = require("typescript").readConfigFile(
  require.resolve("./tsconfig.json"),
  require("typescript").sys.readFile,
).config;

/**
 * Two projects so `npm test` can run them differently: the unit and contract suites (pure rules, the emulator over
 * HTTP, the provider's lifecycle in-process) in parallel workers, and the suites that drive the real `pulumi` CLI
 * or the packed package (each spawning a dozen processes that already use both cores) in band.
 * @type {import('jest').Config}
 */
const shared = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  // The package names the sources import each other by (connect-numbers/…, connect-numbers-emulator) load the
  // sources, as tsconfig.json's paths type them: the emulator package imports the product by name.
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: "<rootDir>/" }),
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/emulator/dist/"],
  setupFilesAfterEnv: ["<rootDir>/test/setup-env.ts"],
};
const endToEnd = ["<rootDir>/test/e2e/**/*.test.ts", "<rootDir>/test/differential/**/*.e2e.test.ts"];

module.exports = {
  // End-to-end tests run up to a dozen real `pulumi` commands (3-8 s each on a 2-core machine): 30 s was too tight.
  testTimeout: 180_000,
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
