// Replicas on one PostgreSQL wake each other: a transaction that wrote work sends a NOTIFY (which
// PostgreSQL delivers only when, and if, it commits), and every replica LISTENs on one connection
// kept apart from the pool. A lost connection is opened again; polling covers the gap meanwhile.
// @see https://www.postgresql.org/docs/current/sql-notify.html
import net from "node:net";
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
  /** Ends the connection, whether it listens or is being opened, and stops trying to open one. */
  close(): Promise<void>;
}

export interface ListenOptions {
  /** The wait before the first attempt again after a failure; doubled after each one that fails. */
  retryMs?: number;
  /** The longest wait between attempts. */
  maxRetryMs?: number;
  /** How long opening the connection may take before the attempt counts as failed. */
  connectTimeoutMs?: number;
}

/**
 * Calls `onWake` for every NOTIFY on the channel. Never throws: a connection that cannot be opened,
 * or that drops, is tried again with a growing wait (the worker's poll covers the gap), and each
 * time it listens again `onWake` is called, since work committed meanwhile was announced to no one.
 */
export async function listenForWork(
  url: string,
  channel: string,
  onWake: () => void,
  log: Logger,
  opts: ListenOptions = {},
): Promise<WorkListener> {
  const firstWaitMs = opts.retryMs ?? 500;
  const maxWaitMs = opts.maxRetryMs ?? 30_000;
  let waitMs = firstWaitMs;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  /** The connection being opened or listening: close() ends it either way. */
  let current: Connection | null = null;

  const later = () => {
    if (closed) return;
    retry = setTimeout(() => void attempt(), waitMs);
    // The poll goes on without the listener: waiting to try again keeps no process alive.
    retry.unref();
    waitMs = Math.min(waitMs * 2, maxWaitMs);
  };
  const open = async (): Promise<void> => {
    const c = connection(url, opts.connectTimeoutMs ?? 10_000);
    current = c;
    c.client.on("notification", (n) => {
      if (n.channel === channel) onWake();
    });
    // Errors while opening reject connect() or LISTEN below; these are for a connection that listened.
    const lost = (err: string) => {
      if (closed || current !== c || !c.listening) return;
      current = null;
      void endConnection(c);
      log.warn("postgres LISTEN connection lost; polling until it is back", { err, retryInMs: waitMs });
      later();
    };
    c.client.on("error", (e) => lost(e.message));
    c.client.on("end", () => lost("connection ended"));
    try {
      await c.client.connect();
      c.open = true;
      await c.client.query(`LISTEN ${quoteIdent(channel)}`);
    } catch (e) {
      // LISTEN can fail on a connection that opened: it is ended too, not left open.
      if (current === c) current = null;
      void endConnection(c);
      throw e;
    }
    if (current !== c) return; // closed meanwhile
    c.listening = true;
    waitMs = firstWaitMs;
    // Work committed while no one listened is not announced again: look now.
    onWake();
  };
  const attempt = async (): Promise<void> => {
    retry = null;
    try {
      await open();
    } catch (e) {
      if (closed) return;
      log.warn("postgres LISTEN could not connect; polling until it can, and trying again", { err: String(e), retryInMs: waitMs });
      later();
    }
  };
  await attempt();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      retry = null;
      const c = current;
      current = null;
      if (c) await endConnection(c);
    },
  };
}

/** A client on a socket of its own, so that a connection still being opened can be ended at once. */
interface Connection {
  client: pg.Client;
  socket: net.Socket;
  /** Connected: end() says goodbye to the server. */
  open: boolean;
  listening: boolean;
}

function connection(url: string, connectTimeoutMs: number): Connection {
  const socket = new net.Socket();
  const client = new pg.Client({
    connectionString: url,
    stream: () => socket,
    connectionTimeoutMillis: connectTimeoutMs,
    // An idle connection learns that its server went away (a failover, a dropped NAT entry) only
    // from keepalive probes; without them it would wait for notifications that never come.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  return { client, socket, open: false, listening: false };
}

/**
 * Ends a connection: an open one with a goodbye to the server, waited for a second at most (a
 * server that stopped answering must not hold shutdown up), then by closing its socket, which also
 * ends one still being opened (pg's own end() waits for that one's connect timeout).
 */
async function endConnection(c: Connection): Promise<void> {
  if (c.open) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([c.client.end().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, 1_000)))]);
    clearTimeout(timer);
  }
  c.socket.destroy();
}
