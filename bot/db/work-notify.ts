// Replicas on one PostgreSQL wake each other: a transaction that wrote work sends a NOTIFY (which
// PostgreSQL delivers only when, and if, it commits), and every replica LISTENs on one connection
// kept apart from the pool. A lost connection is opened again; polling covers the gap meanwhile.
// @see https://www.postgresql.org/docs/current/sql-notify.html
import pg from "pg";
import { sql } from "kysely";
import type { Tx } from "../../core/db.js";
import type { Logger } from "../../core/log.js";
import { quoteIdent } from "./migrate.js";

/** The channel of one schema's help desk (several may share a server). */
export function workChannel(schema: string): string {
  return `helpdesk_work_${schema}`.slice(0, 63);
}

/** Sends the wake in the transaction: delivered at its commit, dropped with its rollback. */
export async function notifyWork(tx: Tx, channel: string): Promise<void> {
  await sql`select pg_notify(${channel}, '')`.execute(tx);
}

export interface WorkListener {
  close(): Promise<void>;
}

/** Calls `onWake` for every NOTIFY on the channel, reconnecting (with a growing wait) when the connection drops. */
export async function listenForWork(url: string, channel: string, onWake: () => void, log: Logger): Promise<WorkListener> {
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let waitMs = 500;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on("notification", (n) => {
      if (n.channel === channel) onWake();
    });
    c.on("error", (e) => {
      log.warn("postgres LISTEN connection lost; polling until it is back", { err: e.message });
      reconnect(c);
    });
    await c.connect();
    await c.query(`LISTEN ${quoteIdent(channel)}`);
    client = c;
    waitMs = 500;
    // Work committed while no one listened is not announced again: look now.
    onWake();
  };
  const reconnect = (c: pg.Client) => {
    if (closed || client !== c) return;
    client = null;
    c.end().catch(() => undefined);
    later();
  };
  const later = () => {
    retry = setTimeout(() => void reconnectLater(), waitMs);
    retry.unref();
  };
  const reconnectLater = async () => {
    retry = null;
    if (closed) return;
    try {
      await connect();
    } catch (e) {
      waitMs = Math.min(waitMs * 2, 30_000);
      later();
      log.warn("postgres LISTEN reconnect failed; trying again", { err: String(e) });
    }
  };
  await connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
