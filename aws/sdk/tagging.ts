import type * as Sdk from "@aws-sdk/client-resource-groups-tagging-api";
import { lazyModule } from "../../core/lazy-module";

/**
 * @aws-sdk/client-resource-groups-tagging-api, loaded when a value below is first read (core/lazy-module.ts says why).
 * The classes used here are named below, as values and types; other types come from the package (`import type`).
 */
export declare const GetResourcesCommand: typeof Sdk.GetResourcesCommand;
export type GetResourcesCommand = Sdk.GetResourcesCommand;
export declare const ResourceGroupsTaggingAPIClient: typeof Sdk.ResourceGroupsTaggingAPIClient;
export type ResourceGroupsTaggingAPIClient = Sdk.ResourceGroupsTaggingAPIClient;

module.exports = lazyModule((): typeof Sdk => require("@aws-sdk/client-resource-groups-tagging-api"));
