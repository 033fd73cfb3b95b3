import Database from "better-sqlite3";
import fs from "node:fs";
import { dirname } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import type { SqliteDatabase, SqliteStatement } from "kysely";
import { kpiDurations } from "../../core/kpis/kpi-ranks.js";

/**
 * How DateTime columns are stored in SQLite: ISO 8601 text with an explicit "+00:00" offset (the
 * form the schema's first writers used), so stored times compare correctly as text in SQL.
 */
export function sqliteTimestamp(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

/** A parameter as SQLite stores it: dates as text (above), booleans as 0/1. */
function toSqlite(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof Date) return sqliteTimestamp(v);
  return v;
}

/** Stored text of a DateTime column back to a Date (also the "YYYY-MM-DD HH:MM:SS" of CURRENT_TIMESTAMP defaults). */
function fromSqliteDate(v: unknown): unknown {
  if (typeof v === "string") {
    const iso = v.includes("T") ? v : `${v.replace(" ", "T")}Z`;
    return new Date(iso);
  }
  if (typeof v === "number") return new Date(v);
  return v;
}

type Convert = (v: unknown) => unknown;

const toBoolean: Convert = (v) => v === 1 || v === 1n || v === true;

/**
 * Per result column, from its declared type (better-sqlite3 reports it even for an aliased
 * column): DATETIME to Date and BOOLEAN to boolean, so rows look the same as on PostgreSQL.
 * Computed columns (aggregates, expressions) have no declared type and stay as SQLite gives them;
 * integers that overflow a double are not used by this schema.
 */
function convertersFor(columns: BetterSqlite3.ColumnDefinition[]): (Convert | null)[] {
  return columns.map((c) => {
    const type = c.type?.toUpperCase();
    return type === "DATETIME" ? fromSqliteDate : type === "BOOLEAN" ? toBoolean : null;
  });
}

/** Converts a row's values in place, column by column; null when no column needs it. */
function converterFor(converters: (Convert | null)[]): ((values: unknown[]) => void) | null {
  if (!converters.some((c) => c !== null)) return null;
  return (values) => {
    for (let k = 0; k < converters.length; k++) {
      const f = converters[k];
      const v = values[k];
      if (f && v !== null && v !== undefined) values[k] = f(v);
    }
  };
}

/** A statement's result columns: their names, and how their values are converted. */
interface Shape {
  names: string[];
  convert: ((values: unknown[]) => void) | null;
}

/** A result as its column names and its rows, each an array of values in the names' order. */
export interface RowArrays {
  names: string[];
  rows: unknown[][];
}

/**
 * The rows as objects keyed by column name; a name given twice keeps its last value, as SQLite's
 * own row objects do.
 */
export function rowObjects({ names, rows }: RowArrays): Record<string, unknown>[] {
  const out = new Array<Record<string, unknown>>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const values = rows[i]!;
    const row: Record<string, unknown> = {};
    for (let k = 0; k < names.length; k++) row[names[k]!] = values[k];
    out[i] = row;
  }
  return out;
}

/** A prepared statement as Kysely runs it, and whether it leaves the database as it was. */
export interface CachedStatement extends SqliteStatement {
  readonly readonly: boolean;
  /** A reader's result as arrays (converted as `all`'s), for building rows elsewhere (the report pool). */
  allArrays(parameters: ReadonlyArray<unknown>): RowArrays;
  /**
   * The same, `chunk` rows at a time as SQLite steps through them (none when there are none). While
   * it is open, no other statement may run on the connection.
   */
  iterateArrays(parameters: ReadonlyArray<unknown>, chunk: number): Generator<RowArrays, void, undefined>;
}

export interface CachingSqliteDatabase extends SqliteDatabase {
  prepare(sql: string): CachedStatement;
}

/**
 * The better-sqlite3 connection as Kysely's SQLite dialect sees it: prepared statements are kept
 * (the dialect prepares on every call), parameters and results are converted as above.
 *
 * A reader's rows are read as arrays and made objects here: better-sqlite3's own row objects cost
 * about twice as much to build (measured on the KPI export's 2,000-row reads, 13 columns).
 */
export function kyselySqliteDatabase(db: BetterSqlite3.Database, maxStatements = 1000): CachingSqliteDatabase {
  const cache = new Map<string, CachedStatement>();
  const params = (p: ReadonlyArray<unknown>) => p.map(toSqlite);
  // SQLite prepares a statement again when the schema changes, and a `SELECT *` then has other
  // columns: a statement's columns are asked again when the schema's version has moved (reading
  // the version costs a fraction of a µs, asking the columns about 10 µs for a dozen of them).
  const schemaVersion = db.prepare("PRAGMA schema_version").pluck();
  const wrap = (stmt: BetterSqlite3.Statement): CachedStatement => {
    const reader = stmt.reader;
    if (reader) stmt.raw(true);
    const shapeNow = (): Shape => {
      const columns = stmt.columns();
      return { names: columns.map((c) => c.name), convert: converterFor(convertersFor(columns)) };
    };
    let known: { version: unknown; shape: Shape } | null = null;
    const shape = (): Shape => {
      const version = schemaVersion.get();
      let now = known;
      if (now === null || now.version !== version) known = now = { version, shape: shapeNow() };
      return now.shape;
    };
    const allArrays = (parameters: ReadonlyArray<unknown>): RowArrays => {
      if (!reader) throw new Error("only a statement that returns rows has rows to read");
      const rows = stmt.all(params(parameters)) as unknown[][];
      const { names, convert } = shape();
      if (convert) for (const r of rows) convert(r);
      return { names, rows };
    };
    return {
      reader,
      readonly: stmt.readonly,
      allArrays,
      all: (parameters) => rowObjects(allArrays(parameters)),
      *iterateArrays(parameters, chunk) {
        if (!reader) throw new Error("only a statement that returns rows has rows to read");
        let now: Shape | null = null;
        let rows: unknown[][] = [];
        for (const values of stmt.iterate(params(parameters)) as IterableIterator<unknown[]>) {
          // As in `iterate`: the shape once the first row is read.
          now ??= shapeNow();
          now.convert?.(values);
          rows.push(values);
          if (rows.length >= chunk) {
            yield { names: now.names, rows };
            rows = [];
          }
        }
        if (now && rows.length) yield { names: now.names, rows };
      },
      run(parameters) {
        const { changes, lastInsertRowid } = stmt.run(params(parameters));
        return { changes, lastInsertRowid };
      },
      *iterate(parameters) {
        // Asked once the first row is read, when SQLite has prepared the statement again if it had
        // to (and no other statement may run on the connection while this one iterates).
        let now: Shape | null = null;
        for (const values of stmt.iterate(params(parameters)) as IterableIterator<unknown[]>) {
          now ??= shapeNow();
          now.convert?.(values);
          yield rowObjects({ names: now.names, rows: [values] })[0]!;
        }
      },
    };
  };
  return {
    close: () => db.close(),
    prepare(sql) {
      let stmt = cache.get(sql);
      if (!stmt) {
        if (cache.size >= maxStatements) cache.clear();
        stmt = wrap(db.prepare(sql));
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

export type SqliteSynchronous = "normal" | "full";

/**
 * Opens the service's one SQLite connection with the pragmas it relies on. `synchronous` is SQLite's
 * own setting: the service opens at NORMAL and, unless the operator opted out, has the driver sync
 * the WAL after each commit off the main thread (`walSyncer`, connect.ts).
 */
export function openSqliteConnection(
  file: string,
  opts: { synchronous?: SqliteSynchronous; busyTimeoutMs?: number } = {},
): BetterSqlite3.Database {
  const db = new Database(file, { timeout: opts.busyTimeoutMs ?? 5000 });
  db.pragma("journal_mode = WAL");
  // A webhook is answered 2xx once its commit returns, and the provider then forgets the
  // delivery: that commit must survive a power loss, by FULL or by the driver's WAL sync.
  db.pragma(`synchronous = ${opts.synchronous === "normal" ? "NORMAL" : "FULL"}`);
  db.pragma("foreign_keys = ON");
  registerSqliteFunctions(db);
  return db;
}

/** Syncs a SQLite connection's WAL file off the main thread (GroupCommitOptions.syncWal). */
export interface WalSyncer {
  sync(): Promise<void>;
  close(): void;
}

/**
 * Syncs `<file>-wal` in libuv's thread pool: the sync `synchronous = FULL` makes after each COMMIT
 * in WAL mode, for a connection at NORMAL. The file is opened at the first sync (SQLite creates it
 * at the first write and keeps it while a connection is open), and its folder is synced once then,
 * so the file's own entry survives a power loss as SQLite makes sure when it syncs a new file.
 */
export function walSyncer(file: string): WalSyncer {
  let real: string | null = null;
  let fd: number | null = null;
  let folderSynced = false;
  const call = (f: (cb: (e: NodeJS.ErrnoException | null) => void) => void) =>
    new Promise<void>((resolve, reject) => f((e) => (e ? reject(e) : resolve())));
  return {
    async sync() {
      // SQLite keeps the WAL beside the database file a symlinked path leads to.
      real ??= fs.realpathSync(file);
      fd ??= fs.openSync(`${real}-wal`, "r+");
      const wal = fd;
      await call((cb) => fs.fdatasync(wal, cb));
      if (folderSynced) return;
      const folder = fs.openSync(dirname(real), "r");
      try {
        await call((cb) => fs.fsync(folder, cb));
        folderSynced = true;
      } finally {
        fs.closeSync(folder);
      }
    },
    close() {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}

/**
 * The functions the core's SQL calls on SQLite, which has nothing like them built in:
 * `kpi_durations(x, y)`, the distributions of two columns (core/kpis/kpi-ranks.ts; PostgreSQL
 * computes the same with its percentile aggregates).
 */
export function registerSqliteFunctions(db: BetterSqlite3.Database): void {
  // better-sqlite3 hands `step` every argument of the call; its type declarations know of one.
  db.aggregate("kpi_durations", { ...kpiDurations, deterministic: true } as unknown as BetterSqlite3.AggregateOptions);
}
