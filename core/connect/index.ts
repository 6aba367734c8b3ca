/** Amazon Connect numbers: the resource kinds the gates read, ARNs, the wanted-number rule, and the delete rule. */
export * from "./kinds";
export * from "./arn";
export * from "./wanted";
export * from "./delete";
export * from "./kept-for";
export * from "./declared-elsewhere";
export * from "./stack-allowance";
export * from "./failed-claim";
