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
 * A pg pool as Kysely's PostgreSQL dialect sees it, with the conversions above, on the given schema.
 * Every session shows dates in ISO form (what the parser above reads, whatever the server's
 * default) and runs in UTC, so `now()` and column defaults are UTC like the values we send.
 */
export function kyselyPostgresPool(url: string, schema: string, max: number): PostgresPool {
  const options = [`search_path=${schema}`, "DateStyle=ISO", "TimeZone=UTC"].map((o) => `-c ${o}`).join(" ");
  const inner = new pg.Pool({ connectionString: url, max, types, options });
  // An idle client losing its connection (a server restart) must not crash the process.
  inner.on("error", () => undefined);
  const wrap = (c: pg.PoolClient): PostgresPoolClient => ({
    query: ((sqlOrCursor: unknown, params?: readonly unknown[]) =>
      typeof sqlOrCursor === "string"
        ? c.query(sqlOrCursor, params?.map(toPg))
        : c.query(sqlOrCursor as never)) as unknown as PostgresPoolClient["query"],
    release: (destroy?: boolean) => c.release(destroy),
  });
  return { connect: async () => wrap(await inner.connect()), end: () => inner.end() };
}
