// The PostgreSQL connection pool behind Kysely: how values cross the driver, and the settings
// every pooled session runs with.
import pg from "pg";
import type { PostgresPool, PostgresPoolClient } from "kysely";

const TIMESTAMP = 1114; // timestamp without time zone: the schema stores UTC
const INT8 = 20; // counts and sums; every figure this schema counts fits a double

const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP) return (v: string) => new Date(`${v.replace(" ", "T")}Z`);
    if (oid === INT8) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Dates are sent as UTC text: the columns have no time zone, and pg would otherwise send local time. */
function toPg(v: unknown): unknown {
  return v instanceof Date ? v.toISOString() : v;
}

/**
 * Each statement text gets a name, and pg prepares a named statement once per connection: after
 * that the server only binds and runs it, instead of parsing and planning the same text on every
 * call (the larger part of its work for this schema's short statements). Texts past
 * `maxPreparedStatements` (queries built with lists of varying length can make many) run unnamed,
 * so what each connection keeps stays bounded. Transaction control is never named.
 * @see https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY
 */
export class StatementNames {
  readonly #names = new Map<string, string>();
  #next = 0;
  constructor(private readonly max: number) {}

  nameFor(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known || this.#names.size >= this.max || /^\s*(begin|start|commit|rollback|savepoint|release)\b/i.test(text)) return known;
    return this.renew(text);
  }

  /** A fresh name for `text`: connections prepare it again on its next use. */
  renew(text: string): string {
    const name = `helpdesk_${this.#next++}`;
    this.#names.set(text, name);
    return name;
  }
}

export const maxPreparedStatements = 2000;

/**
 * PostgreSQL refuses to run a prepared statement whose result columns changed under it (a
 * migration added a column to a table it selects from).
 */
export function isStalePlan(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown } | null;
  return err?.code === "0A000" && /cached plan must not change result type/.test(String(err.message));
}

/** How long a pooled session may spend on one statement, and sit idle inside an open transaction. */
export interface SessionLimits {
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}

/**
 * Limits on every pooled session, so that a stuck statement or a transaction left open does not
 * hold its row locks and its connection for ever: a statement running (or waiting for a lock)
 * past 10 s is cancelled, and a session idle inside a transaction for 20 s is ended, its
 * transaction rolled back. The core cannot tell the providers apart, so these are session settings
 * rather than `SET LOCAL` in withTx; they bound statements outside transactions too, far above what
 * any use case takes. Migrations run on their own connection, without them.
 */
export const sessionLimits: SessionLimits = { statementTimeoutMs: 10_000, idleInTransactionTimeoutMs: 20_000 };

/**
 * A pg pool as Kysely's PostgreSQL dialect sees it, with the conversions above, on the given schema.
 * Every session shows dates in ISO form (what the parser above reads, whatever the server's
 * default), runs in UTC, so `now()` and column defaults are UTC like the values we send,
 * prices random reads for SSDs, and runs under `limits`.
 */
export function kyselyPostgresPool(url: string, schema: string, max: number, limits: SessionLimits = sessionLimits): PostgresPool {
  const options = [
    `search_path=${schema}`,
    "DateStyle=ISO",
    "TimeZone=UTC",
    `statement_timeout=${limits.statementTimeoutMs}`,
    `idle_in_transaction_session_timeout=${limits.idleInTransactionTimeoutMs}`,
    // The planner's default prices a random read at four sequential ones, as on a spinning disk:
    // a KPI count over the period's SLA clocks (tens of thousands of ticket lookups by key) was
    // then planned as a scan of the whole ticket table, 0.47 s instead of 0.08 s at a million
    // tickets. 1.1 is the usual setting for SSDs and memory, where this database lives.
    "random_page_cost=1.1",
  ]
    .map((o) => `-c ${o}`)
    .join(" ");
  const inner = new pg.Pool({ connectionString: url, max, types, options });
  // An idle client losing its connection (a server restart) must not crash the process.
  inner.on("error", () => undefined);
  const names = new StatementNames(maxPreparedStatements);
  const wrap = (c: pg.PoolClient): PostgresPoolClient => {
    // Nor may a client losing it while checked out (its transaction left idle past the limit):
    // its next query fails, and the pool drops it on release.
    const ignore = () => undefined;
    c.on("error", ignore);
    let inTransaction = false;
    const run = async (text: string, values: unknown[] | undefined) => {
      if (/^\s*(begin|start transaction)\b/i.test(text)) inTransaction = true;
      else if (/^\s*(commit|rollback)\s*$/i.test(text)) inTransaction = false;
      const name = names.nameFor(text);
      if (!name) return c.query(text, values);
      try {
        return await c.query({ name, text, values: values ?? [] });
      } catch (e) {
        if (!isStalePlan(e)) throw e;
        // A migration changed what the statement returns: prepare it again, under a new name.
        const renamed = names.renew(text);
        // In a transaction the error has aborted it; withTx runs it again (db-errors.ts).
        if (inTransaction) throw e;
        return c.query({ name: renamed, text, values: values ?? [] });
      }
    };
    return {
      query: ((sqlOrCursor: unknown, params?: readonly unknown[]) =>
        typeof sqlOrCursor === "string"
          ? run(sqlOrCursor, params?.map(toPg))
          : c.query(sqlOrCursor as never)) as unknown as PostgresPoolClient["query"],
      release: (destroy?: boolean) => {
        c.off("error", ignore);
        c.release(destroy);
      },
    };
  };
  return { connect: async () => wrap(await inner.connect()), end: () => inner.end() };
}
