import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type {
  SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction,
} from "@prisma/driver-adapter-utils";

/**
 * One SQLite connection is shared by every caller. The stock adapter serialises transactions
 * against each other but lets a query from outside a transaction run on the connection while a
 * transaction is open, so it would join (and could be rolled back with) somebody else's
 * transaction. This factory queues every statement outside a transaction behind the open one.
 */
export class SerialSqliteAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider = "sqlite" as const;
  readonly adapterName = "@prisma/adapter-better-sqlite3";
  readonly #inner: PrismaBetterSQLite3;

  constructor(file: string, busyTimeoutMs = 5000) {
    this.#inner = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: busyTimeoutMs });
  }

  async connect(): Promise<SqlDriverAdapter> {
    return serialise(await this.#inner.connect());
  }
}

function serialise(inner: SqlDriverAdapter): SqlDriverAdapter {
  let tail: Promise<void> = Promise.resolve();
  const acquire = (): Promise<() => void> => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const ready = tail.then(() => release);
    tail = tail.then(() => held);
    return ready;
  };
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    const release = await acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (q: SqlQuery) => exclusive(() => inner.queryRaw(q)),
    executeRaw: (q: SqlQuery) => exclusive(() => inner.executeRaw(q)),
    executeScript: (s: string) => exclusive(() => inner.executeScript(s)),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => inner.dispose(),
    async startTransaction(isolationLevel): Promise<Transaction> {
      const release = await acquire();
      let tx: Transaction;
      try {
        tx = await inner.startTransaction(isolationLevel);
      } catch (e) {
        release();
        throw e;
      }
      let done = false;
      const finish = async (end: () => Promise<void>) => {
        try {
          await end();
        } finally {
          if (!done) {
            done = true;
            release();
          }
        }
      };
      return {
        provider: tx.provider,
        adapterName: tx.adapterName,
        options: tx.options,
        queryRaw: (q) => tx.queryRaw(q),
        executeRaw: (q) => tx.executeRaw(q),
        commit: () => finish(() => tx.commit()),
        rollback: () => finish(() => tx.rollback()),
      };
    },
  };
}
