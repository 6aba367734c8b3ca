/** The SMS stack of the end-to-end tests, shared with the fixture capture (scripts/sms-stack.ts). */
export { LONG_CODE, smsStack } from "../../scripts/sms-stack";
export type { SmsStack } from "../../scripts/sms-stack";
