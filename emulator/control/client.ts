import type { EmulatorSettings, StateDocument } from "../state/model";
import type { Fault, RateLimit } from "./faults";

export interface EmulatorInfo {
  endpoint: string;
  accountId: string;
  region: string;
  now: string;
  instances: string[];
  trafficDistributionGroups: string[];
  settings: EmulatorSettings;
}

export interface EmulatorEvent {
  eventId: string;
  at: number;
  time: string;
  action: "claim" | "release" | "import";
  /** Absent for a seeded event that names no number. */
  phoneNumber?: string;
  phoneNumberId?: string;
  targetArn: string;
  clientToken?: string;
  accountId: string;
  region: string;
}

export interface SeedRequest {
  accountId?: string;
  region?: string;
  numbers?: Array<{
    phoneNumber?: string;
    countryCode?: string;
    type?: string;
    targetArn?: string;
    description?: string;
    tags?: Record<string, string>;
  }>;
  count?: number;
  events?: Array<{
    at: number | string;
    action: "claim" | "release" | "import";
    phoneNumber?: string;
    phoneNumberId?: string;
  }>;
  targets?: Array<{ kind: "instance" | "traffic-distribution-group"; name: string }>;
  takenElsewhere?: string[];
}

export class EmulatorControlError extends Error {}

/** A refusal's own sentence (the emulator answers `{ "__type", "message" }`), else the body as it came. */
function messageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { __type?: unknown; message?: unknown };
    if (typeof parsed.message === "string") return `${String(parsed.__type ?? "")}: ${parsed.message}`;
  } catch {
    // not JSON: said as it came
  }
  return body;
}

/** The control plane over HTTP: the same for an embedded emulator and one started by `connect-numbers emulator`. */
export class EmulatorControl {
  constructor(readonly endpoint: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.endpoint}/_emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch((err: Error) => {
      // fetch says only "fetch failed": name the endpoint, the cause and what to do.
      const cause = err.cause instanceof Error ? err.cause.message : err.message;
      throw new EmulatorControlError(
        `cannot reach the emulator at ${this.endpoint} (${method} /_emulator/${path}: ${cause}): is it running? ` +
          "Start it with `connect-numbers emulator` and give the endpoint it prints (--endpoint, or connect-numbers:endpoint in the stack's config).",
      );
    });
    const text = await res.text();
    if (!res.ok) throw new EmulatorControlError(`${method} /_emulator/${path}: ${res.status} ${messageOf(text)}`);
    return JSON.parse(text) as T;
  }

  info(): Promise<EmulatorInfo> {
    return this.call("GET", "info");
  }
  reset(settings: Partial<EmulatorSettings> = {}): Promise<void> {
    return this.call("POST", "reset", settings);
  }
  settings(patch: Partial<EmulatorSettings>): Promise<EmulatorSettings> {
    return this.call("PATCH", "settings", patch);
  }
  clock(
    change: { set?: number | string; advanceMs?: number; advanceDays?: number; freeze?: boolean } = {},
  ): Promise<{ now: string; ms: number; frozen: boolean }> {
    return this.call("POST", "clock", change);
  }
  async events(): Promise<EmulatorEvent[]> {
    return (await this.call<{ events: EmulatorEvent[] }>("GET", "events")).events;
  }
  seed(
    request: SeedRequest,
  ): Promise<{ numbers: Array<{ phoneNumberId: string; phoneNumber: string }>; targets: string[] }> {
    return this.call("POST", "seed", request);
  }
  fault(fault: {
    operation?: string;
    kind: Fault["kind"];
    count?: number;
    message?: string;
    latencyMs?: number;
    then?: Fault["then"];
  }): Promise<unknown> {
    return this.call("POST", "faults", fault);
  }
  faults(): Promise<{ faults: Fault[]; rateLimit?: RateLimit }> {
    return this.call("GET", "faults");
  }
  rateLimit(limit: RateLimit | null): Promise<unknown> {
    return this.call("POST", "faults", { rateLimit: limit });
  }
  clearFaults(): Promise<unknown> {
    return this.call("DELETE", "faults");
  }
  state(): Promise<StateDocument> {
    return this.call("GET", "state");
  }
  restore(doc: StateDocument): Promise<void> {
    return this.call("PUT", "state", doc);
  }
}
