/**
 * SMS origination numbers (AWS End User Messaging SMS and voice v2, `pinpoint-sms-voice-v2`): the resource kinds the
 * gates look for, their ARNs, the request token, which number a resource wants and when it must be replaced, and
 * whether a delete would be refused. Pure: the provider, the policy pack and the CLI all judge through here.
 */
export * from "./kinds";
export * from "./arn";
export * from "./token";
export * from "./wanted";
export * from "./delete";
export * from "./region";
