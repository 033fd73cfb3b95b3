// Claims and notes on a ticket that changes underneath them, and meeting transient driver errors.
// The races need PostgreSQL (READ COMMITTED, row locks): SQLite runs one writer at a time.
import type { Transaction } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../generated/kysely/types.js";
import { as, testCore, testProvider, type TestCore } from "../../test/harness.js";
import type { CoreDeps } from "../deps.js";
import { claimTicket } from "./claim-ticket.js";
import { commentOnTicket } from "./comment-on-ticket.js";
import { createTicket } from "./create-ticket.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const ticket = async (subject: string) =>
  (await createTicket(t.deps, { subject, teamId: null, requester: { email: "r@acme.io" } }, as.ada)).id;

/** Another session on the test schema, standing in for a concurrent use case on another replica. */
async function otherSession(): Promise<pg.Client> {
  const u = new URL(t.database.url);
  const schema = u.searchParams.get("schema")!;
  u.search = "";
  const c = new pg.Client({ connectionString: u.toString(), options: `-c search_path=${schema}` });
  await c.connect();
  return c;
}

/** Waits until some backend is blocked on a lock `holder` holds (or gives up after 3 s). Returns the blocked pids. */
async function blockedBy(holder: pg.Client, watcher: pg.Client): Promise<number[]> {
  const [{ pid }] = (await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows as [{ pid: number }];
  for (let i = 0; i < 150; i++) {
    const r = await watcher.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", [pid]);
    if (r.rows.length) return r.rows.map((x) => x.pid);
    await new Promise((res) => setTimeout(res, 20));
  }
  return [];
}

/**
 * Runs `action` while another session has `change` applied to the ticket's row, uncommitted, and
 * commits that change once the action waits on it (or after 3 s if it never waits).
 */
async function whileChanging<T>(change: (c: pg.Client) => Promise<void>, action: () => Promise<T>): Promise<PromiseSettledResult<T>> {
  const holder = await otherSession();
  const watcher = await otherSession();
  try {
    await holder.query("BEGIN");
    await change(holder);
    const running = action();
    running.catch(() => {});
    await blockedBy(holder, watcher);
    await holder.query("COMMIT");
    return (await Promise.allSettled([running]))[0]!;
  } finally {
    await holder.end();
    await watcher.end();
  }
}

const claims = { claimTicket };
const notes = { commentOnTicket };

describe.runIf(testProvider === "postgresql")("a claim that waited on a concurrent change (PostgreSQL)", () => {
  for (const [name, claim] of Object.entries(claims)) {
    it(`${name}: refuses a ticket moved meanwhile to a team the agent is not in`, async () => {
      const id = await ticket(`moved ${name}`);
      const r = await whileChanging(
        (c) => c.query(`UPDATE "Ticket" SET "teamId" = 'vip', "updatedAt" = now() WHERE id = $1`, [id]).then(() => {}),
        () => claim(t.deps, { ticketId: id }, as.bob),
      );
      expect(r).toMatchObject({ status: "rejected", reason: { code: "not_found" } });
      const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({ teamId: "vip", ownerId: null });
      expect(await t.prisma.timelineEvent.count({ where: { ticketId: id, type: "ticket.claimed" } })).toBe(0);
    });

    it(`${name}: refuses a ticket deleted meanwhile`, async () => {
      const id = await ticket(`deleted ${name}`);
      const r = await whileChanging(
        (c) => c.query(`UPDATE "Ticket" SET "deletedAt" = now() WHERE id = $1`, [id]).then(() => {}),
        () => claim(t.deps, { ticketId: id }, as.bob),
      );
      expect(r).toMatchObject({ status: "rejected", reason: { code: "not_found", message: `Ticket #${id} was deleted.` } });
      expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).ownerId).toBeNull();
    });

    it(`${name}: still tells the loser of a race who won`, async () => {
      const id = await ticket(`raced ${name}`);
      const r = await whileChanging(
        (c) => c.query(`UPDATE "Ticket" SET "ownerId" = 'cy' WHERE id = $1`, [id]).then(() => {}),
        () => claim(t.deps, { ticketId: id }, as.bob),
      );
      expect(r).toMatchObject({ status: "rejected", reason: { code: "conflict", message: `#${id} is already claimed by Cy.` } });
    });

    it(`${name}: refuses a ticket merged meanwhile and writes nothing`, async () => {
      const primary = await ticket(`primary ${name}`);
      const id = await ticket(`merged away ${name}`);
      const r = await whileChanging(
        (c) => c.query(`UPDATE "Ticket" SET "mergedIntoId" = $1 WHERE id = $2`, [primary, id]).then(() => {}),
        () => claim(t.deps, { ticketId: id }, as.bob),
      );
      expect(r).toMatchObject({
        status: "rejected",
        reason: { code: "invalid", message: expect.stringContaining(`merged into #${primary}`) },
      });
      expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).ownerId).toBeNull();
      expect(await t.prisma.timelineEvent.count({ where: { ticketId: id, type: "ticket.claimed" } })).toBe(0);
      expect(await t.prisma.outbox.count({ where: { ticketId: id, payload: { contains: '"owner"' } } })).toBe(0);
    });
  }
});

describe.runIf(testProvider === "postgresql")("a note written during a merge (PostgreSQL)", () => {
  for (const [name, comment] of Object.entries(notes)) {
    it(`${name}: is refused, not stranded on the merged-away ticket`, async () => {
      const primary = await ticket(`primary ${name}`);
      const secondary = await ticket(`secondary ${name}`);
      const text = `note during merge ${name}`;
      const r = await whileChanging(
        async (c) => {
          // mergeTickets: lock the secondary, move its thread, mark it merged.
          await c.query(`UPDATE "Ticket" SET "updatedAt" = now() WHERE id = $1`, [secondary]);
          await c.query(`UPDATE "Message" SET "ticketId" = $1 WHERE "ticketId" = $2`, [primary, secondary]);
          await c.query(`UPDATE "Ticket" SET "mergedIntoId" = $1 WHERE id = $2`, [primary, secondary]);
        },
        () => comment(t.deps, { ticketId: secondary, text }, as.bob),
      );
      expect(r).toMatchObject({
        status: "rejected",
        reason: { code: "invalid", message: expect.stringContaining(`merged into #${primary}`) },
      });
      expect(await t.prisma.message.count({ where: { text } })).toBe(0);
      expect(await t.prisma.timelineEvent.count({ where: { ticketId: secondary, type: "message.commented" } })).toBe(0);
    });
  }

  it("a note waits for the ticket's row lock, then writes on what was committed", async () => {
    const id = await ticket("renamed meanwhile");
    const r = await whileChanging(
      (c) => c.query(`UPDATE "Ticket" SET subject = 'renamed', "updatedAt" = now() WHERE id = $1`, [id]).then(() => {}),
      () => commentOnTicket(t.deps, { ticketId: id, text: "hello" }, as.bob),
    );
    expect(r).toMatchObject({ status: "fulfilled", value: { ticket: { subject: "renamed" } } });
  });
});

/**
 * deps whose first transaction fails with `error`, the way the driver reports it: before any
 * statement ran, or after the use case's body (rolled back, as a failed COMMIT would be).
 */
function failingOnce(error: Error, when: "first statement" | "after the body"): CoreDeps {
  const real = t.deps.db;
  let failed = false;
  const transaction = () => {
    const builder = real.transaction();
    if (failed) return builder;
    failed = true;
    return {
      execute: async <T>(fn: (tx: Transaction<DB>) => Promise<T>): Promise<T> => {
        if (when === "first statement") throw error;
        return builder.execute(async (tx) => {
          await fn(tx);
          throw error;
        });
      },
    };
  };
  // Everything but transaction() goes to the real instance (bound: Kysely keeps its state in private fields).
  const db = new Proxy(real, {
    get: (target, prop) => {
      if (prop === "transaction") return transaction;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { ...t.deps, db };
}

/** Driver errors as pg and better-sqlite3 report them: a SQLSTATE or errno-style code on the error. */
const driverError = (message: string, code: string) => Object.assign(new Error(message), { code });
const deadlock = driverError("deadlock detected", "40P01");
const writeConflict = driverError("could not serialize access due to concurrent update", "40001");
const connectionReset = driverError("read ECONNRESET", "ECONNRESET");

describe("claims and notes meeting a transient driver error", () => {
  for (const [label, error] of [
    ["a deadlock", deadlock],
    ["a serialization failure", writeConflict],
  ] as const) {
    it(`a claim is retried after ${label}`, async () => {
      const id = await ticket(`claim after ${label}`);
      await expect(claimTicket(failingOnce(error, "first statement"), { ticketId: id }, as.bob)).resolves.toMatchObject({
        owner: { id: "bob" },
      });
      expect(await t.prisma.timelineEvent.count({ where: { ticketId: id, type: "ticket.claimed" } })).toBe(1);
    });

    it(`a note is retried after ${label}`, async () => {
      const id = await ticket(`note after ${label}`);
      const r = await commentOnTicket(failingOnce(error, "first statement"), { ticketId: id, text: `after ${label}` }, as.bob);
      expect(await t.prisma.message.count({ where: { ticketId: id, text: `after ${label}` } })).toBe(1);
      expect(r.ticket.id).toBe(id);
    });
  }

  it("a serialization failure at commit is retried (it certainly rolled back), and the claim lands once", async () => {
    const id = await ticket("conflict at commit");
    await expect(claimTicket(failingOnce(writeConflict, "after the body"), { ticketId: id }, as.bob)).resolves.toMatchObject({
      owner: { id: "bob" },
    });
    expect(await t.prisma.timelineEvent.count({ where: { ticketId: id, type: "ticket.claimed" } })).toBe(1);
  });

  it("a connection lost during COMMIT is not retried (it may have committed)", async () => {
    const id = await ticket("lost at commit");
    await expect(
      commentOnTicket(failingOnce(connectionReset, "after the body"), { ticketId: id, text: "maybe saved" }, as.bob),
    ).rejects.toBe(connectionReset);
    expect(await t.prisma.message.count({ where: { ticketId: id, text: "maybe saved" } })).toBe(0);
  });

  it("any other error is not swallowed", async () => {
    const id = await ticket("other error");
    const boom = new Error("boom");
    await expect(claimTicket(failingOnce(boom, "first statement"), { ticketId: id }, as.bob)).rejects.toBe(boom);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).ownerId).toBeNull();
  });
});
