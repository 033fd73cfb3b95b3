// The real process, as `npm start` runs it.
import { spawn } from "node:child_process";
import { request } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshDatabase } from "../test/harness.js";

const root = join(import.meta.dirname, "..");

/** The command `npm start` execs: node itself with tsx as its loader, no wrapper process between. */
function run(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "main.ts")], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, out: () => out, err: () => err };
}

async function waitForPort(p: { out(): string; err(): string }): Promise<number> {
  // Up to 30 s: start-up compiles the TypeScript, slow on a busy machine.
  for (let i = 0; i < 600; i++) {
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

  it("finishes its graceful stop when the signal comes twice (npm forwards the terminal's Ctrl-C once more)", async () => {
    const db = await freshDatabase();
    await db.close();
    const p = run({
      DATABASE_URL: db.url,
      PORT: "0",
      HOST: "127.0.0.1",
      EMAIL_RAW_SECRET: "main-test-secret-0123",
      SHUTDOWN_GRACE_MS: "3000",
    });
    try {
      const port = await waitForPort(p);
      // A delivery whose body is still arriving keeps the stop waiting for it.
      const slow = request({
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/webhooks/email/raw",
        headers: { "content-type": "message/rfc822", "content-length": "1000", "x-helpdesk-signature": "sha256=00" },
      });
      slow.on("error", () => {});
      slow.write("From: a@b.test\r\n");
      await new Promise((r) => setTimeout(r, 300));
      p.child.kill("SIGINT");
      for (let i = 0; i < 200 && !p.out().includes('"msg":"shutting down'); i++) await new Promise((r) => setTimeout(r, 25));
      p.child.kill("SIGINT");
      expect(await p.exited).toBe(0);
      expect(p.out()).toContain('"msg":"stopped"');
      slow.destroy();
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

/** Whether any process is left in the process group `pgid` (signal 0 only checks). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function answers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(500) });
    return true;
  } catch {
    return false;
  }
}

describe.runIf(process.platform !== "win32")("SIGTERM to the npm start process", () => {
  it("reaches the service, which stops gracefully; nothing of the process tree is left", async () => {
    const db = await freshDatabase();
    await db.close();
    // Its own process group, as under systemd or a container runtime: SIGTERM goes to npm's pid
    // only, and an orphaned child would still be found in the group afterwards.
    const child = spawn("npm", ["start"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: db.url, PORT: "0", HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const pgid = child.pid!;
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const port = await waitForPort({ out: () => out, err: () => "" });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      process.kill(pgid, "SIGTERM");
      const code = await exited;
      for (let i = 0; i < 100 && (groupAlive(pgid) || (await answers(port))); i++) await new Promise((r) => setTimeout(r, 50));
      expect(await answers(port)).toBe(false);
      expect(groupAlive(pgid)).toBe(false);
      expect(code).toBe(0);
      expect(out).toMatch(/"msg":"signal received","signal":"SIGTERM"[\s\S]*"msg":"stopped"/);
    } finally {
      if (groupAlive(pgid)) process.kill(-pgid, "SIGKILL");
      await db.drop();
    }
  }, 60_000);
});
