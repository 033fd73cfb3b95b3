// The dashboard in the running service: mounted when PUBLIC_URL is set (a sign-in link from the
// core signs an agent in over real HTTP, replica-safe since only the database holds sessions),
// absent when it is not.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { issueSignInLink } from "../core/web-sessions/issue-sign-in-link.js";
import { silentLogger } from "../core/log.js";
import { freshDatabase } from "../test/harness.js";
import { startService } from "./service.js";
import { loadSettings } from "./settings.js";

async function service(env: Record<string, string>) {
  const db = await freshDatabase();
  await db.close();
  const dir = mkdtempSync(join(tmpdir(), "helpdesk-web-svc-"));
  const config = join(dir, "config.json");
  writeFileSync(config, JSON.stringify({ agents: [{ id: "ada", name: "Ada", role: "admin" }] }));
  const settings = loadSettings({ DATABASE_URL: db.url, HELPDESK_CONFIG: config, PORT: "0", HOST: "127.0.0.1", ...env });
  const svc = await startService(settings, silentLogger);
  return {
    svc,
    url: (path: string) => `http://127.0.0.1:${svc.port}${path}`,
    async stop() {
      await svc.stop();
      await db.drop();
    },
  };
}

describe("the dashboard in the running service", () => {
  it("signs an agent in from a one-time link when PUBLIC_URL is set", async () => {
    const s = await service({ PUBLIC_URL: "https://helpdesk.acme.test" });
    try {
      expect((await fetch(s.url("/dashboard"))).status).toBe(401);
      const { token } = await issueSignInLink(s.svc.deps, { type: "agent", agentId: "ada" });
      const res = await fetch(s.url(`/dashboard/sign-in?token=${token}`), { redirect: "manual" });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/dashboard");
      expect(res.headers.get("set-cookie")).toMatch(/HttpOnly.*Secure|Secure.*HttpOnly/);
      expect(res.headers.get("x-request-id")).toBeTruthy();
    } finally {
      await s.stop();
    }
  });

  it("serves no dashboard without PUBLIC_URL", async () => {
    const s = await service({});
    try {
      expect((await fetch(s.url("/dashboard"))).status).toBe(404);
      expect((await fetch(s.url("/dashboard/sign-in?token=x"))).status).toBe(404);
    } finally {
      await s.stop();
    }
  });
});
