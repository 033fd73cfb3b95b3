import type BetterSqlite3 from "better-sqlite3";
import { SqliteDialect, type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from "kysely";
import { kyselySqliteDatabase, type CachedStatement, type CachingSqliteDatabase } from "./sqlite-connection.js";

/**
 * The service's SQLite driver for Kysely: one connection, one holder at a time, and group commit.
 *
 * With `synchronous = FULL` every COMMIT waits for the disk, and better-sqlite3 waits on the main
 * thread. Committing each transaction alone made that wait the largest cost of a write, and a
 * queue of transactions held the event loop long enough to delay the HTTP acks of requests
 * arriving meanwhile. So:
 *
 * - Transactions that queue for the connection while one runs share one COMMIT. Each runs in a
 *   SAVEPOINT inside a group transaction; a failing one rolls back to its savepoint only. The group
 *   commits when nobody is waiting for the connection, or when it holds `maxGroup` transactions
 *   or is `maxGroupMs` old. A transaction's caller is answered after that COMMIT: what it wrote is
 *   on disk when it hears back, as before. A write outside a transaction joins the group the same way.
 * - Nobody outside a group sees it before it is durable: a read outside a transaction commits the
 *   open group first. Transactions in the group see the ones before them, and share their fate: if
 *   the COMMIT fails, every caller in the group gets the error.
 * - The connection passes to the next waiter only after the event loop has had a turn (after
 *   pending I/O), so a queue of transactions cannot hold off an HTTP request; the holder itself
 *   goes on at once.
 * - With `syncWal`, the wait for the disk leaves the main thread too. The connection then runs at
 *   `synchronous = NORMAL`, whose COMMIT writes the WAL without syncing it, and the driver syncs the
 *   WAL file itself after each COMMIT, in libuv's thread pool: the one sync FULL adds to NORMAL in
 *   WAL mode. Until it has returned, the group's callers are not answered and no statement runs on
 *   the connection (nobody reads what is not yet durable), while the event loop answers requests.
 *
 * Kysely's own SQLite driver hands the connection over within the same turn and commits each
 * transaction by itself; the statements it sends are the same.
 *
 * Not for Kysely's controlled transactions (`startTransaction`): their commit does not wait for the
 * connection's release, where this driver reports the group's COMMIT. The core's `Db` type leaves
 * `startTransaction` out.
 * @see https://www.sqlite.org/lang_savepoint.html
 */
export interface GroupCommitOptions {
  /** Transactions in one group at most (default 64). */
  maxGroup?: number;
  /** How long a group may stay open while the connection is in demand (default 10 ms). */
  maxGroupMs?: number;
  /**
   * Makes a COMMIT durable without holding the event loop: syncs the WAL file off the main thread
   * (`walSyncer` in sqlite-connection.ts), for a connection at `synchronous = NORMAL`. Without it,
   * the COMMIT is taken as durable when it returns (FULL, or an operator's NORMAL).
   * @see https://www.sqlite.org/pragma.html#pragma_synchronous
   */
  syncWal?: () => Promise<void>;
}

const savepoint = "helpdesk_member";

/** One holder's use of the connection, from acquire to release. */
class Lease implements DatabaseConnection {
  /** Holds the connection (taken on its first transaction, write, or read that has to wait). */
  held = false;
  inTransaction = false;
  /** Wrote into the open group (or read it, inside a transaction): answered after its COMMIT. */
  member = false;
  /** The fate of each group this lease's work went into, from the moment that work was done. */
  readonly outcomes: Promise<void>[] = [];
  /** The last group it is waiting for. */
  group = 0;
  /** Reading rows from a stream: the connection is busy until the stream ends. */
  streaming = false;
  constructor(private readonly driver: GroupCommitSqliteDriver) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.execute<R>(this, query);
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const rows = await this.driver.iterate(this, query);
    this.streaming = true;
    try {
      for (const row of rows) yield { rows: [row as R] };
    } finally {
      this.streaming = false;
      rows.return?.();
    }
  }
}

interface Outcome {
  resolve(): void;
  reject(e: unknown): void;
}

export class GroupCommitSqliteDriver implements Driver {
  readonly #raw: BetterSqlite3.Database;
  readonly #db: CachingSqliteDatabase;
  readonly #maxGroup: number;
  readonly #maxGroupMs: number;
  #holder: Lease | "handing over" | null = null;
  readonly #waiting: (() => void)[] = [];
  #groupOpenedAt: number | null = null;
  #outcomes: Outcome[] = [];
  /** Counts the groups opened, so a lease waits once for each group it is in. */
  #group = 0;
  readonly #syncWal: (() => Promise<void>) | null;
  /** The last COMMIT's WAL sync while it runs: nothing touches the connection meanwhile. */
  #syncing: Promise<void> | null = null;
  /** Set when a WAL sync failed: every later statement is refused with it. */
  #failed: Error | null = null;
  /** Set by destroy(): no more work is taken. */
  #closing = false;

  constructor(raw: BetterSqlite3.Database, db: CachingSqliteDatabase, opts: GroupCommitOptions = {}) {
    this.#raw = raw;
    this.#db = db;
    this.#maxGroup = opts.maxGroup ?? 64;
    this.#maxGroupMs = opts.maxGroupMs ?? 10;
    this.#syncWal = opts.syncWal ?? null;
  }

  async init(): Promise<void> {}

  /**
   * A lease takes the connection only when it needs it to itself: for a transaction, a write, or a
   * read while someone is inside a transaction. A read outside a transaction otherwise runs at once
   * (better-sqlite3 runs it whole, synchronously, so nothing can come between), after committing an
   * open group so that it reads only what is on disk.
   */
  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(new Lease(this));
  }

  /** Waits for the connection (first come, first served) and takes it. */
  async #hold(lease: Lease): Promise<void> {
    if (lease.held) return;
    if (this.#holder === null) {
      this.#holder = lease;
      lease.held = true;
      return;
    }
    await new Promise<void>((resolve) =>
      this.#waiting.push(() => {
        this.#holder = lease;
        resolve();
      }),
    );
    lease.held = true;
  }

  /**
   * Someone is inside a transaction (between its statements) or reading a stream: a read must wait
   * for it (better-sqlite3 refuses a statement while a stream is open on the connection).
   */
  #busy(): boolean {
    return this.#holder instanceof Lease && (this.#holder.inTransaction || this.#holder.streaming);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    await this.#hold(lease);
    // Checked and acted on in one turn: awaiting between them would let a read commit the group
    // this lease joins, and its SAVEPOINT would then run outside any group, answered unsynced.
    while (this.#syncing) await this.#synced();
    this.#usable();
    this.#joinGroup(lease);
    this.#run(`SAVEPOINT ${savepoint}`);
    lease.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    this.#run(`RELEASE ${savepoint}`);
    (connection as Lease).inTransaction = false;
    this.#awaitGroup(connection as Lease);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as Lease).inTransaction = false;
    this.#undoMember(connection as Lease);
    this.#awaitGroup(connection as Lease);
  }

  /**
   * Ties the lease to the open group's COMMIT as soon as its work is in the group (before anyone
   * else can commit it: a read outside a transaction may, before this lease is released).
   */
  #awaitGroup(lease: Lease): void {
    if (!lease.member || this.#groupOpenedAt === null || lease.group === this.#group) return;
    lease.group = this.#group;
    const outcome = new Promise<void>((resolve, reject) => this.#outcomes.push({ resolve, reject }));
    // Observed by releaseConnection; a lease that is never released must not fail the process.
    outcome.catch(() => undefined);
    lease.outcomes.push(outcome);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (!lease.held) return;
    lease.held = false;
    const outcome = Promise.all(lease.outcomes);
    try {
      if (this.#groupOpenedAt !== null) {
        const full = this.#outcomes.length >= this.#maxGroup || performance.now() - this.#groupOpenedAt >= this.#maxGroupMs;
        if (full || this.#waiting.length === 0) this.#commitGroup();
      }
    } finally {
      this.#handOver();
    }
    await outcome;
  }

  /**
   * Commits what the finished transactions wrote and closes. A transaction still open (the service
   * stops past its grace period) has its writes taken back rather than committed half-done, and
   * its next statement, like any later one, is refused.
   */
  async destroy(): Promise<void> {
    this.#closing = true;
    try {
      for (;;) {
        if (this.#syncing) await this.#synced();
        else if (this.#groupOpenedAt !== null) {
          const holder = this.#holder;
          if (holder instanceof Lease && holder.inTransaction) this.#undoMember(holder);
          this.#commitGroup();
        } else break;
      }
    } finally {
      this.#db.close();
    }
  }

  /** One statement for a lease: inside its transaction, as a member of the group, or alone. */
  async execute<R>(lease: Lease, query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#closing) throw closingError();
    const stmt = this.#db.prepare(query.sql);
    if (lease.inTransaction) return run<R>(stmt, query.parameters);
    if (stmt.readonly) {
      // The read runs in the turn in which the connection was found ready (see #readable).
      while (!this.#readable(lease)) await this.#untilReadable(lease);
      return run<R>(stmt, query.parameters);
    }
    await this.#hold(lease);
    while (this.#syncing) await this.#synced();
    this.#usable();
    this.#joinGroup(lease);
    this.#run(`SAVEPOINT ${savepoint}`);
    try {
      const result = run<R>(stmt, query.parameters);
      this.#run(`RELEASE ${savepoint}`);
      this.#awaitGroup(lease);
      return result;
    } catch (e) {
      this.#undoMember(lease);
      throw e;
    }
  }

  async iterate(lease: Lease, query: CompiledQuery): Promise<IterableIterator<unknown>> {
    const stmt = this.#db.prepare(query.sql);
    if (!stmt.reader) throw new Error("only a query that returns rows can be streamed");
    if (!lease.inTransaction) {
      await this.#hold(lease);
      while (!this.#readable(lease)) await this.#untilReadable(lease);
    }
    return stmt.iterate(query.parameters);
  }

  /**
   * Whether a read outside a transaction may run now: nobody is inside a transaction or a stream,
   * no group is open (it commits the open one, starting its sync) and no WAL sync is running, so
   * it reads only what is on disk. Checked in the turn the read runs in: between an await and the
   * read, another lease could open a group or start a sync.
   */
  #readable(lease: Lease): boolean {
    this.#usable();
    if (!lease.held && this.#busy()) return false;
    if (this.#syncing) return false;
    if (this.#groupOpenedAt !== null) {
      this.#commitGroup();
      if (this.#syncing) return false;
    }
    this.#settle();
    return true;
  }

  /** Waits for what kept #readable false: the connection's holder, or the WAL sync. */
  async #untilReadable(lease: Lease): Promise<void> {
    if (!lease.held && this.#busy()) await this.#hold(lease);
    else await this.#synced();
  }

  /** Resolves once no WAL sync is running (its failure is its group's callers' to hear). */
  async #synced(): Promise<void> {
    while (this.#syncing) await this.#syncing.catch(() => undefined);
  }

  /** Throws the WAL sync failure that ended this connection's use, or that it is closing. */
  #usable(): void {
    if (this.#failed) throw this.#failed;
    if (this.#closing) throw closingError();
  }

  #run(sql: string): void {
    this.#db.prepare(sql).run([]);
  }

  /**
   * Before a read outside a transaction: commits the open group, so the read sees only what is on
   * disk, or rolls back a transaction a failed ROLLBACK left open (its group was reported lost).
   */
  #settle(): void {
    if (this.#groupOpenedAt !== null) this.#commitGroup();
    else if (this.#raw.inTransaction) this.#run("ROLLBACK");
  }

  /** Opens a group if none is open (the caller has waited out any WAL sync) and joins it. */
  #joinGroup(lease: Lease): void {
    if (this.#groupOpenedAt === null) {
      this.#settle();
      this.#run("BEGIN");
      this.#group++;
      this.#groupOpenedAt = performance.now();
    }
    lease.member = true;
  }

  /**
   * Undoes the current member's writes. Some errors (a full disk, I/O) make SQLite roll back the
   * whole transaction itself: then the group is gone, and so is what the members before wrote. If
   * the member cannot be undone alone (ROLLBACK TO fails), the whole group is rolled back rather
   * than committed with the member's writes in it.
   */
  #undoMember(lease: Lease): void {
    if (this.#raw.inTransaction) {
      try {
        this.#run(`ROLLBACK TO ${savepoint}`);
        this.#run(`RELEASE ${savepoint}`);
        return;
      } catch {
        this.#rollBackGroup();
      }
    }
    lease.member = false;
    this.#groupOpenedAt = null;
    const lost = this.#outcomes;
    this.#outcomes = [];
    const e = new Error("SQLite rolled back the open transaction group after an error in a later transaction; nothing in it was kept");
    for (const o of lost) o.reject(e);
  }

  #commitGroup(): void {
    const outcomes = this.#outcomes;
    this.#outcomes = [];
    this.#groupOpenedAt = null;
    try {
      if (this.#failed) throw this.#failed;
      this.#run("COMMIT");
    } catch (e) {
      this.#rollBackGroup();
      for (const o of outcomes) o.reject(e);
      return;
    }
    if (!this.#syncWal) {
      for (const o of outcomes) o.resolve();
      return;
    }
    // A failed sync leaves the group committed but not known to be on disk, where FULL would have
    // failed the COMMIT and left it out of the WAL. After a failed fsync the kernel may drop the
    // error with the dirty pages, so a later sync can succeed over a hole that WAL recovery stops
    // at after a power loss, losing every group after it: the connection takes no more work.
    const syncing: Promise<void> = this.#syncWal()
      .then(
        () => {
          for (const o of outcomes) o.resolve();
        },
        (e: unknown) => {
          this.#failed = new Error(
            `the SQLite WAL could not be synced to disk (${e instanceof Error ? e.message : String(e)}): this connection takes no more work; restart the service`,
            { cause: e },
          );
          for (const o of outcomes) o.reject(this.#failed);
        },
      )
      .finally(() => {
        if (this.#syncing === syncing) this.#syncing = null;
      });
    this.#syncing = syncing;
  }

  /**
   * Ends the group without keeping it. Its callers are told it was lost whether or not the ROLLBACK
   * itself succeeds; if it fails, the next group rolls back before it begins.
   */
  #rollBackGroup(): void {
    if (!this.#raw.inTransaction) return;
    try {
      this.#run("ROLLBACK");
    } catch {
      // Retried when the next group begins (#joinGroup).
    }
  }

  #handOver(): void {
    if (this.#syncing) {
      // Waiters queue behind the sync; the next takes the connection once it has returned.
      this.#holder = "handing over";
      void this.#synced().then(() => this.#handOver());
      return;
    }
    if (!this.#waiting.length) {
      this.#holder = null;
      return;
    }
    this.#holder = "handing over";
    setImmediate(() => {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#holder = null;
    });
  }
}

const closingError = () => new Error("the SQLite connection is closing: it takes no more work");

function run<R>(stmt: CachedStatement, parameters: ReadonlyArray<unknown>): QueryResult<R> {
  if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return {
    numAffectedRows: changes === undefined || changes === null ? undefined : BigInt(changes),
    insertId: lastInsertRowid === undefined || lastInsertRowid === null ? undefined : BigInt(lastInsertRowid),
    rows: [],
  };
}

/** Kysely's SQLite dialect (compiler, adapter, introspector) with the driver above. */
export class GroupCommitSqliteDialect extends SqliteDialect {
  readonly #driver: () => GroupCommitSqliteDriver;
  constructor(raw: BetterSqlite3.Database, opts: GroupCommitOptions = {}) {
    const db = kyselySqliteDatabase(raw);
    super({ database: db });
    this.#driver = () => new GroupCommitSqliteDriver(raw, db, opts);
  }
  override createDriver(): Driver {
    return this.#driver();
  }
}
