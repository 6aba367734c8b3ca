import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { ConnectClient } from "@aws-sdk/client-connect";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { AwsSettings, cloudTrailClient, connectClient, serviceQuotasClient } from "./clients";

/**
 * The service's notion of now, from the Date header of its responses: the churn window is AWS's, not this
 * machine's, and the emulator's clock can be moved by days.
 */
export class ServerClock {
  private offsetMs: number | undefined;

  observe(dateHeader: string | undefined): void {
    const server = dateHeader ? Date.parse(dateHeader) : NaN;
    // The header has whole seconds: the server's time is somewhere in [header, header + 1 s). Reading the top of
    // that range keeps a just-made event inside "now" (a second of over-counting at the window's far edge is the
    // safe side).
    if (!Number.isNaN(server)) this.offsetMs = server + 999 - Date.now();
  }

  now(): number {
    return Date.now() + (this.offsetMs ?? 0);
  }
}

export interface AwsSession {
  connect: ConnectClient;
  cloudTrail: CloudTrailClient;
  quotas: ServiceQuotasClient;
  clock: ServerClock;
  destroy(): void;
}

type AnyClient = ConnectClient | CloudTrailClient | ServiceQuotasClient;

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

export function createSession(settings: AwsSettings): AwsSession {
  const clock = new ServerClock();
  const connect = connectClient(settings);
  const cloudTrail = cloudTrailClient(settings);
  const quotas = serviceQuotasClient(settings);
  for (const c of [connect, cloudTrail, quotas]) watchDate(c, clock);
  return {
    connect,
    cloudTrail,
    quotas,
    clock,
    destroy() {
      connect.destroy();
      cloudTrail.destroy();
      quotas.destroy();
    },
  };
}
