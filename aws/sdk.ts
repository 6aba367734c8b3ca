import type * as CloudTrail from "@aws-sdk/client-cloudtrail";
import type * as Connect from "@aws-sdk/client-connect";
import type * as DynamoDb from "@aws-sdk/client-dynamodb";
import type * as SmsVoice from "@aws-sdk/client-pinpoint-sms-voice-v2";
import type * as Tagging from "@aws-sdk/client-resource-groups-tagging-api";
import type * as ServiceQuotas from "@aws-sdk/client-service-quotas";
import type * as Sts from "@aws-sdk/client-sts";
import { lazyModule } from "../core/lazy-module";

/*
 * The AWS SDK's service packages, each loaded when one of its values is first read (core/lazy-module.ts says why).
 * Read a value at its use (`new connectSdk.ClaimPhoneNumberCommand(…)`), not into a variable at import, and take
 * types from the package itself (`import type`), which loads nothing.
 */
export const cloudTrailSdk = lazyModule((): typeof CloudTrail => require("@aws-sdk/client-cloudtrail"));
export const connectSdk = lazyModule((): typeof Connect => require("@aws-sdk/client-connect"));
export const dynamoDbSdk = lazyModule((): typeof DynamoDb => require("@aws-sdk/client-dynamodb"));
export const smsVoiceSdk = lazyModule((): typeof SmsVoice => require("@aws-sdk/client-pinpoint-sms-voice-v2"));
export const taggingSdk = lazyModule((): typeof Tagging => require("@aws-sdk/client-resource-groups-tagging-api"));
export const serviceQuotasSdk = lazyModule((): typeof ServiceQuotas => require("@aws-sdk/client-service-quotas"));
export const stsSdk = lazyModule((): typeof Sts => require("@aws-sdk/client-sts"));
