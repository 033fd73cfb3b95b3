// One thread of the SQLite report pool (sqlite-report-pool.ts): a read-only connection to the
// service's database file that runs the statements the pool posts to it, one at a time, and posts
// back their rows or their error; a streamed statement's rows a chunk at a time, as they are read.
import Database from "better-sqlite3";
import { parentPort, workerData } from "node:worker_threads";
import { packRows, type PackedRows } from "./packed-rows.js";
import { kyselySqliteDatabase, registerSqliteFunctions, type CachedStatement } from "./sqlite-connection.js";

export interface ReportWorkerData {
  file: string;
}

export interface ReportRequest {
  id: number;
  sql: string;
  parameters: readonly unknown[];
  /** Streamed: the rows in replies of this many, each posted as soon as it is read. */
  chunk?: number;
}

/** Ends the stream of that request, or of any before it, after the chunk being read. */
export interface ReportStop {
  stop: number;
}

/**
 * The rows of a request, or its error. A streamed request's replies say `more` until the last,
 * which carries no rows.
 */
export type ReportReply =
  { id: number; rows: PackedRows; more?: boolean } | { id: number; error: { message: string; code: string | undefined } };

/** As much of the file as SQLite will map (it lowers a larger request to its limit). */
const mapBytes = 2 ** 31;

const port =
  parentPort ??
  (() => {
    throw new Error("sqlite-report-worker.ts runs in a worker thread started by the SQLite report pool");
  })();
const { file } = workerData as ReportWorkerData;

const raw = open(file);
// The main connection's conversions (Date and boolean parameters, DATETIME and BOOLEAN columns),
// so rows read here look the same as rows read there; Dates survive postMessage.
const db = kyselySqliteDatabase(raw);

// Requests in turn (a stream waits between its chunks, when a stop may come in); stops at once.
let turn: Promise<void> = Promise.resolve();
let stoppedUpTo = 0;
port.on("message", (message: ReportRequest | ReportStop) => {
  if ("stop" in message) {
    stoppedUpTo = Math.max(stoppedUpTo, message.stop);
    return;
  }
  turn = turn.then(() => (message.chunk === undefined ? answer(message) : stream(message, message.chunk)));
});

function answer({ id, sql, parameters }: ReportRequest): void {
  try {
    const { packed, transfer } = packRows(readerStatement(sql).allArrays(parameters));
    port.postMessage({ id, rows: packed } satisfies ReportReply, transfer);
  } catch (e) {
    failed(id, e);
  }
}

async function stream({ id, sql, parameters }: ReportRequest, chunk: number): Promise<void> {
  try {
    // Leaving the loop early closes SQLite's statement (the generator's return).
    for (const rows of readerStatement(sql).iterateArrays(parameters, Number.isFinite(chunk) ? Math.max(1, Math.floor(chunk)) : 1000)) {
      const { packed, transfer } = packRows(rows);
      port.postMessage({ id, rows: packed, more: true } satisfies ReportReply, transfer);
      // A turn of the event loop, for a stop to come in.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (id <= stoppedUpTo) break;
    }
    port.postMessage({ id, rows: packRows({ names: [], rows: [] }).packed, more: false } satisfies ReportReply);
  } catch (e) {
    failed(id, e);
  }
}

function readerStatement(sql: string): CachedStatement {
  const stmt = db.prepare(sql);
  // Only statements that return rows and write nothing: a BEGIN, for one, would leave a read
  // transaction open on this connection and keep the writer's checkpoints from resetting the WAL.
  if (!stmt.readonly || !stmt.reader) throw new Error(`a report connection only reads; refused: ${sql}`);
  return stmt;
}

function failed(id: number, e: unknown): void {
  const error = e instanceof Error ? e : new Error(String(e));
  const code = (error as { code?: unknown }).code;
  port.postMessage({ id, error: { message: error.message, code: typeof code === "string" ? code : undefined } } satisfies ReportReply);
}

function open(file: string): Database.Database {
  try {
    const raw = new Database(file, { readonly: true, fileMustExist: true });
    raw.pragma("query_only = ON");
    // Pages read through a memory map of the file rather than copied out of it by a read() each:
    // a KPI read walks tens of megabytes of index (the 90-day overview at a million tickets used
    // about a tenth less CPU, measured alternately in one process). SQLite caps the map at its
    // compile-time limit (2 GiB here) and reads what lies beyond it as before. The price: a disk
    // error on a mapped page, or the file cut short under the map by another program (a VACUUM
    // from the sqlite3 shell while the service runs), ends the process (SIGBUS) rather than
    // failing one statement. The service itself never shrinks the file.
    raw.pragma(`mmap_size = ${mapBytes}`);
    registerSqliteFunctions(raw);
    return raw;
  } catch (e) {
    // better-sqlite3's error loses its message on its way to the pool's "error" event; a plain Error keeps it.
    const { message, code } = e as { message?: unknown; code?: unknown };
    throw Object.assign(new Error(`cannot open ${file} for reports: ${String(message)}`), { code });
  }
}
