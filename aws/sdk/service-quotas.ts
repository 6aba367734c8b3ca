import type * as Sdk from "@aws-sdk/client-service-quotas";
import { lazyModule } from "../../core/lazy-module";

/**
 * @aws-sdk/client-service-quotas, loaded when a value below is first read (core/lazy-module.ts says why).
 * The classes used here are named below, as values and types; other types come from the package (`import type`).
 */
export declare const GetServiceQuotaCommand: typeof Sdk.GetServiceQuotaCommand;
export type GetServiceQuotaCommand = Sdk.GetServiceQuotaCommand;
export declare const ServiceQuotasClient: typeof Sdk.ServiceQuotasClient;
export type ServiceQuotasClient = Sdk.ServiceQuotasClient;

module.exports = lazyModule((): typeof Sdk => require("@aws-sdk/client-service-quotas"));
