/**
 * `connect-numbers pulumi` chooses between plain `pulumi` (a CLI with its Node.js language host, as every official
 * install has) and running the program inline (a CLI without one). A stand-in `pulumi` that prints its arguments
 * shows which path was taken, for both kinds of CLI, without running a real program.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT, runProcess } from "../../scripts/pulumi-workspace";

const BIN = path.join(REPO_ROOT, "bin/connect-numbers");
const PROGRAM = path.join(REPO_ROOT, "test/e2e/programs/smoke");

describe("connect-numbers pulumi", () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "cn-runner-"));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A CLI directory whose `pulumi` prints its arguments, with or without a language host beside it. */
  function fakeCli(languageHost: boolean): string {
    const dir = path.join(root, languageHost ? "official" : "built");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "pulumi"), '#!/bin/sh\necho "args: $*"\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, "pulumi-resource-pulumi-nodejs"), "#!/bin/sh\n", { mode: 0o755 });
    if (languageHost) fs.writeFileSync(path.join(dir, "pulumi-language-nodejs"), "#!/bin/sh\n", { mode: 0o755 });
    return dir;
  }

  const run = (cli: string, args: string[]) =>
    runProcess(BIN, ["pulumi", "--cwd", PROGRAM, ...args], {
      env: { ...process.env, CONNECT_NUMBERS_PULUMI_BIN: cli, PULUMI_HOME: path.join(root, "home") },
    });

  it("is plain pulumi where the CLI has its Node.js language host", async () => {
    const result = await run(fakeCli(true), ["preview", "--non-interactive"]);
    expect(result).toMatchObject({ code: 0, stdout: "args: preview --non-interactive\n", stderr: "" });
  });

  it("serves the program inline where it has not, and passes other commands straight through", async () => {
    const cli = fakeCli(false);
    const preview = await run(cli, ["preview", "--non-interactive"]);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/^args: preview --non-interactive --client=127\.0\.0\.1:\d+ --exec-kind inline\n$/);
    expect((await run(cli, ["stack", "ls"])).stdout).toBe("args: stack ls\n");
  });

  it("refuses an ES module program it cannot load inline, saying why and what to do, before running pulumi", async () => {
    const program = path.join(root, "esm-program");
    fs.mkdirSync(program);
    fs.writeFileSync(
      path.join(program, "Pulumi.yaml"),
      "name: esm-program\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n",
    );
    fs.writeFileSync(
      path.join(program, "package.json"),
      JSON.stringify({ name: "esm-program", type: "module", main: "index.ts" }),
    );
    fs.writeFileSync(
      path.join(program, "index.ts"),
      'import * as connect from "connect-numbers/provider";\nexport const type = connect.PhoneNumber.name;\n',
    );
    const result = await runProcess(BIN, ["pulumi", "--cwd", program, "preview", "--non-interactive"], {
      env: { ...process.env, CONNECT_NUMBERS_PULUMI_BIN: fakeCli(false) },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      `${path.join(program, "index.ts")} is an ES module ("type": "module" in ${path.join(program, "package.json")})`,
    );
    expect(result.stderr).toContain('make the program CommonJS (remove "type": "module"');
  });

  it("says what is missing: no Pulumi CLI, no Pulumi project", async () => {
    const noCli = await runProcess(BIN, ["pulumi", "preview"], {
      env: {
        ...process.env,
        CONNECT_NUMBERS_PULUMI_BIN: root,
        PATH: "/usr/bin:/bin",
        XDG_CACHE_HOME: root,
        CONNECT_NUMBERS_CACHE: root,
      },
    });
    expect(noCli.code).toBe(1);
    expect(noCli.stderr).toMatch(
      /^connect-numbers pulumi: no pulumi CLI found: install it .* or set CONNECT_NUMBERS_PULUMI_BIN/,
    );
    const noProject = await runProcess(BIN, ["pulumi", "--cwd", root, "preview"], {
      env: { ...process.env, CONNECT_NUMBERS_PULUMI_BIN: fakeCli(false) },
    });
    expect(noProject.stderr).toContain(`no Pulumi.yaml in ${root}`);
  });
});
