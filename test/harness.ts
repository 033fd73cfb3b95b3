// Test databases: a fresh SQLite file per call, or a fresh PostgreSQL schema when
// TEST_DATABASE_URL points at a server. Every store and core test runs on whichever is set.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, parseDatabaseUrl, type DatabaseTarget, type OpenDatabase } from "../bot/db/connect.js";
import { quoteIdent } from "../bot/db/migrate.js";
import { buildCatalog, HelpdeskConfig } from "../core/config.js";
import { syncDirectory } from "../core/agents/sync-directory.js";
import type { Actor, CoreDeps } from "../core/deps.js";
import { openPrismaReader, type PrismaReader } from "./prisma-reader.js";

export const testProvider: "sqlite" | "postgresql" = process.env.TEST_DATABASE_URL ? "postgresql" : "sqlite";

export interface TestDatabase extends OpenDatabase {
  url: string;
  /** A second, independent reader (and writer, for setting up cases) on the same database. */
  prisma: PrismaReader;
  drop(): Promise<void>;
}

/** A new, migrated, empty database. */
export async function freshDatabase(): Promise<TestDatabase> {
  let target: DatabaseTarget;
  let url: string;
  let cleanup: () => Promise<void>;
  const base = process.env.TEST_DATABASE_URL;
  if (base) {
    const schema = `t_${randomBytes(6).toString("hex")}`;
    const u = new URL(base);
    u.searchParams.set("schema", schema);
    url = u.toString();
    target = parseDatabaseUrl(url);
    cleanup = async () => {
      const c = new pg.Client({ connectionString: base.replace(/\?.*$/, "") });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
      await c.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), "helpdesk-test-"));
    url = `file:${join(dir, "test.db")}`;
    target = parseDatabaseUrl(url);
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const open = await openDatabase(target);
  const prisma = await openPrismaReader(target);
  return {
    ...open,
    url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await open.close();
      await cleanup();
    },
  };
}

/** A small directory most tests share: two teams, an admin and three agents. */
export const testConfigInput = {
  properties: [
    { name: "resolution", label: "Resolution", type: "text" },
    { name: "product", label: "Product", type: "select", options: ["web", "mobile"] },
    { name: "seats", label: "Seats", type: "number" },
  ],
  pipelines: [
    {
      id: "support",
      name: "Support",
      default: true,
      statuses: [
        { id: "new", name: "New", category: "OPEN" },
        { id: "in_progress", name: "In progress", category: "OPEN" },
        { id: "waiting_on_customer", name: "Waiting on customer", category: "OPEN", onCustomerReply: "in_progress" },
        { id: "escalated", name: "Escalated", category: "OPEN", requiredProperties: ["owner"] },
        { id: "resolved", name: "Resolved", category: "CLOSED", requiredProperties: ["resolution"], onCustomerReply: "in_progress" },
        { id: "closed", name: "Closed", category: "CLOSED", onCustomerReply: "in_progress" },
      ],
    },
    {
      id: "billing",
      name: "Billing",
      statuses: [
        { id: "open", name: "Open", category: "OPEN" },
        { id: "done", name: "Done", category: "CLOSED" },
      ],
    },
  ],
  teams: [
    { id: "tier1", name: "Tier 1" },
    { id: "vip", name: "VIP" },
  ],
  agents: [
    { id: "ada", name: "Ada", email: "ada@helpdesk.test", role: "admin" },
    { id: "bob", name: "Bob", email: "bob@helpdesk.test", teams: ["tier1"], slackUserId: "U0BOB", discordUserId: "100000000000000001" },
    { id: "cy", name: "Cy", email: "cy@helpdesk.test", teams: ["tier1"] },
    { id: "dee", name: "Dee", email: "dee@helpdesk.test", teams: ["vip"] },
  ],
};

export const as = {
  ada: { type: "agent", agentId: "ada" },
  bob: { type: "agent", agentId: "bob" },
  cy: { type: "agent", agentId: "cy" },
  dee: { type: "agent", agentId: "dee" },
} satisfies Record<string, Actor>;

export interface TestCore {
  deps: CoreDeps;
  database: TestDatabase;
  /** The tests' Prisma reader on the same database (see test/prisma-reader.ts). */
  prisma: PrismaReader;
  /** Moves the injected clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** A migrated database with the test directory synced, and deps with a controllable clock. */
export async function testCore(configInput: unknown = testConfigInput): Promise<TestCore> {
  const config = HelpdeskConfig.parse(configInput);
  const database = await freshDatabase();
  let clock = Date.parse("2026-01-05T09:00:00.000Z");
  const deps: CoreDeps = { db: database.db, catalog: buildCatalog(config), now: () => new Date(clock) };
  await syncDirectory(deps, config);
  return {
    deps,
    database,
    prisma: database.prisma,
    advance: (ms) => {
      clock += ms;
    },
    close: () => database.drop(),
  };
}

/** Polls `probe` until it gives something (every 20 ms, for up to 6 s), for work a running service does on its own. */
export async function until<T>(probe: () => Promise<T | null | undefined> | T | null | undefined, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
