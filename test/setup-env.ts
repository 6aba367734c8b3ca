import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// The AWS SDK warns on every process that Node 20 support ends in 2027; the project pins Node 20 knowingly.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

// Every Node.js process a test starts (Pulumi's plugins, the inline runner, the CLI) keeps its compiled code in a V8
// cache (test/compile-cache.js): most of each one's start-up is compiling @pulumi/pulumi or the AWS SDK again. And
// @pulumi/pulumi loads npm's arborist and TypeScript only when it uses them (test/lazy-requires.js): a quarter of a
// provider's or the pack's start-up, for code they never run. CONNECT_NUMBERS_COMPILE_CACHE=off
// (CONNECT_NUMBERS_LAZY_REQUIRES=off) runs them without it, to measure what it saves or to rule it out.
const requires = [
  { file: "compile-cache.js", off: process.env.CONNECT_NUMBERS_COMPILE_CACHE === "off" },
  { file: "lazy-requires.js", off: process.env.CONNECT_NUMBERS_LAZY_REQUIRES === "off" },
];
for (const { file, off } of requires) {
  const option = `--require ${JSON.stringify(path.join(__dirname, file))}`;
  if (!off && !(process.env.NODE_OPTIONS ?? "").includes(option))
    process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, option].filter(Boolean).join(" ");
}

// The per-user churn ledger (ledger/settings.ts) that the CLI and the pack read when nothing names one: tests never
// read the developer's own, and no test file reads one another file's run left behind (jest runs this file once per
// test file, and every file of a --runInBand run shares one process environment).
const stateHome = fs.mkdtempSync(path.join(os.tmpdir(), "connect-numbers-jest-"));
process.env.XDG_STATE_HOME = stateHome;
afterAll(() => fs.rmSync(stateHome, { recursive: true, force: true }));
