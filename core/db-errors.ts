/** A driver error for a unique-key violation, on either provider. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown } | null;
  if (!err || typeof err !== "object") return false;
  const code = typeof err.code === "string" ? err.code : "";
  // better-sqlite3: SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY; pg: SQLSTATE 23505.
  if (code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return true;
  return /UNIQUE constraint failed|duplicate key value/.test(typeof err.message === "string" ? err.message : "");
}

/** Booleans computed in SQL (not read from a column) come back as 0/1 from SQLite and true/false from PostgreSQL. */
export function asBool(v: unknown): boolean {
  return v === true || v === 1 || v === 1n || v === "1" || v === "t";
}

/** A date computed in SQL (an aggregate of a DateTime column): SQLite gives its stored text. */
export function asDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v : new Date(String(v).replace(" ", "T"));
}

/** Driver errors after which the transaction is certainly rolled back: a write conflict or a deadlock. */
const rolledBackCodes = new Set(["40001", "40P01"]);
/** Driver errors that lose the connection (or never get one); what was sent before them rolls back. */
const connectionCodes = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "57P01", "57P02", "57P03", "53300", "SQLITE_BUSY"]);

/**
 * How a driver error leaves a transaction: "rolled_back" (a serialization failure or deadlock, any
 * time), "connection" (the connection failed: rolled back only if COMMIT was not yet sent), or null
 * for anything else.
 */
export function transientDriverError(e: unknown): "rolled_back" | "connection" | null {
  const err = e as { code?: unknown; message?: unknown; cause?: { code?: unknown } } | null;
  if (!err || typeof err !== "object") return null;
  const codes = [err.cause?.code, err.code].filter((c): c is string => typeof c === "string");
  if (codes.some((c) => rolledBackCodes.has(c))) return "rolled_back";
  // A prepared statement whose result columns a migration changed: the pool prepares it again
  // (bot/db/postgres-pool.ts), and the transaction it aborted can run again.
  if (codes.includes("0A000") && /cached plan must not change result type/.test(String(err.message))) return "rolled_back";
  if (codes.some((c) => connectionCodes.has(c))) return "connection";
  const message = typeof err.message === "string" ? err.message : "";
  if (/Connection terminated|connection error|terminating connection|Client was closed|database is locked/i.test(message))
    return "connection";
  return null;
}
