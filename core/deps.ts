import type { Catalog } from "./config.js";
import type { Db, Tx } from "./db.js";
import { transientDriverError, type Sql } from "./sql.js";

/** Who is acting. Agents act from chat; contacts by writing in; the system on its own behalf. */
export type Actor =
  | { type: "agent"; agentId: string }
  | { type: "contact"; contactId: string }
  | { type: "system" };

export const systemActor: Actor = { type: "system" };

/** What every use case is given. No module-level singletons: tests build their own. */
export interface CoreDeps {
  db: Db;
  /** Plain SQL on the same connections, for the hot intake path. */
  sql: Sql;
  catalog: Catalog;
  now: () => Date;
}

const retryableCodes = new Set([
  "P2002", // unique constraint: a racing transaction created the same contact/company first
  "P2034", // write conflict or deadlock (PostgreSQL)
]);

/**
 * Runs `fn` in one database transaction. A transaction that lost a race on a unique key or hit a
 * write conflict is retried from the start (a few times), since its reads are stale.
 */
export async function withTx<T>(deps: CoreDeps, fn: (tx: Tx) => Promise<T>, opts: { attempts?: number } = {}): Promise<T> {
  const attempts = opts.attempts ?? 4;
  for (let i = 1; ; i++) {
    try {
      return await deps.db.$transaction(fn, { maxWait: 10_000, timeout: 20_000 });
    } catch (e) {
      // A deadlock or serialization failure the driver adapter passes on without a Prisma code
      // rolled the transaction back too, and is retried the same way.
      const retryable = retryableCodes.has(prismaCode(e) ?? "") || transientDriverError(e) === "rolled_back";
      if (i >= attempts || !retryable) throw e;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 10 * i));
    }
  }
}

export function prismaCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^P\d{4}$/.test(code) ? code : undefined;
}
