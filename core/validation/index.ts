export * from "./arn";
export * from "./codes";
export * from "./enums";
export * from "./failure";
export * from "./phone";
export * from "./tags";
export * from "./inputs";
