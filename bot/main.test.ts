// The real process, as `npm start` runs it.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshDatabase } from "../test/harness.js";

const tsx = join(import.meta.dirname, "..", "node_modules", ".bin", "tsx");

function run(env: Record<string, string>) {
  const child = spawn(tsx, [join(import.meta.dirname, "main.ts")], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, out: () => out, err: () => err };
}

async function waitForPort(p: ReturnType<typeof run>): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const m = /"msg":"listening".*"port":(\d+)/.exec(p.out());
    if (m) return Number(m[1]);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`service did not start:\n${p.out()}\n${p.err()}`);
}

describe("npm start", () => {
  it("serves health and readiness, then exits 0 on SIGTERM", async () => {
    const db = await freshDatabase();
    await db.close();
    const p = run({ DATABASE_URL: db.url, PORT: "0", HOST: "127.0.0.1" });
    try {
      const port = await waitForPort(p);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(await ready.json()).toEqual({ ok: true });
      p.child.kill("SIGTERM");
      expect(await p.exited).toBe(0);
      expect(p.out()).toContain('"msg":"stopped"');
    } finally {
      p.child.kill("SIGKILL");
      await db.drop();
    }
  });

  it("refuses to start on a bad setting with one clear message", async () => {
    const p = run({ DATABASE_URL: `file:${join(mkdtempSync(join(tmpdir(), "hd-")), "x.db")}`, OUTBOX_POLL_MS: "often" });
    expect(await p.exited).toBe(1);
    expect(p.err().trim().split("\n")).toEqual([expect.stringMatching(/^helpdesk: cannot start: invalid environment: OUTBOX_POLL_MS/)]);
    expect(p.out()).toBe("");
  });
});
