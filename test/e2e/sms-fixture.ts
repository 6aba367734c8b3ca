/** The SMS stack of the end-to-end tests, shared with the fixture capture (scripts/sms-stack.ts). */
export { AWS_SMS_LIMIT, LONG_CODE, smsStack } from "../../scripts/sms-stack";
export type { SmsStack } from "../../scripts/sms-stack";
