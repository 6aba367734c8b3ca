import { z } from "zod";
import { AwsSettings, isLoopback, regionOrEnv } from "../../../aws/clients";
import { readStackConfig } from "../../runtime/stack-config";

/** Stack config the OriginationNumber's configure() reads, under `connect-numbers:` (shared keys with PhoneNumber). */
export interface SmsProviderConfig {
  /** Where SMS and voice v2 is: region and profile as for Connect; the endpoint only when it is the emulator's. */
  aws: AwsSettings;
  /** How long create and update wait for ACTIVE when the resource does not say (waitForActiveSeconds). */
  waitForActiveSeconds: number;
}

const whole = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().min(0));

const schema = z.object({
  region: z.string().optional(),
  endpoint: z.string().url().optional(),
  smsEndpoint: z.string().url().optional(),
  profile: z.string().optional(),
  smsWaitForActiveSeconds: whole.default(600),
});

/**
 * `connect-numbers:endpoint` names Connect's endpoint; SMS and voice v2 has its own (sms-voice.<region>.amazonaws.com),
 * so it is used for SMS only when it is the emulator (loopback), which serves both. `smsEndpoint` overrides.
 */
export function parseSmsConfig(
  get: (key: string) => string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): SmsProviderConfig {
  const c = readStackConfig(schema, get);
  const endpoint = c.smsEndpoint ?? (isLoopback(c.endpoint) ? c.endpoint : undefined);
  return {
    aws: { region: regionOrEnv(c.region, env), endpoint, profile: c.profile },
    waitForActiveSeconds: c.smsWaitForActiveSeconds,
  };
}
