import type * as Sdk from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { lazyModule } from "../../core/lazy-module";

/**
 * @aws-sdk/client-pinpoint-sms-voice-v2, loaded when a value below is first read (core/lazy-module.ts says why).
 * The classes used here are named below, as values and types; other types come from the package (`import type`).
 */
export declare const AssociateOriginationIdentityCommand: typeof Sdk.AssociateOriginationIdentityCommand;
export type AssociateOriginationIdentityCommand = Sdk.AssociateOriginationIdentityCommand;
export declare const ConflictException: typeof Sdk.ConflictException;
export type ConflictException = Sdk.ConflictException;
export declare const DescribePhoneNumbersCommand: typeof Sdk.DescribePhoneNumbersCommand;
export type DescribePhoneNumbersCommand = Sdk.DescribePhoneNumbersCommand;
export declare const DisassociateOriginationIdentityCommand: typeof Sdk.DisassociateOriginationIdentityCommand;
export type DisassociateOriginationIdentityCommand = Sdk.DisassociateOriginationIdentityCommand;
export declare const ListTagsForResourceCommand: typeof Sdk.ListTagsForResourceCommand;
export type ListTagsForResourceCommand = Sdk.ListTagsForResourceCommand;
export declare const PinpointSMSVoiceV2Client: typeof Sdk.PinpointSMSVoiceV2Client;
export type PinpointSMSVoiceV2Client = Sdk.PinpointSMSVoiceV2Client;
export declare const ReleasePhoneNumberCommand: typeof Sdk.ReleasePhoneNumberCommand;
export type ReleasePhoneNumberCommand = Sdk.ReleasePhoneNumberCommand;
export declare const RequestPhoneNumberCommand: typeof Sdk.RequestPhoneNumberCommand;
export type RequestPhoneNumberCommand = Sdk.RequestPhoneNumberCommand;
export declare const ResourceNotFoundException: typeof Sdk.ResourceNotFoundException;
export type ResourceNotFoundException = Sdk.ResourceNotFoundException;
export declare const ServiceQuotaExceededException: typeof Sdk.ServiceQuotaExceededException;
export type ServiceQuotaExceededException = Sdk.ServiceQuotaExceededException;
export declare const TagResourceCommand: typeof Sdk.TagResourceCommand;
export type TagResourceCommand = Sdk.TagResourceCommand;
export declare const UntagResourceCommand: typeof Sdk.UntagResourceCommand;
export type UntagResourceCommand = Sdk.UntagResourceCommand;
export declare const UpdatePhoneNumberCommand: typeof Sdk.UpdatePhoneNumberCommand;
export type UpdatePhoneNumberCommand = Sdk.UpdatePhoneNumberCommand;

module.exports = lazyModule((): typeof Sdk => require("@aws-sdk/client-pinpoint-sms-voice-v2"));
