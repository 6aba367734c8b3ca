export { HistorySourceError, readHistory } from "./history";
export type { AccountHistory, HistoryRequest } from "./history";
export { AccountReadError, RegionReader, regionReader } from "./region-reader";
export type { Connection, StackNumbersRead } from "./region-reader";
export type { OwnedNumber, OwnedNumbersSource, StackNumbers } from "./owned-numbers";
export type { LedgerHandle } from "./ledger-index";
