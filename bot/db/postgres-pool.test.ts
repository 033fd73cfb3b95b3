// What every pooled PostgreSQL session runs with, whatever the server's defaults.
import { describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "./connect.js";
import { kyselyPostgresPool } from "./postgres-pool.js";
import { testProvider } from "../../test/harness.js";

describe.runIf(testProvider === "postgresql")("the PostgreSQL pool", () => {
  it("shows dates in ISO form and runs in UTC on a fresh connection", async () => {
    const target = parseDatabaseUrl(process.env.TEST_DATABASE_URL!);
    if (target.provider !== "postgresql") throw new Error("TEST_DATABASE_URL is no PostgreSQL URL");
    const pool = kyselyPostgresPool(target.url, target.schema, 1);
    try {
      const c = await pool.connect();
      try {
        const show = async (name: string) => Object.values((await c.query<Record<string, string>>(`SHOW ${name}`, [])).rows[0]!)[0];
        expect(await show("DateStyle")).toMatch(/^ISO\b/);
        expect(await show("TimeZone")).toBe("UTC");
      } finally {
        c.release();
      }
    } finally {
      await pool.end();
    }
  });
});
