export type {
  ChurnLedger,
  ChurnWindowLedger,
  CommitResult,
  ImportResult,
  ImportedEvent,
  LedgerAdmin,
  LedgerScope,
  LedgerService,
  LedgerStatus,
  LedgerSyncRecord,
  Ownership,
  OwnershipIndex,
  ReserveOutcome,
  ReserveRequest,
} from "./types";
export { AssertionRefusedError, KvLedger } from "./kv-ledger";
export { MemoryLedger } from "./memory";
export { LedgerItemError, LedgerMissingError, LedgerUnusableError } from "./kv";
export { missingLedgerFile } from "./stores/file";
export type { KvCondition, KvItem, KvStore } from "./kv";
export { LedgerFullError, MAX_WINDOW_BYTES } from "./window";
export { openLedger } from "./open";
export type { OpenLedgerOptions } from "./open";
export {
  LEDGER_ENV,
  LedgerSettingError,
  defaultLedgerFile,
  describeLocation,
  parseLedgerSetting,
  chooseLedger,
} from "./settings";
export type { LedgerLocation } from "./settings";
export { HeldScope, configuredRegion, heldScope, resolveScope } from "./scope";
export { FutureAssertionError, ledgerHistory, ledgerSource } from "./history-source";
export type { ChurnRead, LedgerHistory, LedgerHistoryOptions } from "./history-source";
export { syncLedger } from "./sync";
export type { StackIndex, StackMark } from "./types";
export type { SyncOptions, SyncReport } from "./sync";
