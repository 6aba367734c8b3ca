const { pathsToModuleNameMapper } = require("ts-jest");
const { compilerOptions } = require("typescript").readConfigFile(require.resolve("./tsconfig.json"), require("typescript").sys.readFile).config;

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  testMatch: ["<rootDir>/{core,aws,ledger,account,provider,policies,emulator,cli,scripts,test}/**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  // The package names the sources import each other by (connect-numbers/…, connect-numbers-emulator) load the
  // sources, as tsconfig.json's paths type them: the emulator package imports the product by name.
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: "<rootDir>/" }),
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/emulator/dist/"],
  setupFilesAfterEnv: ["<rootDir>/test/setup-env.ts"],
  // End-to-end tests run up to a dozen real `pulumi` commands (3-8 s each on a 2-core machine): 30 s was too tight.
  testTimeout: 180_000,
};
