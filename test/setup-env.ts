import * as os from "node:os";
import * as path from "node:path";

// The AWS SDK warns on every process that Node 20 support ends in 2027; the project pins Node 20 knowingly.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
// The per-user churn ledger (ledger/settings.ts) that the CLI and the pack read when nothing names one: tests never
// read the developer's own (workspaces and in-process deployments name theirs).
process.env.XDG_STATE_HOME = path.join(os.tmpdir(), `connect-numbers-jest-${process.pid}`);
