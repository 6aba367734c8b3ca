import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Pulumi Cloud, the backend Pulumi uses when nothing names another. */
export const PULUMI_CLOUD = "https://api.pulumi.com";

/** Pulumi's own words when it cannot open or log in to the backend that keeps the stack's state. */
const BACKEND_TROUBLE = [
  /PULUMI_ACCESS_TOKEN must be set/,
  /unable to open bucket/,
  /not logged in/i,
  /failed to (log|sign) ?in/i,
  /getting user info/i,
  /invalid access token/i,
  /\b401\b|unauthorized/i,
  /could not (reach|connect)|connection refused|no such host/i,
];

/** The backend the Pulumi CLI uses: PULUMI_BACKEND_URL, else the one it last logged in to, else Pulumi Cloud. */
export function pulumiBackend(env: NodeJS.ProcessEnv = process.env): { url: string; from: string } {
  const fromEnv = env.PULUMI_BACKEND_URL?.trim();
  if (fromEnv) return { url: fromEnv, from: "PULUMI_BACKEND_URL" };
  const home = env.PULUMI_HOME?.trim() || path.join(env.HOME?.trim() || os.homedir(), ".pulumi");
  try {
    const { current } = JSON.parse(fs.readFileSync(path.join(home, "credentials.json"), "utf8")) as {
      current?: unknown;
    };
    if (typeof current === "string" && current !== "") return { url: current, from: "the last `pulumi login`" };
  } catch {
    // No login yet: Pulumi would use its cloud.
  }
  return { url: PULUMI_CLOUD, from: "Pulumi's default, no `pulumi login` yet" };
}

/**
 * What to do when Pulumi failed because of its backend (not logged in, a wrong PULUMI_BACKEND_URL, a backend that
 * does not answer), naming the backend; undefined for any other failure, whose own words say more.
 */
export function backendFix(stderr: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!BACKEND_TROUBLE.some((r) => r.test(stderr))) return undefined;
  const { url, from } = pulumiBackend(env);
  const token = url === PULUMI_CLOUD ? " (without a terminal: set PULUMI_ACCESS_TOKEN)" : "";
  return (
    `Pulumi cannot use the backend that keeps the stack's state, ${url} (${from}): log in to it with \`pulumi login ${url}\`${token}, ` +
    "or, if the stack lives elsewhere, set PULUMI_BACKEND_URL (or `pulumi login <url>`) to the backend `pulumi up` of this stack uses"
  );
}
