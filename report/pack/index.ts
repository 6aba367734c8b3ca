/**
 * The pack's violation messages: the same verdicts as `check`'s report, in CrossGuard's dialect (policy config
 * names such as allowReleases, Pulumi advice only). Inputs are what policies/ reads; the words are here, one file per
 * job: the budget's verdicts, what a plan releases, what could not be read, and the advisory report.
 */
export type { PackBudget, PackWording } from "./budget";
export { churnMessage, overrunMessage, seenLine, unseenMessage } from "./budget";
export type { PackRelease, PackSmsRelease } from "./releases";
export { failOnReleaseMessage, refusedReleaseMessage, renameMessage } from "./releases";
export type { ReadFailure } from "./unreadable";
export { smsUnreadableMessage, unreadableMessage } from "./unreadable";
export type { PackReportInput } from "./report";
export { reportMessage, smsReportLines } from "./report";
