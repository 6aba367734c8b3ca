export { HistorySourceError, readHistory } from "./history";
export type { AccountHistory, HistoryRequest } from "./history";
export { AccountReadError, RegionReader, regionReader } from "./region-reader";
export type { Connection, StackNumbersRead } from "./region-reader";
export type { StackHeldNumber, OwnedNumbersSource, StackNumbers } from "./owned-numbers";
export type { LedgerHandle } from "./ledger-index";
export { instanceQuota, quotaOfTarget, readWindow, unseenDays, windowRule } from "./window";
export type { AccountReads, AccountWindow, CapacityRead, CapacityRequest, WindowSettings } from "./window";
export type { ReaderSources } from "./region-reader";
