// The service as `npm start` runs it (bot/main.ts under tsx) in a child process, for tests and
// benchmarks that check it from outside: its JSON log lines are kept and can be waited for, and
// every child started here is killed when killServices() runs (call it in afterAll) or this
// process exits.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

const mainTs = join(import.meta.dirname, "..", "bot", "main.ts");
// tsx's loader by absolute path, so the child may run in any directory (its own .env, if any).
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** One JSON log line of the service. */
export interface LogLine {
  msg: string;
  level: string;
  [field: string]: unknown;
}

export interface ServiceProcess {
  child: ChildProcess;
  /** Log lines so far, in order. */
  logs: LogLine[];
  /** What it wrote to stderr. */
  stderr(): string;
  /** The first log line (so far or to come) whose msg matches. */
  waitForLog(msg: string | RegExp, timeoutMs?: number): Promise<LogLine>;
  /** The HTTP port, once it listens. */
  port(timeoutMs?: number): Promise<number>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of running) c.kill("SIGKILL");
});

/**
 * Starts the service with exactly `env` (nothing inherited but PATH, so the caller's own
 * DATABASE_URL or tokens cannot leak in), in `cwd`.
 */
export function startServiceProcess(env: Record<string, string>, cwd: string): ServiceProcess {
  const child = spawn(process.execPath, ["--import", tsxLoader, mainTs], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const logs: LogLine[] = [];
  const waiters = new Set<(l: LogLine) => void>();
  let stderr = "";
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout! }).on("line", (text) => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      return;
    }
    logs.push(line);
    for (const w of waiters) w(line);
  });
  const matches = (l: LogLine, msg: string | RegExp) => (typeof msg === "string" ? l.msg === msg : msg.test(l.msg));
  // Generous: a cold start compiles the sources, and CI machines are shared.
  const waitForLog = (msg: string | RegExp, timeoutMs = 45_000) =>
    new Promise<LogLine>((resolve, reject) => {
      const seen = logs.find((l) => matches(l, msg));
      if (seen) return resolve(seen);
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(
            `service log "${String(msg)}" not seen in ${timeoutMs} ms; stderr:\n${stderr}\nlog:\n${logs.map((l) => JSON.stringify(l)).join("\n")}`,
          ),
        );
      }, timeoutMs);
      const check = (l: LogLine) => {
        if (!matches(l, msg)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(l);
      };
      waiters.add(check);
      void exited.then((code) => {
        if (!waiters.has(check)) return;
        clearTimeout(timer);
        waiters.delete(check);
        reject(new Error(`service exited (${code}) before logging "${String(msg)}"; stderr:\n${stderr}`));
      });
    });
  return {
    child,
    logs,
    stderr: () => stderr,
    waitForLog,
    port: async (timeoutMs) => Number((await waitForLog("listening", timeoutMs)).port),
    exited,
  };
}

/** Kills every service child still running (SIGKILL) and waits for them to go. */
export async function killServices(): Promise<void> {
  const gone = [...running].map(
    (c) => new Promise((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve(null) : c.once("exit", resolve))),
  );
  for (const c of running) c.kill("SIGKILL");
  await Promise.all(gone);
}
