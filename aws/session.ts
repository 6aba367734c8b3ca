import { stsSdk } from "./sdk";
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { ConnectClient } from "@aws-sdk/client-connect";
import type { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import type { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import type { STSClient } from "@aws-sdk/client-sts";
import { AwsSettings, cloudTrailClient, connectClient, serviceQuotasClient, stsClient, taggingClient } from "./clients";

/**
 * The service's notion of now, from the Date header of its responses: the churn window is AWS's, not this
 * machine's, and the emulator's clock can be moved by days. Never steps back: a later reading is never earlier
 * than an earlier one, so events this process stamped stay inside every window it computes afterwards.
 */
export class ServerClock {
  private offsetMs: number | undefined;
  private last = -Infinity;

  constructor(private readonly local: () => number = Date.now) {}

  observe(dateHeader: string | undefined): void {
    const server = dateHeader ? Date.parse(dateHeader) : NaN;
    // The header has whole seconds: the server's time is somewhere in [header, header + 1 s). Reading the top of
    // that range keeps a just-made event inside "now" (a second of over-counting at the window's far edge is the
    // safe side).
    if (!Number.isNaN(server)) this.offsetMs = server + 999 - this.local();
  }

  now(): number {
    this.last = Math.max(this.last, this.local() + (this.offsetMs ?? 0));
    return this.last;
  }
}

/** The clients of one region, sharing one clock. */
export interface AwsSession {
  region: string | undefined;
  connect: ConnectClient;
  cloudTrail: CloudTrailClient;
  quotas: ServiceQuotasClient;
  tagging: ResourceGroupsTaggingAPIClient;
  clock: ServerClock;
  /** The account the credentials belong to (STS GetCallerIdentity, asked once). */
  accountId(): Promise<string>;
  destroy(): void;
}

type AnyClient = ConnectClient | CloudTrailClient | ServiceQuotasClient | ResourceGroupsTaggingAPIClient | STSClient;

function watchDate(client: AnyClient, clock: ServerClock): void {
  (client.middlewareStack as ConnectClient["middlewareStack"]).add(
    (next) => async (args) => {
      const out = await next(args);
      const headers = (out.response as { headers?: Record<string, string> }).headers;
      clock.observe(headers?.date);
      return out;
    },
    { step: "deserialize", name: "connectNumbersServerClock" },
  );
}

/**
 * Each client is made when first used (its SDK package loads then): a preview that never reads CloudTrail or Service
 * Quotas never loads them.
 */
export function createSession(settings: AwsSettings): AwsSession {
  const clock = new ServerClock();
  const made: AnyClient[] = [];
  const once = <C extends AnyClient>(make: (settings: AwsSettings) => C): (() => C) => {
    let client: C | undefined;
    return () => {
      if (!client) {
        client = make(settings);
        watchDate(client, clock);
        made.push(client);
      }
      return client;
    };
  };
  const connect = once(connectClient);
  const cloudTrail = once(cloudTrailClient);
  const quotas = once(serviceQuotasClient);
  const tagging = once(taggingClient);
  const sts = once(stsClient);
  let account: Promise<string> | undefined;
  return {
    region: settings.region,
    get connect() {
      return connect();
    },
    get cloudTrail() {
      return cloudTrail();
    },
    get quotas() {
      return quotas();
    },
    get tagging() {
      return tagging();
    },
    clock,
    accountId() {
      account ??= sts()
        .send(new stsSdk.GetCallerIdentityCommand({}))
        .then((r) => {
          if (!r.Account) throw new Error("STS GetCallerIdentity returned no account");
          return r.Account;
        });
      account.catch(() => (account = undefined));
      return account;
    },
    destroy() {
      for (const c of made.splice(0)) c.destroy();
    },
  };
}
