/** The type token of the PhoneNumber resource, which policies and the CLI look for (defined with the owner identity). */
export { PHONE_NUMBER_TYPE } from "../core/owner";
