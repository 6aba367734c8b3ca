import * as fs from "node:fs";
import * as path from "node:path";
import * as lockfile from "proper-lockfile";
import { ItemWrite, KvCondition, KvItem, KvStore, LedgerMissingError, conditionHolds } from "../kv";

const FORMAT = "connect-numbers-ledger/1";

interface FileDocument {
  format: typeof FORMAT;
  items: Record<string, { v: number; d: Record<string, unknown> }>;
}

/**
 * The ledger in one JSON file, for one person's machine. Every write takes the file's lock (proper-lockfile: a
 * `<file>.lock` directory, safe across processes, stale after 10 s if its holder died), reads the file, checks the
 * condition, and replaces the file by rename: readers never see half a file, and need no lock.
 */
/** What every face says of a ledger file that is not there, and how to make it. */
export function missingLedgerFile(file: string): string {
  return `ledger file ${file} does not exist: create it with \`connect-numbers ledger init --ledger file:${file}\``;
}

export class FileStore implements KvStore {
  readonly description: string;
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * `absentReadsEmpty`: a file not written yet reads as an empty ledger (a gate judging a stack whose provider will
   * create it on its first claim or release sees what that provider will see); else it is LedgerMissingError.
   */
  constructor(
    readonly file: string,
    private readonly absentReadsEmpty = false,
  ) {
    this.description = `file ${file}`;
  }

  private static key(pk: string, sk: string): string {
    return `${pk}\n${sk}`;
  }

  private read(): FileDocument {
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        if (this.absentReadsEmpty) return { format: FORMAT, items: {} };
        throw new LedgerMissingError(missingLedgerFile(this.file));
      }
      throw new Error(
        `ledger file ${this.file} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}): check its permissions`,
      );
    }
    const restore =
      "restore it from a backup, or move it away and run `connect-numbers ledger init` then `ledger sync`";
    if (text.trim() === "")
      throw new Error(`ledger file ${this.file} is empty (a write cut off by a full disk or a crash?): ${restore}`);
    let doc: FileDocument;
    try {
      doc = JSON.parse(text) as FileDocument;
    } catch {
      throw new Error(`ledger file ${this.file} is not JSON (${text.length} bytes; cut off, or edited?): ${restore}`);
    }
    if (doc.format !== FORMAT)
      throw new Error(
        `ledger file ${this.file} has format ${JSON.stringify(doc.format)}, expected ${FORMAT}: it was written by another version`,
      );
    return doc;
  }

  private write(doc: FileDocument): void {
    const tmp = path.join(path.dirname(this.file), `.${path.basename(this.file)}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, JSON.stringify(doc));
    fs.renameSync(tmp, this.file);
  }

  /** One change at a time in this process, under the file's lock across processes. */
  private change<T>(mutate: (doc: FileDocument) => { result: T; dirty: boolean }): Promise<T> {
    const run = this.queue.then(async () => {
      if (!fs.existsSync(this.file)) this.read();
      let compromised: Error | undefined;
      const release = await lockfile.lock(this.file, {
        stale: 10_000,
        retries: { retries: 2_000, factor: 1.3, minTimeout: 2, maxTimeout: 50, randomize: true },
        onCompromised: (err) => {
          compromised = err;
        },
      });
      try {
        const doc = this.read();
        const { result, dirty } = mutate(doc);
        if (compromised)
          throw new Error(
            `ledger file ${this.file}: lost its lock (${compromised.message}); nothing was written, try again`,
          );
        if (dirty) this.write(doc);
        return result;
      } finally {
        await release().catch(() => undefined);
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async get(pk: string, sk: string): Promise<KvItem | undefined> {
    const stored = this.read().items[FileStore.key(pk, sk)];
    return stored && { pk, sk, version: stored.v, data: stored.d };
  }

  putIf(item: KvItem, condition: KvCondition): Promise<boolean> {
    return this.change((doc) => {
      const key = FileStore.key(item.pk, item.sk);
      const stored = doc.items[key];
      const current = stored && { pk: item.pk, sk: item.sk, version: stored.v, data: stored.d };
      if (!conditionHolds(current, condition)) return { result: false, dirty: false };
      doc.items[key] = { v: item.version, d: item.data };
      return { result: true, dirty: true };
    });
  }

  put(item: KvItem): Promise<void> {
    return this.putAll([item]);
  }

  putAll(items: readonly KvItem[]): Promise<void> {
    return this.change((doc) => {
      for (const item of items) doc.items[FileStore.key(item.pk, item.sk)] = { v: item.version, d: item.data };
      return { result: undefined, dirty: items.length > 0 };
    });
  }

  /** One write of the file for all of them: they share its outcome (a failed rename may still have landed). */
  putEach(items: readonly KvItem[]): Promise<ItemWrite[]> {
    return this.putAll(items).then(
      () => items.map(() => ({ written: true as const })),
      (err: unknown) => items.map(() => ({ written: "unknown" as const, err: err as Error })),
    );
  }

  deleteIf(pk: string, sk: string, version?: number): Promise<boolean> {
    return this.change((doc) => {
      const key = FileStore.key(pk, sk);
      const stored = doc.items[key];
      if (!stored) return { result: true, dirty: false };
      if (version !== undefined && stored.v !== version) return { result: false, dirty: false };
      delete doc.items[key];
      return { result: true, dirty: true };
    });
  }

  async query(pk: string, skPrefix: string): Promise<KvItem[]> {
    const prefix = FileStore.key(pk, skPrefix);
    return Object.entries(this.read().items)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, stored]) => ({ pk, sk: key.slice(pk.length + 1), version: stored.v, data: stored.d }))
      .sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
  }

  /** The partitions the file holds items of ("<account>/<region>" first): reads it, so its own problems come first. */
  async partitions(): Promise<string[]> {
    return [...new Set(Object.keys(this.read().items).map((key) => key.slice(0, key.indexOf("\n"))))];
  }

  async init(): Promise<boolean> {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    try {
      // "wx": exactly one of two racing inits creates the file.
      fs.writeFileSync(this.file, JSON.stringify({ format: FORMAT, items: {} } satisfies FileDocument), { flag: "wx" });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") {
        this.read();
        return false;
      }
      throw new Error(
        `ledger file ${this.file} cannot be created (${(err as NodeJS.ErrnoException).code ?? String(err)}): check the directory's permissions`,
      );
    }
  }

  async close(): Promise<void> {
    await this.queue;
  }
}
