export type {
  ChurnLedger,
  CommitResult,
  ImportResult,
  ImportedEvent,
  LedgerAdmin,
  LedgerScope,
  LedgerService,
  LedgerStatus,
  LedgerSyncRecord,
  Ownership,
  ReserveOutcome,
  ReserveRequest,
} from "./types";
export { KvLedger } from "./kv-ledger";
export { MemoryLedger } from "./memory";
export { LedgerMissingError } from "./kv";
export type { KvCondition, KvItem, KvStore } from "./kv";
export { LedgerFullError, MAX_WINDOW_BYTES } from "./window";
export { openLedger } from "./open";
export type { OpenLedgerOptions } from "./open";
export { LEDGER_ENV, LedgerSettingError, defaultLedgerFile, describeLocation, parseLedgerSetting, chooseLedger } from "./settings";
export type { LedgerLocation } from "./settings";
export { resolveScope } from "./scope";
export { ledgerHistory, ledgerSource } from "./history-source";
export type { LedgerHistory, LedgerHistoryOptions } from "./history-source";
export { syncLedger } from "./sync";
export type { StackIndex, StackMark } from "./stack-marks";
export type { SyncOptions, SyncReport } from "./sync";
