// The running service clears expired replay and dedupe keys (nothing else ever asks about them).
import { expect, it } from "vitest";
import { silentLogger } from "../core/log.js";
import { freshDatabase } from "../test/harness.js";
import { startService } from "./service.js";
import { loadSettings } from "./settings.js";

it("purges expired keys at start and keeps fresh ones", async () => {
  const db = await freshDatabase();
  const now = Date.now();
  await db.prisma.expiringKey.createMany({
    data: [
      ...Array.from({ length: 1500 }, (_, i) => ({
        namespace: i % 2 ? "notice" : "chat-event",
        key: `old-${i}`,
        expiresAt: new Date(now - 60_000),
      })),
      { namespace: "notice", key: "fresh", expiresAt: new Date(now + 3_600_000) },
    ],
  });
  await db.close();
  const svc = await startService(loadSettings({ DATABASE_URL: db.url, PORT: "0", HOST: "127.0.0.1" }), silentLogger);
  try {
    for (let i = 0; i < 200 && (await db.prisma.expiringKey.count()) > 1; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await db.prisma.expiringKey.findMany({ select: { key: true } })).toEqual([{ key: "fresh" }]);
  } finally {
    await svc.stop();
    await db.drop();
  }
});
