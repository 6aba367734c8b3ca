import { PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { EmulatorOptions, RunningEmulator, SmsControl, startEmulator } from "..";
import { clientConfig } from "./fixture";

export interface SmsFixture {
  emu: RunningEmulator;
  sms: PinpointSMSVoiceV2Client;
  /** No retries: each call is one request, so faults and limits show as they are. */
  once: PinpointSMSVoiceV2Client;
  control: SmsControl;
  stop(): Promise<void>;
}

/** An emulator with SMS rate limiting off unless asked for: contract tests make many calls a second. */
export async function startSmsFixture(options: EmulatorOptions = {}): Promise<SmsFixture> {
  const emu = await startEmulator({ claimDelayMs: 0, ...options, sms: { rateLimit: null, ...(options.sms ?? {}) } });
  const sms = new PinpointSMSVoiceV2Client(clientConfig(emu.endpoint));
  const once = new PinpointSMSVoiceV2Client({ ...clientConfig(emu.endpoint), maxAttempts: 1 });
  return {
    emu,
    sms,
    once,
    control: new SmsControl(emu.endpoint),
    async stop() {
      sms.destroy();
      once.destroy();
      await emu.stop();
    },
  };
}

/** The error a promise rejects with (or fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error("expected the call to fail");
}
