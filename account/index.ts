export { HistorySourceError, readHistory } from "./history";
export type { AccountHistory, HistoryRequest } from "./history";
