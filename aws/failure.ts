import { callRecordOf, causeChain } from "./attempts";
import { MAX_ATTEMPTS, REQUEST_TIMEOUT_ENV, isLoopback, requestTimeoutMs } from "./clients";

/**
 * What a failed AWS call means for the person who can fix it, said once for every face (CLI, provider): an endpoint
 * nothing answers at, no credentials, or a permission AWS denied. The SDK's own words ("connect ECONNREFUSED
 * 127.0.0.1:4566", "Could not load credentials from any providers", "AccessDeniedException") name no fix.
 */

/** Where the CLI is told the endpoint, in its messages. */
export const ENDPOINT_SETTING = "--endpoint, or run in the Pulumi project whose connect-numbers:endpoint names it";

/** The SDK's network errors, as Node names them: the SDK wraps them after its retries, keeping the code. */
const NETWORK = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH)\b/;
const NO_CREDENTIALS = "Could not load credentials from any providers";

function textOf(err: unknown): string {
  const { name, code, message } = (err ?? {}) as { name?: string; code?: string; message?: string };
  return `${name ?? ""} ${code ?? ""} ${message ?? String(err)}`;
}

/** Nothing answered at the endpoint (refused, unknown host, timed out): no request reached a service. */
export function isUnreachable(err: unknown): boolean {
  if (isUnanswered(err)) return false;
  return NETWORK.test(textOf(err)) || /did not establish a connection/.test(textOf(err));
}

/**
 * A connection was made but no answer came within the request timeout (aws/clients.ts requestTimeoutMs), on every
 * attempt: the call may have reached the service, so what it did is unknown.
 */
export function isUnanswered(err: unknown): boolean {
  const { name, message } = (err ?? {}) as { name?: string; message?: string };
  return name === "TimeoutError" && !/did not establish a connection/.test(message ?? "");
}

/** The unanswered call's error an error is, or wraps (through `cause`): what a reader's own error may carry. */
export function unansweredIn(err: unknown): unknown {
  for (const e of causeChain(err)) if (isUnanswered(e)) return e;
  return undefined;
}

/**
 * "AWS did not answer CloudTrail LookupEvents within 30 s, on each of up to 6 attempts": the call, when the error
 * carries its record (aws/attempts.ts), and the fix, the network or more time: never a permission, for nothing
 * refused. Said the same by every face.
 */
export function unansweredSentence(err?: unknown): string {
  const record = callRecordOf(err);
  const call = [record?.service, record?.operation].filter((w) => w).join(" ");
  return (
    `AWS did not answer${call === "" ? "" : ` ${call}`} within ${requestTimeoutMs() / 1000} s, on each of up to ${MAX_ATTEMPTS} attempts: check the endpoint and ` +
    `this machine's network, or give AWS longer (${REQUEST_TIMEOUT_ENV}=<seconds>)`
  );
}

export function isMissingCredentials(err: unknown): boolean {
  return (
    (err as { name?: string } | undefined)?.name === "CredentialsProviderError" || textOf(err).includes(NO_CREDENTIALS)
  );
}

/** AWS refused the call for want of a permission. */
export function isAccessDenied(err: unknown): boolean {
  const { name, Code, $metadata } = (err ?? {}) as {
    name?: string;
    Code?: string;
    $metadata?: { httpStatusCode?: number };
  };
  return (
    /AccessDenied|UnauthorizedOperation|NotAuthorized/.test(`${name ?? ""} ${Code ?? ""}`) ||
    $metadata?.httpStatusCode === 403
  );
}

/**
 * An AWS service answered the call with an error (the SDK's service exceptions carry `$fault`): a refusal, a
 * throttle after the SDK's retries, a fault of the service. What the call was to read is unknown.
 */
export function isServiceFailure(err: unknown): boolean {
  return (err as { $fault?: unknown } | undefined)?.$fault !== undefined;
}

/** The endpoint a network error names ("127.0.0.1:4566"), when it names one. */
function addressIn(err: unknown): string | undefined {
  const text = textOf(err);
  return (
    /\b(?:ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET) ((?:\[[^\]]+\]|[\w.-]+):\d+)/.exec(text)?.[1] ??
    /\b(?:ENOTFOUND|EAI_AGAIN) ([\w.-]+\.[\w-]+)/.exec(text)?.[1]
  );
}

/**
 * "the endpoint http://127.0.0.1:4566 cannot be reached (ECONNREFUSED): …" with the fix: start the emulator for an
 * endpoint on this machine, else check the endpoint, the region and the network. `setting` says where the endpoint
 * is set in this face's words ("--endpoint", "connect-numbers:endpoint").
 */
export function unreachableSentence(err: unknown, endpoint: string | undefined, setting: string): string {
  const code = NETWORK.exec(textOf(err))?.[1] ?? "no answer";
  const where = endpoint ?? addressIn(err);
  const local = isLoopback(endpoint) || (endpoint === undefined && /^(127\.|localhost|\[::1\])/.test(where ?? ""));
  const fix = local
    ? `nothing answers there: start the emulator (\`connect-numbers emulator\`) and give the endpoint it prints as ${setting}`
    : `check ${setting} and the region (without ${setting} the SDK calls AWS's own endpoint of the region) and this machine's network`;
  return `the endpoint ${where ?? "of the region"} cannot be reached (${code}): ${fix}`;
}

/**
 * A message whose cause is a network error, with Node's own clause of it ("connect ECONNREFUSED 127.0.0.1:1")
 * replaced by unreachableSentence, which names the same address and code with the fix: said once, not twice.
 */
export function withUnreachableSentence(message: string, err: unknown, setting: string): string {
  const sentence = unreachableSentence(err, undefined, setting);
  const raw =
    /(?:(?:connect|getaddrinfo|read|write) )?(?:ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH)(?: (?:\[[^\]]+\]|[\w.-]+)(?::\d+)?)?/;
  const context = message.replace(raw, "").replace(/[\s:(),-]+$/, "");
  return context === "" ? sentence : `${context}: ${sentence}`;
}

/** The fix for missing credentials; an endpoint on this machine (the emulator) needs none. */
export function credentialsSentence(setting: string): string {
  return (
    "no AWS credentials were found. Against AWS: run `aws configure` or `aws sso login`, or set AWS_PROFILE " +
    `(or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY). Against the emulator: give its endpoint (${setting}), which needs no credentials`
  );
}

/**
 * What to do about a failed call in one clause: the credentials, the endpoint, or (AWS answered and refused) the
 * permission to grant.
 */
export function failureFix(err: unknown, o: { endpoint: string | undefined; setting: string; grant: string }): string {
  if (isMissingCredentials(err)) return credentialsSentence(o.setting);
  if (isUnanswered(err)) return unansweredSentence(err);
  if (isUnreachable(err)) return unreachableSentence(err, o.endpoint, o.setting);
  return `grant ${o.grant}`;
}
