/** The type token of the PhoneNumber resource, which policies and the CLI look for. */
export const PHONE_NUMBER_TYPE = "pulumi-nodejs:dynamic/connect:PhoneNumber";
