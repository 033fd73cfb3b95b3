import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type {
  SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction,
} from "@prisma/driver-adapter-utils";
import type BetterSqlite3 from "better-sqlite3";
import type { Sql, SqlTx } from "../../core/sql.js";

type Release = () => void;

/**
 * How DateTime columns are stored: the Prisma adapter is told this explicitly (rather than relying
 * on its default) and the SQL port below writes the same text, so each reads the other's
 * timestamps and they compare correctly as text in SQL. ISO 8601 with an explicit "+00:00" offset.
 */
export const sqliteTimestampFormat = "iso8601" as const;

/** A date as both the Prisma adapter (with `sqliteTimestampFormat`) and the SQL port store it. */
export function sqliteTimestamp(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

interface Connected {
  adapter: SqlDriverAdapter;
  db: BetterSqlite3.Database;
  acquire(): Promise<Release>;
}

/**
 * One SQLite connection per process, shared by the Prisma client and the SQL port, with one
 * queue in front of it. The stock adapter serialises transactions against each other but lets a
 * statement from outside a transaction run while one is open, so it would join (and could be
 * rolled back with) somebody else's transaction; here every statement outside a transaction
 * waits for the open one. The SQL port runs its transactions in the same queue, on the same
 * connection, with cached prepared statements.
 */
export class SerialSqliteAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider = "sqlite" as const;
  readonly adapterName = "@prisma/adapter-better-sqlite3";
  readonly #inner: PrismaBetterSQLite3;
  #connected: Promise<Connected> | null = null;

  constructor(file: string, busyTimeoutMs = 5000) {
    this.#inner = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: busyTimeoutMs }, { timestampFormat: sqliteTimestampFormat });
  }

  async connect(): Promise<SqlDriverAdapter> {
    return (await this.#connect()).adapter;
  }

  #connect(): Promise<Connected> {
    this.#connected ??= this.#inner.connect().then((inner) => {
      // The adapter keeps its better-sqlite3 handle as `client` (adapter 6.19); the SQL port needs it.
      const db = (inner as unknown as { client?: BetterSqlite3.Database }).client;
      if (!db || typeof db.prepare !== "function") throw new Error("@prisma/adapter-better-sqlite3 no longer exposes its connection; see bot/db/sqlite-adapter.ts");
      const acquire = mutex();
      const adapter = serialise(inner, acquire, () => {
        this.#connected = null;
      });
      return { adapter, db, acquire };
    });
    return this.#connected;
  }

  /** The SQL port onto this connection. */
  sql(): Sql {
    const statements = new Map<string, BetterSqlite3.Statement>();
    return {
      dialect: "sqlite",
      transaction: async (fn) => {
        const { db, acquire } = await this.#connect();
        const release = await acquire();
        try {
          db.prepare("BEGIN").run();
          try {
            const result = await fn(runner(db, statements));
            db.prepare("COMMIT").run();
            return result;
          } catch (e) {
            if (db.inTransaction) db.prepare("ROLLBACK").run();
            throw e;
          }
        } finally {
          release();
        }
      },
    };
  }
}

function mutex(): () => Promise<Release> {
  let tail: Promise<void> = Promise.resolve();
  return () => {
    let release!: Release;
    const held = new Promise<void>((r) => (release = r));
    const ready = tail.then(() => release);
    tail = tail.then(() => held);
    return ready;
  };
}

function toSqlite(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === "boolean") return v ? 1 : 0;
  // The same text form the Prisma adapter writes (see sqliteTimestampFormat).
  if (v instanceof Date) return sqliteTimestamp(v);
  return v;
}

function runner(db: BetterSqlite3.Database, cache: Map<string, BetterSqlite3.Statement>): SqlTx {
  const prepare = (sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      if (cache.size > 500) cache.clear();
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  return {
    async query<R extends Record<string, unknown>>(sql: string, args: readonly unknown[] = []) {
      const stmt = prepare(sql);
      const params = args.map(toSqlite);
      if (!stmt.reader) {
        stmt.run(params);
        return [];
      }
      return (stmt.all(params) as Record<string, unknown>[]).map((row) => {
        for (const k in row) if (typeof row[k] === "bigint") row[k] = Number(row[k]);
        return row as R;
      });
    },
    async execute(sql: string, args: readonly unknown[] = []) {
      return prepare(sql).run(args.map(toSqlite)).changes;
    },
  };
}

function serialise(inner: SqlDriverAdapter, acquire: () => Promise<Release>, onDispose: () => void): SqlDriverAdapter {
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
    dispose: () => {
      onDispose();
      return inner.dispose();
    },
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
