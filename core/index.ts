/**
 * Glossary (one noun per concept):
 * - WantedNumber / WantedSmsNumber (core/connect, core/sms): the number a resource's inputs ask for, parsed once.
 * - HeldNumber / HeldSmsNumber: a number the account holds. `Known<HeldNumber, K>` where a reader vouches for K
 *   (the pack's StackHeldNumber: its owner; DescribedHeldNumber in the provider: as DescribePhoneNumber says it).
 * - forcingInputs / forcingSmsInputs: the inputs that force a new number; meets / meetsSms: a held number satisfies
 *   the wanted one. Hold (provider): one resource instance's hold on its number (owner, lease).
 * - CONNECT_NUMBER_RESOURCE_TYPES: resource type tokens of Connect numbers; PHONE_NUMBER_TYPES: AWS's DID, TOLL_FREE, ….
 */
export * from "./config-list";
export * from "./explain";
export * from "./history";
export * from "./history-file";
export * from "./in-flight";
export * from "./owner";
export * from "./capacity";
export * from "./coverage";
export * from "./renames";
export * from "./released-once";
export * from "./pairing";
export * from "./pending-delete";
export * from "./connect";
export * from "./plan";
export * from "./quota";
export * from "./settings";
export * from "./token";
export * from "./verdict";
export * from "./waves";
export * from "./validation";
export * from "./inputs";
export * from "./fleet";
export * from "./set-props";
export * from "./set-members";
export * from "./set-release";
export * from "./set-growth";
export * from "./declared-twice";
export * from "./unknown";
export type { SameType } from "./same-type";
export * from "./known";
