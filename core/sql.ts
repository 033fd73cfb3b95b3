/**
 * Plain SQL on the same connection(s) the Prisma client uses, for the few hot paths where the
 * ORM's per-query cost dominates (the JS query engine compiles every query; on these machines
 * that is about a millisecond of CPU each, while a prepared statement is a tenth of that).
 * Statements use `?` placeholders on both providers; table and column names are the Prisma ones.
 */
export interface Sql {
  readonly dialect: "sqlite" | "postgresql";
  /** Runs `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (q: SqlTx) => Promise<T>): Promise<T>;
}

export interface SqlTx {
  /** Rows as objects keyed by column name; integers as numbers, everything else as the driver gives it. */
  query<R extends Record<string, unknown>>(sql: string, args?: readonly unknown[]): Promise<R[]>;
  /** The number of rows changed. */
  execute(sql: string, args?: readonly unknown[]): Promise<number>;
}

/** A driver error for a unique-key violation, on either provider. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { cause?: { kind?: string; originalCode?: string }; code?: string; message?: string } | null;
  if (!err) return false;
  const kind = err.cause?.kind;
  return kind === "UniqueConstraintViolation" || err.code === "23505" || /UNIQUE constraint failed|duplicate key value/.test(err.message ?? "");
}

/** Booleans come back as 0/1 from SQLite and true/false from PostgreSQL. */
export function asBool(v: unknown): boolean {
  return v === true || v === 1 || v === 1n || v === "1" || v === "t";
}

export function asDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v : new Date(String(v).replace(" ", "T"));
}

/** Driver errors after which the transaction is certainly rolled back: a write conflict or a deadlock. */
const rolledBackCodes = new Set(["40001", "40P01"]);
const rolledBackKinds = new Set(["TransactionWriteConflict"]);
/** Driver errors that lose the connection (or never get one); what was sent before them rolls back. */
const connectionCodes = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "57P01", "57P02", "57P03", "53300", "SQLITE_BUSY"]);
const connectionKinds = new Set(["ConnectionClosed", "SocketTimeout", "DatabaseNotReachable", "TooManyConnections"]);

/**
 * How a driver error leaves a fast path's transaction: "rolled_back" (a serialization failure or
 * deadlock, any time), "connection" (the connection failed: rolled back only if COMMIT was not yet
 * sent), or null for anything else.
 */
export function transientDriverError(e: unknown): "rolled_back" | "connection" | null {
  const err = e as { code?: unknown; message?: unknown; cause?: { kind?: unknown; originalCode?: unknown; code?: unknown } } | null;
  if (!err || typeof err !== "object") return null;
  const kind = typeof err.cause?.kind === "string" ? err.cause.kind : undefined;
  const codes = [err.cause?.originalCode, err.cause?.code, err.code].filter((c): c is string => typeof c === "string");
  if ((kind && rolledBackKinds.has(kind)) || codes.some((c) => rolledBackCodes.has(c))) return "rolled_back";
  if ((kind && connectionKinds.has(kind)) || codes.some((c) => connectionCodes.has(c))) return "connection";
  const message = typeof err.message === "string" ? err.message : "";
  if (/Connection terminated|connection error|terminating connection|Client was closed|database is locked/i.test(message)) return "connection";
  return null;
}
