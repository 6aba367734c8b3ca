import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { PulumiWorkspace } from "../../../scripts/pulumi-workspace";

/** The version the stand-in reports; any installed `aws` plugin serves a resource registered without a version. */
export const STAND_IN_VERSION = "7.0.0";

/**
 * Installs the stand-in pulumi-aws plugin (./provider.ts) into the workspace's plugin cache as `resource-aws`, the
 * way a real plugin is installed, and points it (and only the AWS SDK's Connect client) at the emulator.
 */
export async function installStandInAws(
  ws: PulumiWorkspace,
  emulator: { endpoint: string; region: string },
): Promise<void> {
  const dir = path.join(ws.root, "stand-in-aws");
  fs.mkdirSync(dir);
  const source = fs.readFileSync(path.join(__dirname, "provider.ts"), "utf8");
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  // Inside the workspace, whose node_modules links this repository's packages (@pulumi/pulumi, the AWS SDK).
  fs.writeFileSync(path.join(dir, "provider.js"), js);
  const plugin = path.join(dir, "pulumi-resource-aws");
  fs.writeFileSync(
    plugin,
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(dir, "provider.js"))} "$@"\n`,
    { mode: 0o755 },
  );
  await ws.pulumiOk(["plugin", "install", "resource", "aws", STAND_IN_VERSION, "--file", plugin]);
  Object.assign(ws.env, {
    AWS_ENDPOINT_URL_CONNECT: emulator.endpoint,
    AWS_REGION: emulator.region,
    AWS_ACCESS_KEY_ID: "stand-in",
    AWS_SECRET_ACCESS_KEY: "stand-in",
  });
}
