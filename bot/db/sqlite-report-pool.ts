import os from "node:os";
import type { ResourceLimits } from "node:worker_threads";
import {
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type QueryCompiler,
} from "kysely";
import type { DB, Db } from "../../core/db.js";
import { EmptyInLists } from "./empty-in-lists.js";
import { closedError, ReportConnection } from "./sqlite-report-connection.js";

export interface SqliteReportPoolOptions {
  /** Worker threads, each with its own connection (default: 2, or 1 on a single-core machine). */
  size?: number;
  /**
   * Each worker's heap limits (Node's defaults otherwise): a report whose rows outgrow them ends its
   * own worker, which is replaced, and that report fails; the service goes on.
   */
  resourceLimits?: ResourceLimits;
}

export interface SqliteReportPool {
  /** Reads only: a write, or a transaction, is refused. */
  db: Db;
  /** Ends the workers; a statement still running fails, and so does every later one. */
  close(): Promise<void>;
}

/**
 * Read-only connections to a SQLite file for the long reads (the dashboard's KPIs), each in a
 * worker thread of its own.
 *
 * better-sqlite3 runs a statement whole on the thread that calls it. On the service's one
 * connection, a KPI read's statements ran in turn on the main thread and held the event loop for
 * as long as they took all together. Here each statement runs on a free worker (waiting, first come
 * first served, when all are busy), so the statements a read issues together run side by side,
 * while the main thread answers requests. In WAL mode these readers do not block the writer nor
 * it them; each statement reads the database as of its start, so it may miss a commit made at
 * that moment, and two statements of one read may see different moments.
 *
 * Rows come back as on the main connection (the worker converts them alike), except BLOBs, which
 * postMessage delivers as Uint8Array rather than Buffer. Rows are copied between threads, by column
 * (packed-rows.ts): this is for reads that aggregate or page, not for reading tables out. A
 * statement may also be streamed (Kysely's `stream`): its worker posts the rows a chunk at a time
 * as it reads them, ahead of the caller.
 * @see https://www.sqlite.org/wal.html#concurrency
 */
export function openSqliteReportPool(file: string, opts: SqliteReportPoolOptions = {}): SqliteReportPool {
  const size = opts.size ?? Math.min(2, os.availableParallelism());
  if (!Number.isInteger(size) || size < 1) throw new Error(`a SQLite report pool needs at least one worker (size ${size})`);
  const driver = new SqliteReportDriver(file, size, opts.resourceLimits);
  const db: Db = new Kysely<DB>({ dialect: new SqliteReportDialect(driver), plugins: [new EmptyInLists()] });
  // The driver's own close, not Kysely's destroy: later statements then say why they fail.
  return { db, close: () => driver.destroy() };
}

interface Waiter {
  resolve(connection: ReportConnection): void;
  reject(e: Error): void;
}

/** Hands out the workers' connections, one statement each; reports do not write. */
class SqliteReportDriver implements Driver {
  readonly #connections: ReportConnection[];
  readonly #idle: ReportConnection[];
  readonly #waiting: Waiter[] = [];
  #closed = false;

  constructor(file: string, size: number, resourceLimits: ResourceLimits | undefined) {
    this.#connections = Array.from({ length: size }, () => new ReportConnection(file, resourceLimits));
    this.#idle = [...this.#connections];
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    if (this.#closed) return Promise.reject(closedError());
    const free = this.#idle.shift();
    if (free) return Promise.resolve(free);
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const next = this.#waiting.shift();
    if (next) next.resolve(connection as ReportConnection);
    else this.#idle.push(connection as ReportConnection);
  }

  beginTransaction(): Promise<void> {
    return Promise.reject(new Error("the SQLite report pool only reads: no transactions (write through the service's database)"));
  }

  commitTransaction(): Promise<void> {
    return this.beginTransaction();
  }

  rollbackTransaction(): Promise<void> {
    return this.beginTransaction();
  }

  async destroy(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const w of this.#waiting.splice(0)) w.reject(closedError());
    await Promise.all(this.#connections.map((c) => c.close()));
  }
}

/** Kysely's SQLite dialect (adapter, compiler, introspector) over the workers. */
class SqliteReportDialect implements Dialect {
  constructor(private readonly driver: SqliteReportDriver) {}
  createDriver(): Driver {
    return this.driver;
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
