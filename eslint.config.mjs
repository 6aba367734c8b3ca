import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "**/node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable", process: "readonly", __dirname: "readonly", console: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // These load modules at run time from another directory (a Pulumi program's) or inside a serialized
    // dynamic-provider closure, where a top-level import would be captured: require() is the point.
    files: ["scripts/pulumi-inline.ts", "provider/**/*.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  ...layers({
    // The flow runs one way: pure rules, the AWS edge, the ledger, the account reader, then the faces. The plan
    // readers (plan/) turn a plan document into changes by core's rules alone.
    core: [],
    plan: ["core"],
    aws: ["core"],
    ledger: ["core", "aws"],
    account: ["core", "aws", "ledger"],
    provider: ["core", "aws", "ledger", "account"],
    policies: ["core", "aws", "ledger", "account"],
    cli: ["core", "aws", "ledger", "account", "emulator", "plan"],
    emulator: ["core", "aws", "ledger"],
  }),
);

/** One rule per folder: its non-test code may import only the folders listed (relative imports that climb out of it). */
function layers(allowed) {
  const folders = Object.keys(allowed);
  return folders.map((folder) => {
    const banned = folders.filter((f) => f !== folder && !allowed[folder].includes(f));
    return {
      files: [`${folder}/**/*.ts`],
      ignores: ["**/__tests__/**"],
      rules: {
        "no-restricted-imports": [
          "error",
          { patterns: banned.map((f) => ({ regex: `^(\\.\\./)+${f}(/|$)`, message: `${folder}/ may import only ${allowed[folder].join(", ") || "nothing outside core"}: the layers run core → aws → ledger → account → faces.` })) },
        ],
      },
    };
  });
}
