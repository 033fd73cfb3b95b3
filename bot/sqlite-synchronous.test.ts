// How the running service's SQLite commits reach the disk: by default each commit's WAL is synced
// before its caller hears back (what FULL does), by the driver in libuv's thread pool so that the
// event loop is not held; with SQLITE_SYNCHRONOUS=normal only at checkpoints, as the operator chose.
import fs from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../core/log.js";
import { startService } from "./service.js";
import { loadSettings, SettingsError } from "./settings.js";

const dir = mkdtempSync(join(tmpdir(), "helpdesk-sync-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/**
 * `PRAGMA synchronous` of the service's own connection (0 off, 1 normal, 2 full), and how many
 * times the WAL file was synced while a write was being answered.
 */
async function commitOf(env: Record<string, string>): Promise<{ synchronous: number; walSyncs: number }> {
  const settings = loadSettings({
    DATABASE_URL: `file:${join(dir, `${Math.random().toString(36).slice(2)}.db`)}`,
    PORT: "0",
    HOST: "127.0.0.1",
    ...env,
  });
  const svc = await startService(settings, silentLogger);
  try {
    const { rows } = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(svc.deps.db);
    const walSyncs: string[] = [];
    const fdatasync = fs.fdatasync.bind(fs);
    vi.spyOn(fs, "fdatasync").mockImplementation((fd, cb) => {
      walSyncs.push(fs.readlinkSync(`/proc/self/fd/${fd}`));
      fdatasync(fd, cb);
    });
    await svc.deps.db.transaction().execute((tx) => tx.insertInto("Team").values({ id: "sync-probe", name: "Probe" }).execute());
    vi.restoreAllMocks();
    expect(walSyncs.every((path) => path.endsWith(".db-wal"))).toBe(true);
    return { synchronous: rows[0]!.synchronous, walSyncs: walSyncs.length };
  } finally {
    await svc.stop();
  }
}

describe("SQLite commits", () => {
  it("sync the WAL after each commit, before answering, by default", async () => {
    for (const env of [{}, { SQLITE_SYNCHRONOUS: "full" }] as Record<string, string>[]) {
      const { synchronous, walSyncs } = await commitOf(env);
      // SQLite's own setting is NORMAL: the sync FULL would add is the driver's.
      expect(synchronous).toBe(1);
      expect(walSyncs).toBeGreaterThanOrEqual(1);
    }
  });

  it("are synced only at checkpoints when the operator opts out", async () => {
    expect(await commitOf({ SQLITE_SYNCHRONOUS: "normal" })).toEqual({ synchronous: 1, walSyncs: 0 });
  });

  it("refuse any other setting, naming the variable", () => {
    expect(() => loadSettings({ SQLITE_SYNCHRONOUS: "off" })).toThrow(SettingsError);
    expect(() => loadSettings({ SQLITE_SYNCHRONOUS: "off" })).toThrow(/SQLITE_SYNCHRONOUS: must be normal or full/);
  });
});
