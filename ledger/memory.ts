import { KvLedger } from "./kv-ledger";
import { MemoryStore } from "./stores/memory";

/** The ledger in this process's memory: for unit tests, and the reference the durable stores are tested against. */
export class MemoryLedger extends KvLedger {
  constructor(ownerKeyOf?: (urn: string) => string) {
    super(new MemoryStore(), { ownerKeyOf });
  }
}
