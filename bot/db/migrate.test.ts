import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCatalog, HelpdeskConfig } from "../../core/config.js";
import { lookupHash } from "../../core/keys/lookup-hash.js";
import { ingestInbound } from "../../core/tickets/ingest-inbound.js";
import { testConfigInput, testProvider } from "../../test/harness.js";
import { openDatabase, type DatabaseTarget, type OpenDatabase } from "./connect.js";
import { migratePostgres, migrateSqlite, quoteIdent } from "./migrate.js";
import { agentByChatUser } from "../../core/agents/agent-by-chat-user.js";
import { createTicket } from "../../core/tickets/create-ticket.js";

/** Statements on a database the application has not opened yet, `?` placeholders on both providers. */
interface Raw {
  run(sql: string, args?: unknown[]): Promise<void>;
  rows<R>(sql: string, args?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

/** A database of its own, migrated step by step, with raw statements beside the application. */
interface Scratch {
  target: DatabaseTarget;
  migrate: (upTo?: string) => Promise<string[]>;
  raw: () => Promise<Raw>;
  cleanup: () => Promise<void>;
}

function scratchDatabase(): Scratch {
  let target: DatabaseTarget;
  let migrate: Scratch["migrate"];
  let raw: Scratch["raw"];
  let cleanup: Scratch["cleanup"];

  const base = process.env.TEST_DATABASE_URL;
  if (base) {
    const schema = `t_${randomBytes(6).toString("hex")}`;
    const url = base.replace(/\?.*$/, "");
    target = { provider: "postgresql", url, schema };
    migrate = (upTo) => migratePostgres(url, schema, { upTo });
    raw = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`SET search_path TO ${quoteIdent(schema)}`);
      const dollar = (sql: string) =>
        sql.replace(
          /\?/g,
          (() => {
            let n = 0;
            return () => `$${++n}`;
          })(),
        );
      return {
        run: async (sql, args = []) => void (await c.query(dollar(sql), args)),
        rows: async <R>(sql: string, args: unknown[] = []) => (await c.query(dollar(sql), args)).rows as R[],
        close: () => c.end(),
      };
    };
    cleanup = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
      await c.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), "helpdesk-migrate-"));
    const file = join(dir, "test.db");
    target = { provider: "sqlite", file };
    migrate = async (upTo) => migrateSqlite(file, { upTo });
    raw = async () => {
      const db = new Database(file);
      return {
        run: async (sql, args = []) => void db.prepare(sql).run(...args),
        rows: async <R>(sql: string, args: unknown[] = []) => db.prepare(sql).all(...args) as R[],
        close: async () => void db.close(),
      };
    };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  return { target, migrate, raw, cleanup };
}

let target: DatabaseTarget;
let migrate: Scratch["migrate"];
let raw: Scratch["raw"];
beforeAll(() => {
  const s = scratchDatabase();
  ({ target, migrate, raw } = s);
  return s.cleanup;
});

describe(`migration 0006: lookups by hash (${testProvider})`, () => {
  // Non-ASCII on purpose: the SQL hash and the application's must agree on the UTF-8 bytes.
  const domain = "bücher.example";
  const email = `josé@${domain}`;
  const messageId = "<größe-1@bücher.example>";

  it("fills the hash of every row stored before it, and keeps rows that refer to rebuilt tables", async () => {
    expect(await migrate("0005_expiring_keys")).toContain("0005_expiring_keys");
    const db = await raw();
    // Timestamps as the application writes them on SQLite (ISO text), and as PostgreSQL takes them.
    const at = target.provider === "sqlite" ? "2026-01-05T09:00:00.000+00:00" : "2026-01-05T09:00:00.000Z";
    await db.run(`INSERT INTO "Company" (id, domain, name, "createdAt") VALUES ('co1', ?, 'Bücher', ?)`, [domain, at]);
    await db.run(`INSERT INTO "Contact" (id, email, name, "companyId", "createdAt") VALUES ('c1', ?, 'José', 'co1', ?)`, [email, at]);
    await db.run(`INSERT INTO "Contact" (id, email, "slackUserId", "createdAt") VALUES ('c2', NULL, 'U0CHAT', ?)`, [at]);
    await db.run(
      `INSERT INTO "Ticket" (id, subject, "pipelineId", "statusId", source, "contactId", "companyId", "createdAt", "updatedAt") VALUES (7, 'Old', 'support', 'new', 'email', 'c1', 'co1', ?, ?)`,
      [at, at],
    );
    await db.run(`INSERT INTO "TicketContact" ("ticketId", "contactId", role) VALUES (7, 'c1', 'requester')`);
    await db.run(
      `INSERT INTO "Message" (id, "ticketId", kind, text, channel, "authorContactId", "createdAt") VALUES ('m1', 7, 'INBOUND', 'hi', 'email', 'c1', ?)`,
      [at],
    );
    await db.run(`INSERT INTO "MessageRef" (id, "messageId", system, "externalId") VALUES ('r1', 'm1', 'email', ?)`, [messageId]);
    await db.close();

    expect(await migrate()).toContain("0006_hashed_keys_and_quarantine");
    const after = await raw();
    try {
      expect(await after.rows(`SELECT "domainHash" AS h FROM "Company" WHERE id = 'co1'`)).toEqual([{ h: lookupHash(domain) }]);
      expect(await after.rows(`SELECT id, "emailHash" AS h FROM "Contact" ORDER BY id`)).toEqual([
        { id: "c1", h: lookupHash(email) },
        { id: "c2", h: null },
      ]);
      expect(await after.rows(`SELECT "externalIdHash" AS h FROM "MessageRef" WHERE id = 'r1'`)).toEqual([{ h: lookupHash(messageId) }]);
      // Rebuilding Company on SQLite must not have cascaded (ON DELETE SET NULL) to its contacts and tickets.
      expect(await after.rows(`SELECT "companyId" AS co FROM "Contact" WHERE id = 'c1'`)).toEqual([{ co: "co1" }]);
      const tickets = await after.rows<{ co: string | null; quarantined: unknown }>(
        `SELECT "companyId" AS co, quarantined FROM "Ticket" WHERE id = 7`,
      );
      expect(tickets).toMatchObject([{ co: "co1" }]);
      // A ticket from before the migration stays in the queues, not filed apart (SQLite reads false as 0).
      expect([false, 0]).toContain(tickets[0]!.quarantined);
    } finally {
      await after.close();
    }
  });

  it("lets the application find what was stored before: the contact, its company and the thread", async () => {
    const open: OpenDatabase = await openDatabase(target);
    try {
      const deps = {
        db: open.db,
        catalog: buildCatalog(HelpdeskConfig.parse(testConfigInput)),
        now: () => new Date("2026-01-06T09:00:00Z"),
      };
      // A reply to the old Message-ID, from the old contact written in another case.
      const reply = await ingestInbound(deps, {
        channel: "email",
        from: { email: email.toUpperCase() },
        text: "again",
        externalId: "<reply-1@bücher.example>",
        threadKeys: { messageIds: [messageId] },
      });
      expect(reply).toMatchObject({ created: false, ticket: { id: 7, contact: { id: "c1" }, company: { id: "co1" } } });
      // A new colleague at the same company joins it rather than making a second one.
      const colleague = await ingestInbound(deps, {
        channel: "email",
        from: { email: `ana@${domain}` },
        text: "new question",
        externalId: "<new-1@bücher.example>",
      });
      expect(colleague).toMatchObject({ created: true, ticket: { company: { id: "co1" } } });
      expect(await open.db.selectFrom("Contact").select("id").where("email", "=", email).execute()).toHaveLength(1);
      expect(await open.db.selectFrom("Company").select("id").execute()).toHaveLength(1);
    } finally {
      await open.close();
    }
  });
});

describe(`migration 0008: chat identities (${testProvider})`, () => {
  let s: Scratch;
  beforeAll(() => {
    s = scratchDatabase();
    return s.cleanup;
  });

  it("turns the per-platform user id columns of agents and contacts into identity rows", async () => {
    expect(await s.migrate("0007_outbox_ticket_chain_index")).toContain("0007_outbox_ticket_chain_index");
    const db = await s.raw();
    const at = s.target.provider === "sqlite" ? "2026-01-05T09:00:00.000+00:00" : "2026-01-05T09:00:00.000Z";
    const agent = `INSERT INTO "Agent" (id, name, "slackUserId", "discordUserId", role, active, "createdAt") VALUES (?, ?, ?, ?, 'agent', true, ?)`;
    await db.run(agent, ["bob", "Bob", "U0BOB", "100000000000000001", at]);
    await db.run(agent, ["slack-U0RAY", "Ray", "U0RAY", null, at]);
    await db.run(agent, ["old", "Old", null, null, at]);
    const contact = `INSERT INTO "Contact" (id, name, "slackUserId", "discordUserId", "createdAt") VALUES (?, ?, ?, ?, ?)`;
    await db.run(contact, ["carol", "Carol", "U0CAROL", null, at]);
    await db.run(contact, ["dan", "Dan", null, "200000000000000001", at]);
    // An agent's own message once made into a ticket: the account is the agent's and that contact's.
    await db.run(contact, ["bob-as-requester", "Bob", "U0BOB", null, at]);
    await db.close();

    expect(await s.migrate()).toContain("0008_chat_identities");
    const after = await s.raw();
    try {
      const rows = await after.rows<{
        surface: string;
        externalId: string;
        kind: string;
        agentId: string | null;
        contactId: string | null;
      }>(`SELECT surface, "externalId", kind, "agentId", "contactId" FROM "ChatIdentity" ORDER BY surface, "externalId", kind`);
      expect(rows).toEqual([
        { surface: "discord", externalId: "100000000000000001", kind: "agent", agentId: "bob", contactId: null },
        { surface: "discord", externalId: "200000000000000001", kind: "contact", agentId: null, contactId: "dan" },
        { surface: "slack", externalId: "U0BOB", kind: "agent", agentId: "bob", contactId: null },
        { surface: "slack", externalId: "U0BOB", kind: "contact", agentId: null, contactId: "bob-as-requester" },
        { surface: "slack", externalId: "U0CAROL", kind: "contact", agentId: null, contactId: "carol" },
        { surface: "slack", externalId: "U0RAY", kind: "agent", agentId: "slack-U0RAY", contactId: null },
      ]);
      // Every agent and contact is still there.
      expect(await after.rows(`SELECT id FROM "Agent" ORDER BY id`)).toHaveLength(3);
      expect(await after.rows(`SELECT id FROM "Contact" ORDER BY id`)).toHaveLength(3);
    } finally {
      await after.close();
    }
  });

  it("lets the application find the agents and contacts by their chat accounts", async () => {
    const open: OpenDatabase = await openDatabase(s.target);
    try {
      const deps = {
        db: open.db,
        catalog: buildCatalog(HelpdeskConfig.parse(testConfigInput)),
        now: () => new Date("2026-01-06T09:00:00Z"),
      };
      expect(await agentByChatUser(deps, "slack", "U0BOB")).toEqual({ id: "bob", active: true });
      expect(await agentByChatUser(deps, "discord", "100000000000000001")).toEqual({ id: "bob", active: true });
      expect(await agentByChatUser(deps, "slack", "U0CAROL")).toBeNull();
      const ticket = await createTicket(
        deps,
        { subject: "Again", requester: { surface: "discord", userId: "200000000000000001" } },
        { type: "agent", agentId: "bob" },
      );
      expect(ticket.contact).toMatchObject({ id: "dan", name: "Dan" });
      // Bob's own Slack account as a requester is still the contact it was.
      const own = await createTicket(
        deps,
        { subject: "Mine", requester: { surface: "slack", userId: "U0BOB" } },
        { type: "agent", agentId: "bob" },
      );
      expect(own.contact).toMatchObject({ id: "bob-as-requester" });
    } finally {
      await open.close();
    }
  });
});

describe(`migration 0009: expiring keys by namespace (${testProvider})`, () => {
  let s: Scratch;
  beforeAll(() => {
    s = scratchDatabase();
    return s.cleanup;
  });

  it("moves each key stored before it to its namespace, and drops the old leases that were keys", async () => {
    await s.migrate("0008_chat_identities");
    const db = await s.raw();
    const at = s.target.provider === "sqlite" ? "2026-12-01T09:00:00.000+00:00" : "2026-12-01T09:00:00.000Z";
    for (const key of [
      "slack:event:Ev1",
      "discord:event:99",
      "slack:usergroup-member:U1",
      "notice:thread:7:U2",
      "slack:request:1:abc",
      "form:web:t1",
    ]) {
      await db.run(`INSERT INTO "ExpiringKey" (key, value, "expiresAt") VALUES (?, 'v', ?)`, [key, at]);
    }
    for (const name of ["slack:event:Ev0", "discord:thread-notice:5:U3", "discord:gateway"]) {
      await db.run(`INSERT INTO "Lease" (name, holder, "expiresAt") VALUES (?, 'h', ?)`, [name, at]);
    }
    await db.close();

    expect(await s.migrate()).toContain("0009_expiring_key_namespace");
    const after = await s.raw();
    try {
      expect(await after.rows(`SELECT namespace, key FROM "ExpiringKey" ORDER BY namespace, key`)).toEqual([
        { namespace: "chat-event", key: "discord:99" },
        { namespace: "chat-event", key: "slack:Ev1" },
        { namespace: "group-member", key: "slack:U1" },
        { namespace: "intake-request", key: "form:web:t1" },
        { namespace: "notice", key: "thread:7:U2" },
        { namespace: "signed-request", key: "slack:request:1:abc" },
      ]);
      expect(await after.rows(`SELECT name FROM "Lease"`)).toEqual([{ name: "discord:gateway" }]);
    } finally {
      await after.close();
    }
  });
});

describe(`migration 0021: the survey's time on its ticket (${testProvider})`, () => {
  let s: Scratch;
  beforeAll(() => {
    s = scratchDatabase();
    return s.cleanup;
  });

  it("copies each ticket's survey time, and leaves tickets never surveyed without one", async () => {
    await s.migrate("0020_customer_channels");
    const db = await s.raw();
    const sqlite = s.target.provider === "sqlite";
    const at = sqlite ? "2026-12-01T09:00:00.000+00:00" : "2026-12-01T09:00:00.000Z";
    const sent = sqlite ? "2026-12-02T10:30:00.000+00:00" : "2026-12-02T10:30:00.000Z";
    await db.run(`INSERT INTO "Contact" (id, email, "createdAt") VALUES ('c1', 'a@example.com', ?)`, [at]);
    for (const id of [1, 2])
      await db.run(
        `INSERT INTO "Ticket" (id, subject, "pipelineId", "statusId", source, "contactId", "createdAt", "updatedAt") VALUES (?, 'Old', 'support', 'resolved', 'email', 'c1', ?, ?)`,
        [id, at, at],
      );
    await db.run(
      `INSERT INTO "CsatSurvey" (id, "ticketId", "contactId", channel, locale, "sentAt", "expiresAt") VALUES ('s1', 1, 'c1', 'email', 'en', ?, ?)`,
      [sent, sent],
    );
    await db.close();

    expect(await s.migrate()).toContain("0021_csat_sent_on_ticket");
    const after = await s.raw();
    try {
      const rows = await after.rows<{ id: number; sentAt: unknown }>(`SELECT id, "csatSentAt" AS "sentAt" FROM "Ticket" ORDER BY id`);
      expect(
        rows.map((r) => ({
          id: Number(r.id),
          sentAt: r.sentAt === null ? null : new Date(r.sentAt as string | Date).toISOString(),
        })),
      ).toEqual([
        { id: 1, sentAt: "2026-12-02T10:30:00.000Z" },
        { id: 2, sentAt: null },
      ]);
    } finally {
      await after.close();
    }
  });
});
