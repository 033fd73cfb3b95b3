// What the running service's SQLite connection is set to: FULL (acknowledged writes survive a
// power loss) unless the operator opts out with SQLITE_SYNCHRONOUS=normal.
import { sql } from "kysely";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { silentLogger } from "../core/log.js";
import { startService } from "./service.js";
import { loadSettings, SettingsError } from "./settings.js";

const dir = mkdtempSync(join(tmpdir(), "helpdesk-sync-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `PRAGMA synchronous` as the service's own connection reports it (0 off, 1 normal, 2 full). */
async function synchronousOf(env: Record<string, string>): Promise<number> {
  const settings = loadSettings({
    DATABASE_URL: `file:${join(dir, `${Math.random().toString(36).slice(2)}.db`)}`,
    PORT: "0",
    HOST: "127.0.0.1",
    ...env,
  });
  const svc = await startService(settings, silentLogger);
  try {
    const { rows } = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(svc.deps.db);
    return rows[0]!.synchronous;
  } finally {
    await svc.stop();
  }
}

describe("SQLite synchronous", () => {
  it("is FULL by default", async () => {
    expect(await synchronousOf({})).toBe(2);
    expect(await synchronousOf({ SQLITE_SYNCHRONOUS: "full" })).toBe(2);
  });

  it("is NORMAL when the operator opts out", async () => {
    expect(await synchronousOf({ SQLITE_SYNCHRONOUS: "normal" })).toBe(1);
  });

  it("refuses any other value, naming the variable", () => {
    expect(() => loadSettings({ SQLITE_SYNCHRONOUS: "off" })).toThrow(SettingsError);
    expect(() => loadSettings({ SQLITE_SYNCHRONOUS: "off" })).toThrow(/SQLITE_SYNCHRONOUS: must be normal or full/);
  });
});
