// One thread of the SQLite report pool (sqlite-report-pool.ts): a read-only connection to the
// service's database file that runs the statements the pool posts to it, one at a time, and posts
// back their rows or their error.
import Database from "better-sqlite3";
import { parentPort, workerData } from "node:worker_threads";
import { packRows, type PackedRows } from "./packed-rows.js";
import { kyselySqliteDatabase, registerSqliteFunctions } from "./sqlite-connection.js";

export interface ReportWorkerData {
  file: string;
}

export interface ReportRequest {
  id: number;
  sql: string;
  parameters: readonly unknown[];
}

export type ReportReply = { id: number; rows: PackedRows } | { id: number; error: { message: string; code: string | undefined } };

/** As much of the file as SQLite will map (it lowers a larger request to its limit). */
const mapBytes = 2 ** 31;

const port = parentPort;
if (!port) throw new Error("sqlite-report-worker.ts runs in a worker thread started by the SQLite report pool");
const { file } = workerData as ReportWorkerData;

const raw = open(file);
// The main connection's conversions (Date and boolean parameters, DATETIME and BOOLEAN columns),
// so rows read here look the same as rows read there; Dates survive postMessage.
const db = kyselySqliteDatabase(raw);

port.on("message", (request: ReportRequest) => {
  const { reply, transfer } = answer(request);
  port.postMessage(reply, transfer);
});

function answer({ id, sql, parameters }: ReportRequest): { reply: ReportReply; transfer: ArrayBuffer[] } {
  try {
    const stmt = db.prepare(sql);
    // Only statements that return rows and write nothing: a BEGIN, for one, would leave a read
    // transaction open on this connection and keep the writer's checkpoints from resetting the WAL.
    if (!stmt.readonly || !stmt.reader) throw new Error(`a report connection only reads; refused: ${sql}`);
    const { packed, transfer } = packRows(stmt.allArrays(parameters));
    return { reply: { id, rows: packed }, transfer };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    const code = (error as { code?: unknown }).code;
    return { reply: { id, error: { message: error.message, code: typeof code === "string" ? code : undefined } }, transfer: [] };
  }
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
