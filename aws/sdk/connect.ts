import type * as Sdk from "@aws-sdk/client-connect";
import { lazyModule } from "../../core/lazy-module";

/**
 * @aws-sdk/client-connect, loaded when a value below is first read (core/lazy-module.ts says why).
 * The classes used here are named below, as values and types; other types come from the package (`import type`).
 */
export declare const ClaimPhoneNumberCommand: typeof Sdk.ClaimPhoneNumberCommand;
export type ClaimPhoneNumberCommand = Sdk.ClaimPhoneNumberCommand;
export declare const ConnectClient: typeof Sdk.ConnectClient;
export type ConnectClient = Sdk.ConnectClient;
export declare const DescribePhoneNumberCommand: typeof Sdk.DescribePhoneNumberCommand;
export type DescribePhoneNumberCommand = Sdk.DescribePhoneNumberCommand;
export declare const IdempotencyException: typeof Sdk.IdempotencyException;
export type IdempotencyException = Sdk.IdempotencyException;
export declare const InvalidParameterException: typeof Sdk.InvalidParameterException;
export type InvalidParameterException = Sdk.InvalidParameterException;
export declare const ListPhoneNumbersV2Command: typeof Sdk.ListPhoneNumbersV2Command;
export type ListPhoneNumbersV2Command = Sdk.ListPhoneNumbersV2Command;
export declare const ReleasePhoneNumberCommand: typeof Sdk.ReleasePhoneNumberCommand;
export type ReleasePhoneNumberCommand = Sdk.ReleasePhoneNumberCommand;
export declare const ResourceInUseException: typeof Sdk.ResourceInUseException;
export type ResourceInUseException = Sdk.ResourceInUseException;
export declare const ResourceNotFoundException: typeof Sdk.ResourceNotFoundException;
export type ResourceNotFoundException = Sdk.ResourceNotFoundException;
export declare const SearchAvailablePhoneNumbersCommand: typeof Sdk.SearchAvailablePhoneNumbersCommand;
export type SearchAvailablePhoneNumbersCommand = Sdk.SearchAvailablePhoneNumbersCommand;
export declare const TagResourceCommand: typeof Sdk.TagResourceCommand;
export type TagResourceCommand = Sdk.TagResourceCommand;
export declare const UntagResourceCommand: typeof Sdk.UntagResourceCommand;
export type UntagResourceCommand = Sdk.UntagResourceCommand;
export declare const UpdatePhoneNumberCommand: typeof Sdk.UpdatePhoneNumberCommand;
export type UpdatePhoneNumberCommand = Sdk.UpdatePhoneNumberCommand;
export declare const UpdatePhoneNumberMetadataCommand: typeof Sdk.UpdatePhoneNumberMetadataCommand;
export type UpdatePhoneNumberMetadataCommand = Sdk.UpdatePhoneNumberMetadataCommand;

module.exports = lazyModule((): typeof Sdk => require("@aws-sdk/client-connect"));
