// Which statements a page spends its time in: a Kysely plugin timing every statement from its
// compilation to its result, summed per statement text, and the database's plan for the costliest
// (EXPLAIN QUERY PLAN on SQLite, EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL).
import {
  CompiledQuery,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from "kysely";
import type { Db } from "../core/db.js";

interface Statement {
  calls: number;
  totalMs: number;
  sample: CompiledQuery;
}

export class StatementTimes implements KyselyPlugin {
  readonly #started = new WeakMap<QueryId, { node: RootOperationNode; t0: number }>();
  readonly #byText = new Map<string, Statement>();
  #db: Db | null = null;

  /** `db` with this plugin: what the traced page is given. */
  attach(db: Db): Db {
    this.#db = db;
    return db.withPlugin(this);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.#started.set(args.queryId, { node: args.node, t0: performance.now() });
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const ms = performance.now();
    const s = this.#started.get(args.queryId);
    if (s && this.#db) {
      const sample = this.#db.getExecutor().compileQuery(s.node, args.queryId);
      const known = this.#byText.get(sample.sql) ?? { calls: 0, totalMs: 0, sample };
      known.calls += 1;
      known.totalMs += ms - s.t0;
      this.#byText.set(sample.sql, known);
    }
    return args.result;
  }

  clear(): void {
    this.#byText.clear();
  }

  /** Statements by total time, costliest first. */
  top(n: number): Statement[] {
    return [...this.#byText.values()].sort((a, b) => b.totalMs - a.totalMs).slice(0, n);
  }
}

/** The plan of `q` as the database gives it, one line per step. */
export async function explain(db: Db, provider: "sqlite" | "postgresql", q: CompiledQuery): Promise<string[]> {
  const prefix = provider === "sqlite" ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, BUFFERS) ";
  const { rows } = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + q.sql, [...q.parameters]));
  const lines =
    provider === "sqlite" ? rows.map((r) => `${"  ".repeat(depth(rows, r))}${String(r.detail)}`) : rows.map((r) => String(r["QUERY PLAN"]));
  // Long expressions (the day of each row, as nested CASEs) would fill the screen.
  return lines.map((l) => (l.length > 200 ? `${l.slice(0, 200)}…` : l));
}

/** How deep a step of SQLite's plan sits (its parent chain). */
function depth(rows: Record<string, unknown>[], r: Record<string, unknown>): number {
  let d = 0;
  for (let p = r.parent; p !== 0 && d < 20; d++) p = rows.find((x) => x.id === p)?.parent ?? 0;
  return d;
}
