import type * as Sdk from "@aws-sdk/client-cloudtrail";
import { lazyModule } from "../../core/lazy-module";

/**
 * @aws-sdk/client-cloudtrail, loaded when a value below is first read (core/lazy-module.ts says why).
 * The classes used here are named below, as values and types; other types come from the package (`import type`).
 */
export declare const CloudTrailClient: typeof Sdk.CloudTrailClient;
export type CloudTrailClient = Sdk.CloudTrailClient;
export declare const LookupEventsCommand: typeof Sdk.LookupEventsCommand;
export type LookupEventsCommand = Sdk.LookupEventsCommand;

module.exports = lazyModule((): typeof Sdk => require("@aws-sdk/client-cloudtrail"));
