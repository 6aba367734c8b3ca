import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { dynamoDbClient } from "../../aws/clients";
import { RunningEmulator, startEmulator } from "../../emulator";
import { KvStore } from "../kv";
import { DynamoDbStore } from "../stores/dynamodb";
import { FileStore } from "../stores/file";
import { MemoryStore } from "../stores/memory";

/** The three stores the contract runs against; each `make` gives a fresh, initialised one. */
export interface StoreKind {
  name: string;
  setup(): Promise<void>;
  make(): Promise<KvStore>;
  teardown(): Promise<void>;
}

export function storeKinds(): StoreKind[] {
  let dir = "";
  let emu: RunningEmulator | undefined;
  let tables = 0;
  return [
    {
      name: "memory",
      setup: async () => undefined,
      make: async () => new MemoryStore(),
      teardown: async () => undefined,
    },
    {
      name: "file",
      setup: async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-ledger-"));
      },
      make: async () => {
        const store = new FileStore(path.join(dir, `ledger-${++tables}.json`));
        await store.init();
        return store;
      },
      teardown: async () => fs.rmSync(dir, { recursive: true, force: true }),
    },
    {
      name: "dynamodb (dynalite through the emulator)",
      setup: async () => {
        emu = await startEmulator();
      },
      make: async () => {
        const store = new DynamoDbStore(
          dynamoDbClient({ endpoint: emu!.endpoint, region: emu!.region }),
          `ledger-${++tables}`,
          emu!.region,
        );
        await store.init();
        return store;
      },
      teardown: async () => emu?.stop(),
    },
  ];
}
