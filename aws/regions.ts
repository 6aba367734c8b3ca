import { AwsSettings } from "./clients";
import { AwsSession, createSession } from "./session";

/**
 * One session per region. A number lives in one region: asking another region's endpoint about it answers
 * NotFound, which must never be read as "released". Claims, releases, moves and lookups of a number go through
 * the session of its own region; the endpoint, profile and credentials are the same for all.
 */
export class RegionSessions {
  private readonly sessions = new Map<string, AwsSession>();

  constructor(private readonly settings: AwsSettings) {}

  /** The default region: stack config, else AWS_REGION; undefined when neither is set. */
  get defaultRegion(): string | undefined {
    return this.settings.region;
  }

  session(region: string): AwsSession {
    let s = this.sessions.get(region);
    if (!s) {
      s = createSession({ ...this.settings, region });
      this.sessions.set(region, s);
    }
    return s;
  }

  destroy(): void {
    for (const s of this.sessions.values()) s.destroy();
    this.sessions.clear();
  }
}
