// What the core relies on from the database, checked on whichever provider the run uses
// (SQLite by default, PostgreSQL when TEST_DATABASE_URL is set): CI runs it on both. The
// store-level code built on it has its own contract: test/store-level.test.ts.
import { randomBytes } from "node:crypto";
import { CompiledQuery, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, testProvider, type TestDatabase } from "./harness.js";
import { loadMigrations, migratePostgres, migrateSqlite } from "../bot/db/migrate.js";
import { lookupHash, messageRefKey } from "../core/keys/lookup-hash.js";

let d: TestDatabase;
beforeAll(async () => {
  d = await freshDatabase();
});
afterAll(() => d.drop());

const ticket = (subject: string) => ({ subject, pipelineId: "support", statusId: "new", source: "manual" });

describe(`store contract (${testProvider})`, () => {
  it("records every migration it applied, and applying again is a no-op", async () => {
    const names = loadMigrations(testProvider).map((m) => m.name);
    expect(d.migrationsApplied).toEqual(names);
    const { rows } = await sql<{ name: string }>`SELECT name FROM "_helpdesk_migrations" ORDER BY name`.execute(d.db);
    expect(rows.map((r) => r.name)).toEqual(names);
    const again = d.target.provider === "sqlite" ? migrateSqlite(d.target.file) : await migratePostgres(d.target.url, d.target.schema);
    expect(again).toEqual([]);
  });

  it("never reuses a ticket number, even after the newest ticket is deleted", async () => {
    const a = await d.prisma.ticket.create({ data: ticket("a") });
    const b = await d.prisma.ticket.create({ data: ticket("b") });
    expect(b.id).toBeGreaterThan(a.id);
    await d.prisma.ticket.delete({ where: { id: b.id } });
    const c = await d.prisma.ticket.create({ data: ticket("c") });
    expect(c.id).toBeGreaterThan(b.id);
  });

  it("rolls a failed transaction back entirely, including work queued behind it", async () => {
    const before = await d.prisma.ticket.count();
    const at = new Date();
    const row = (subject: string) => ({ ...ticket(subject), createdAt: at, updatedAt: at });
    // Through the service's own query layer.
    const failing = d.db.transaction().execute(async (tx) => {
      await tx.insertInto("Ticket").values(row("rolled back")).execute();
      await new Promise((r) => setTimeout(r, 30));
      throw new Error("boom");
    });
    // A plain write issued while that transaction is open must not join it.
    const outside = d.db.insertInto("Ticket").values(row("outside")).execute();
    await expect(failing).rejects.toThrow("boom");
    await outside;
    expect(await d.prisma.ticket.count()).toBe(before + 1);
    expect(await d.prisma.ticket.count({ where: { subject: "rolled back" } })).toBe(0);
  });

  it("enforces the unique keys the core races on", async () => {
    const contact = { email: "dup@x.io", emailHash: lookupHash("dup@x.io") };
    await d.prisma.contact.create({ data: contact });
    await expect(d.prisma.contact.create({ data: contact })).rejects.toMatchObject({ code: "P2002" });
    const company = { domain: "x.io", domainHash: lookupHash("x.io"), name: "X" };
    await d.prisma.company.create({ data: company });
    await expect(d.prisma.company.create({ data: company })).rejects.toMatchObject({ code: "P2002" });
    const t = await d.prisma.ticket.create({ data: ticket("refs") });
    const m = await d.prisma.message.create({ data: { ticketId: t.id, kind: "INBOUND", text: "x", channel: "email" } });
    await d.prisma.messageRef.create({ data: { messageId: m.id, ...messageRefKey("email", "<a@b>") } });
    await expect(d.prisma.messageRef.create({ data: { messageId: m.id, ...messageRefKey("email", "<a@b>") } })).rejects.toMatchObject({
      code: "P2002",
    });
  });

  it("keeps values longer than an index entry whole, unique by their hash", async () => {
    // Random, so that PostgreSQL cannot compress it under its btree limit (about 2.7 KB).
    const long = (n: number) => randomBytes(n).toString("hex").slice(0, n);
    const email = `${long(3000)}@x.io`;
    const domain = `${long(3000)}.example`;
    const externalId = `<${long(5000)}@x.io>`;
    const c = await d.prisma.contact.create({ data: { email, emailHash: lookupHash(email) } });
    await expect(d.prisma.contact.create({ data: { email, emailHash: lookupHash(email) } })).rejects.toMatchObject({ code: "P2002" });
    await d.prisma.company.create({ data: { domain, domainHash: lookupHash(domain), name: "Long" } });
    const t = await d.prisma.ticket.create({ data: ticket("long refs") });
    const m = await d.prisma.message.create({ data: { ticketId: t.id, kind: "INBOUND", text: "x", channel: "email" } });
    await d.prisma.messageRef.create({ data: { messageId: m.id, ...messageRefKey("email", externalId) } });
    await expect(d.prisma.messageRef.create({ data: { messageId: m.id, ...messageRefKey("email", externalId) } })).rejects.toMatchObject({
      code: "P2002",
    });
    expect((await d.prisma.contact.findUniqueOrThrow({ where: { emailHash: lookupHash(email) } })).id).toBe(c.id);
    expect((await d.prisma.company.findUniqueOrThrow({ where: { domainHash: lookupHash(domain) } })).domain).toBe(domain);
    const ref = await d.prisma.messageRef.findUniqueOrThrow({
      where: { system_externalIdHash: { system: "email", externalIdHash: lookupHash(externalId) } },
    });
    expect(ref.externalId).toBe(externalId);
  });

  it("round-trips text in any script, binary content and millisecond timestamps", async () => {
    const t = await d.prisma.ticket.create({
      data: { ...ticket("プリンターが動きません 🔥"), createdAt: new Date("2026-03-04T05:06:07.089Z") },
    });
    const m = await d.prisma.message.create({
      data: {
        ticketId: t.id,
        kind: "INBOUND",
        text: "こんにちは",
        channel: "email",
        attachments: { create: { filename: "a.bin", contentType: "application/octet-stream", size: 3, content: Buffer.from([0, 255, 7]) } },
      },
      include: { attachments: true },
    });
    const back = await d.prisma.ticket.findUniqueOrThrow({ where: { id: t.id } });
    expect(back.subject).toBe("プリンターが動きません 🔥");
    expect(back.createdAt.toISOString()).toBe("2026-03-04T05:06:07.089Z");
    expect([...(m.attachments[0]!.content ?? [])]).toEqual([0, 255, 7]);
  });

  it("serves the unassigned-queue query from an index", async () => {
    if (d.target.provider === "sqlite") {
      const queue = d.db
        .selectFrom("Ticket")
        .select("id")
        .where("open", "=", true)
        .where("deletedAt", "is", null)
        .where("quarantined", "=", false)
        .where("teamId", "=", "x")
        .where("ownerId", "is", null)
        .orderBy("createdAt")
        .limit(25)
        .compile();
      // The query as the query layer sends it (parameters bound), explained by the planner.
      const { rows } = await d.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`EXPLAIN QUERY PLAN ${queue.sql}`, [...queue.parameters]),
      );
      const text = rows.map((p) => p.detail).join("\n");
      expect(text).toMatch(/USING (COVERING )?INDEX Ticket_open_deletedAt_quarantined_teamId_ownerId_createdAt_idx/);
      expect(text).not.toMatch(/TEMP B-TREE/);
    } else {
      const { rows } = await sql<{
        indexname: string;
      }>`SELECT indexname::text AS indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'Ticket'`.execute(d.db);
      expect(rows.map((i) => i.indexname)).toContain("Ticket_open_deletedAt_quarantined_teamId_ownerId_createdAt_idx");
    }
  });
});
