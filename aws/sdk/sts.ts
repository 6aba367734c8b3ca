import type * as Sdk from "@aws-sdk/client-sts";
import { lazyModule } from "../../core/lazy-module";

/**
 * @aws-sdk/client-sts, loaded when a value below is first read (core/lazy-module.ts says why).
 * The classes used here are named below, as values and types; other types come from the package (`import type`).
 */
export declare const GetCallerIdentityCommand: typeof Sdk.GetCallerIdentityCommand;
export type GetCallerIdentityCommand = Sdk.GetCallerIdentityCommand;
export declare const STSClient: typeof Sdk.STSClient;
export type STSClient = Sdk.STSClient;

module.exports = lazyModule((): typeof Sdk => require("@aws-sdk/client-sts"));
