// The running service serves /api/v1 on its one HTTP server, and its sweep clears the API's
// expired rate counters and idempotency records with the expired keys.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { buildCatalog, createApiToken, HelpdeskConfig, silentLogger, systemActor, syncDirectory } from "../core/index.js";
import { freshDatabase, until } from "../test/harness.js";
import { startService } from "./service.js";
import { loadSettings } from "./settings.js";

it("serves /api/v1 with bearer tokens and sweeps the API's expired rows", async () => {
  const db = await freshDatabase();
  const configInput = { agents: [{ id: "ada", name: "Ada", role: "admin" }] };
  const configFile = join(mkdtempSync(join(tmpdir(), "api-service-")), "helpdesk.json");
  writeFileSync(configFile, JSON.stringify(configInput));
  const config = HelpdeskConfig.parse(configInput);
  const deps = { db: db.db, catalog: buildCatalog(config), now: () => new Date() };
  await syncDirectory(deps, config);
  const { token, secret } = await createApiToken(deps, { name: "svc", agentId: "ada" }, systemActor);
  const past = new Date(Date.now() - 3_600_000);
  await db.prisma.rateCounter.create({ data: { key: "api:old", windowStart: 0, count: 5, expiresAt: past } });
  await db.prisma.idempotencyRecord.create({
    data: { tokenId: token.id, key: "old", requestHash: "h", status: 201, body: "{}", startedAt: past, expiresAt: past },
  });
  await db.close();
  const svc = await startService(
    loadSettings({ DATABASE_URL: db.url, HELPDESK_CONFIG: configFile, PORT: "0", HOST: "127.0.0.1", API_RATE_LIMIT: "50" }),
    silentLogger,
  );
  try {
    const base = `http://127.0.0.1:${svc.port}/api/v1`;
    expect((await fetch(`${base}/tickets`)).status).toBe(401);
    const created = await fetch(`${base}/tickets`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify({ subject: "through the service" }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("ratelimit-limit")).toBe("50");
    expect((await fetch(`${base}/openapi.json`)).status).toBe(200);
    const unknown = await fetch(`${base}/no-such-route`, { headers: { authorization: `Bearer ${secret}` } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "not_found" } });
    await until(async () => (await db.prisma.rateCounter.count({ where: { key: "api:old" } })) === 0, "the old counter swept");
    await until(async () => (await db.prisma.idempotencyRecord.count()) === 0, "the old idempotency record swept");
  } finally {
    await svc.stop();
    await db.drop();
  }
});
