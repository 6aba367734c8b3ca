import type { SmsSeedRequest } from "./control";
import type { SmsEvent, SmsPool, SmsSettings } from "./model";
import type { numberInformation } from "./numbers";

export type SmsNumberView = ReturnType<typeof numberInformation>;

/** The SMS control plane over HTTP (/_emulator/sms/), for tests, the demo and people. */
export class SmsControl {
  constructor(readonly endpoint: string) {}

  private async call<T>(method: string, path: string, body?: unknown, query = ""): Promise<T> {
    const res = await fetch(`${this.endpoint}/_emulator/sms/${path}${query}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /_emulator/sms/${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  settings(
    patch?: Partial<Omit<SmsSettings, "pendingMs">> & { pendingMs?: Partial<SmsSettings["pendingMs"]> },
  ): Promise<SmsSettings> {
    return patch === undefined ? this.call("GET", "settings") : this.call("PATCH", "settings", patch);
  }

  seed(
    request: SmsSeedRequest,
  ): Promise<{ numbers: Array<{ phoneNumberId: string; phoneNumberArn: string; phoneNumber: string }> }> {
    return this.call("POST", "seed", request);
  }

  numbers(
    where: { accountId?: string; region?: string } = {},
  ): Promise<{ numbers: SmsNumberView[]; pools: SmsPool[]; released: string[] }> {
    return this.call("GET", "numbers", undefined, query(where));
  }

  async events(
    where: { accountId?: string; region?: string } = {},
  ): Promise<Array<SmsEvent & { accountId: string; region: string; time: string }>> {
    return (
      await this.call<{ events: Array<SmsEvent & { accountId: string; region: string; time: string }> }>(
        "GET",
        "events",
        undefined,
        query(where),
      )
    ).events;
  }
}

function query(where: { accountId?: string; region?: string }): string {
  const q = new URLSearchParams(
    Object.entries(where).filter(([, v]) => v !== undefined) as Array<[string, string]>,
  ).toString();
  return q ? `?${q}` : "";
}
