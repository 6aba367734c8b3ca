/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  testMatch: ["<rootDir>/{core,plan,aws,ledger,account,provider,policies,emulator,cli,scripts,test}/**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  modulePathIgnorePatterns: ["<rootDir>/dist/"],
  setupFilesAfterEnv: ["<rootDir>/test/setup-env.ts"],
  // End-to-end tests run up to a dozen real `pulumi` commands (3-8 s each on a 2-core machine): 30 s was too tight.
  testTimeout: 180_000,
};
