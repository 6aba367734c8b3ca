import type * as Sdk from "@aws-sdk/client-dynamodb";
import { lazyModule } from "../../core/lazy-module";

/**
 * @aws-sdk/client-dynamodb, loaded when a value below is first read (core/lazy-module.ts says why).
 * The classes used here are named below, as values and types; other types come from the package (`import type`).
 */
export declare const BatchWriteItemCommand: typeof Sdk.BatchWriteItemCommand;
export type BatchWriteItemCommand = Sdk.BatchWriteItemCommand;
export declare const ConditionalCheckFailedException: typeof Sdk.ConditionalCheckFailedException;
export type ConditionalCheckFailedException = Sdk.ConditionalCheckFailedException;
export declare const CreateTableCommand: typeof Sdk.CreateTableCommand;
export type CreateTableCommand = Sdk.CreateTableCommand;
export declare const DeleteItemCommand: typeof Sdk.DeleteItemCommand;
export type DeleteItemCommand = Sdk.DeleteItemCommand;
export declare const DescribeTableCommand: typeof Sdk.DescribeTableCommand;
export type DescribeTableCommand = Sdk.DescribeTableCommand;
export declare const DynamoDBClient: typeof Sdk.DynamoDBClient;
export type DynamoDBClient = Sdk.DynamoDBClient;
export declare const GetItemCommand: typeof Sdk.GetItemCommand;
export type GetItemCommand = Sdk.GetItemCommand;
export declare const PutItemCommand: typeof Sdk.PutItemCommand;
export type PutItemCommand = Sdk.PutItemCommand;
export declare const QueryCommand: typeof Sdk.QueryCommand;
export type QueryCommand = Sdk.QueryCommand;
export declare const ResourceInUseException: typeof Sdk.ResourceInUseException;
export type ResourceInUseException = Sdk.ResourceInUseException;
export declare const ResourceNotFoundException: typeof Sdk.ResourceNotFoundException;
export type ResourceNotFoundException = Sdk.ResourceNotFoundException;

module.exports = lazyModule((): typeof Sdk => require("@aws-sdk/client-dynamodb"));
