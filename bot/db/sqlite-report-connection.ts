// One worker thread of the SQLite report pool (sqlite-report-pool.ts) and its connection, as Kysely
// sees a connection: it runs one statement at a time, or streams one, on the worker
// (sqlite-report-worker.ts), and replaces the worker when it stops.
import { Worker, type ResourceLimits } from "node:worker_threads";
import type { CompiledQuery, DatabaseConnection, QueryResult } from "kysely";
import { Handover } from "../../core/handover.js";
import { unpackRows } from "./packed-rows.js";
import type { ReportReply, ReportRequest, ReportStop, ReportWorkerData } from "./sqlite-report-worker.js";

const workerUrl = new URL("./sqlite-report-worker.ts", import.meta.url).href;
// A worker cannot load TypeScript by itself: it registers tsx's loader first, then the worker file.
const workerBoot = `import("tsx/esm/api").then((api) => { api.register(); return import(${JSON.stringify(workerUrl)}); })`;

export const closedError = () => new Error("the SQLite report pool is closed");

/** The statement in flight on a worker: each of its replies, or why none will come. */
interface Pending {
  id: number;
  /** The worker it was posted to. */
  worker: Worker;
  answer(reply: ReportReply): void;
  fail(e: Error): void;
}

type RowsReply = Extract<ReportReply, { rows: unknown }>;

const replyError = (error: { message: string; code: string | undefined }) =>
  Object.assign(new Error(error.message), error.code ? { code: error.code } : {});

/** One worker thread and its connection, running one statement at a time. */
export class ReportConnection implements DatabaseConnection {
  #worker: Worker | null = null;
  #pending: Pending | null = null;
  #lastId = 0;
  #closed = false;
  #turn: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly resourceLimits: ResourceLimits | undefined,
  ) {
    // Started at once, so the first report does not wait for a thread to boot.
    this.#start();
  }

  #start(): Worker {
    const worker = new Worker(workerBoot, {
      eval: true,
      workerData: { file: this.file } satisfies ReportWorkerData,
      ...(this.resourceLimits ? { resourceLimits: this.resourceLimits } : {}),
    });
    // Held only while it runs a statement: an idle pool keeps no process alive.
    worker.unref();
    let failure: Error | null = null;
    worker.on("message", (reply: ReportReply) => this.#answer(worker, reply));
    // A reply that cannot be read back would leave its statement waiting for ever: it fails, and
    // the worker is replaced.
    worker.on("messageerror", (e: Error) => {
      this.#settle(worker)?.fail(e);
      // Not handed the next statement while it stops.
      if (this.#worker === worker) this.#worker = null;
      void worker.terminate();
    });
    worker.on("error", (e: unknown) => {
      failure = e instanceof Error ? e : new Error(`a SQLite report worker failed: ${String(e)}`);
    });
    worker.on("exit", (code) => {
      // Replaced when this connection next runs a statement (a worker that cannot open the file
      // fails that statement with the reason, instead of being restarted in a loop).
      if (this.#worker === worker) this.#worker = null;
      this.#settle(worker)?.fail(failure ?? new Error(`a SQLite report worker stopped (exit code ${code})`));
    });
    this.#worker = worker;
    return worker;
  }

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // The worker answers one statement at a time: a second issued on this connection before the
    // first has returned (two statements of `db.connection()` side by side) waits for it.
    const turn = this.#turn.then(() => this.#execute<R>(query));
    this.#turn = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  #execute<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#closed) return Promise.reject(closedError());
    const worker = this.#worker ?? this.#start();
    const id = ++this.#lastId;
    const request: ReportRequest = { id, sql: query.sql, parameters: query.parameters };
    return new Promise<QueryResult<R>>((resolve, reject) => {
      worker.postMessage(request);
      worker.ref();
      this.#pending = {
        id,
        worker,
        answer: (reply) => ("rows" in reply ? resolve({ rows: unpackRows(reply.rows) as R[] }) : reject(replyError(reply.error))),
        fail: reject,
      };
    });
  }

  /**
   * The statement's rows `chunkSize` at a time. The worker reads the statement through, posting
   * each chunk as it is read, without waiting for them to be taken up: for statements whose rows
   * are bounded (a LIMIT), as they may pile up here. Stopping early (the iterator's return) ends
   * the statement after the chunk being read; the connection runs nothing else until then.
   */
  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    let release!: () => void;
    const before = this.#turn;
    this.#turn = new Promise<void>((resolve) => (release = resolve));
    try {
      await before;
      if (this.#closed) throw closedError();
      const worker = this.#worker ?? this.#start();
      const id = ++this.#lastId;
      const replies = new Handover<ReportReply>();
      this.#pending = { id, worker, answer: (reply) => replies.push(reply), fail: (e) => replies.fail(e) };
      // The worker's replies end with its last (no `more`) or an error: the stream never ends them.
      const next = async (): Promise<RowsReply> => {
        const reply = (await replies.take())!.value;
        if ("error" in reply) throw replyError(reply.error);
        return reply;
      };
      const request: ReportRequest = {
        id,
        sql: query.sql,
        parameters: query.parameters,
        chunk: chunkSize !== undefined && Number.isFinite(chunkSize) ? Math.max(1, Math.floor(chunkSize)) : 1000,
      };
      worker.postMessage(request);
      worker.ref();
      let ended = false;
      try {
        for (;;) {
          const reply = await next();
          if (!reply.more) {
            ended = true;
            return;
          }
          yield { rows: unpackRows(reply.rows) as R[] };
        }
      } finally {
        if (!ended && this.#pending?.id === id) {
          const stop: ReportStop = { stop: id };
          worker.postMessage(stop);
          // The connection is free once the worker has ended the statement (its last reply or error).
          for (;;) {
            const reply = await next().catch(() => null);
            if (!reply?.more) break;
          }
        }
      }
    } finally {
      release();
    }
  }

  #answer(worker: Worker, reply: ReportReply): void {
    const pending = this.#pending;
    if (pending?.id !== reply.id) return;
    // A stream's chunks before its last leave the statement in flight.
    if (!("rows" in reply && reply.more)) this.#settle(worker);
    pending.answer(reply);
  }

  /** Takes the statement in flight, if any (it runs on the connection's one worker). */
  #settle(worker: Worker): Pending | null {
    const pending = this.#pending;
    // A worker that ends after its replacement took a statement has none of its own.
    if (pending?.worker !== worker) return null;
    this.#pending = null;
    worker.unref();
    return pending;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = null;
    this.#pending?.fail(closedError());
    this.#pending = null;
    await worker?.terminate();
  }
}
