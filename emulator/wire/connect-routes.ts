import * as numbers from "../state/numbers";
import * as queries from "../state/queries";
import { importPhoneNumber } from "../sms/connect-import";
import { EmulatorStore } from "../state/store";
import { CallContext } from "./respond";

export interface RestCall {
  store: EmulatorStore;
  ctx: CallContext;
  /** Path labels, already percent-decoded. */
  labels: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
  claimFailure: () => string | undefined;
}

export interface Route {
  operation: string;
  method: string;
  /** Matched against the raw (still percent-encoded) path, so an ARN label with %2F stays one segment. */
  pattern: RegExp;
  mutates: boolean;
  handle(call: RestCall): unknown;
}

const SEG = "([^/]+)";
const route = (operation: string, method: string, path: string, mutates: boolean, handle: Route["handle"]): Route => ({
  operation,
  method,
  pattern: new RegExp(`^${path}$`),
  mutates,
  handle,
});

/** restJson1 routes of the phone-number operations, as @aws-sdk/client-connect sends them. */
export const CONNECT_ROUTES: Route[] = [
  route("ClaimPhoneNumber", "POST", "/phone-number/claim", true, (c) =>
    numbers.claimPhoneNumber(c.store, c.ctx, c.body, { failWith: c.claimFailure() }),
  ),
  route("ImportPhoneNumber", "POST", "/phone-number/import", true, (c) => importPhoneNumber(c.store, c.ctx, c.body)),
  route("ListPhoneNumbersV2", "POST", "/phone-number/list", false, (c) =>
    queries.listPhoneNumbersV2(c.store, c.ctx, c.body),
  ),
  route("SearchAvailablePhoneNumbers", "POST", "/phone-number/search-available", false, (c) =>
    queries.searchAvailablePhoneNumbers(c.store, c.ctx, c.body),
  ),
  route("UpdatePhoneNumberMetadata", "PUT", `/phone-number/${SEG}/metadata`, true, (c) =>
    numbers.updatePhoneNumberMetadata(c.store, c.ctx, c.labels[0], c.body),
  ),
  route("AssociatePhoneNumberContactFlow", "PUT", `/phone-number/${SEG}/contact-flow`, true, (c) =>
    queries.associateContactFlow(c.store, c.ctx, c.labels[0], c.body),
  ),
  route("DisassociatePhoneNumberContactFlow", "DELETE", `/phone-number/${SEG}/contact-flow`, true, (c) =>
    queries.disassociateContactFlow(c.store, c.ctx, c.labels[0]),
  ),
  route("DescribePhoneNumber", "GET", `/phone-number/${SEG}`, false, (c) =>
    numbers.describePhoneNumber(c.store, c.ctx, c.labels[0]),
  ),
  route("ReleasePhoneNumber", "DELETE", `/phone-number/${SEG}`, true, (c) =>
    numbers.releasePhoneNumber(c.store, c.ctx, c.labels[0], c.query),
  ),
  route("UpdatePhoneNumber", "PUT", `/phone-number/${SEG}`, true, (c) =>
    numbers.updatePhoneNumber(c.store, c.ctx, c.labels[0], c.body),
  ),
  route("ListPhoneNumbers", "GET", `/phone-numbers-summary/${SEG}`, false, (c) =>
    queries.listPhoneNumbersV1(c.store, c.ctx, c.labels[0], c.query),
  ),
  route("ListFlowAssociations", "GET", `/flow-associations-summary/${SEG}`, false, (c) =>
    queries.listFlowAssociations(c.store, c.ctx, c.labels[0], c.query),
  ),
  // Tags: the SDK sends the ARN as one segment with %2F; other clients send it raw (moto matches .+ and unquotes).
  route("TagResource", "POST", "/tags/(.+)", true, (c) => queries.tagResource(c.store, c.ctx, c.labels[0], c.body)),
  route("UntagResource", "DELETE", "/tags/(.+)", true, (c) =>
    queries.untagResource(c.store, c.ctx, c.labels[0], c.query),
  ),
  route("ListTagsForResource", "GET", "/tags/(.+)", false, (c) =>
    queries.listTagsForResource(c.store, c.ctx, c.labels[0]),
  ),
];

export function matchRoute(method: string, rawPath: string): { route: Route; labels: string[] } | undefined {
  for (const r of CONNECT_ROUTES) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(rawPath);
    if (m) return { route: r, labels: m.slice(1).map((s) => decodeURIComponent(s)) };
  }
  return undefined;
}
