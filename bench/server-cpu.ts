// The CPU time of a PostgreSQL server running on this machine, for the benches to give beside a
// page's wall time: on two cores, a page whose statements take 200 ms of the server's CPU cannot
// answer in much under 100 ms however they are spread. Read from Linux's /proc: the user and system
// time of every `postgres` process (the connections' backends, parallel workers, background
// processes), with that of the ones that ended counted in their parent's (a backend that left the
// pool, a parallel worker).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";

/**
 * A reader of the server's CPU time so far (ms), or null where it cannot be read: a server not on
 * this machine by its address (127.0.0.1, localhost, ::1), or no /proc. Every process named
 * `postgres` counts, another cluster's on this machine too.
 */
export function localServerCpu(url: string): (() => number) | null {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "[::1]"].includes(host) || !existsSync("/proc/self/stat")) return null;
  const msPerTick = 1000 / clockTicks();
  /** The ticks of the server's processes, and their pids; null: none found. */
  const pass = () => {
    let ticks = 0;
    const pids: string[] = [];
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      const stat = readOr(`/proc/${pid}/stat`);
      // "pid (comm) state ppid …": the fields after the name, utime being the 14th field.
      const close = stat?.lastIndexOf(")") ?? -1;
      if (!stat || close < 0 || stat.slice(stat.indexOf("(") + 1, close) !== "postgres") continue;
      const f = stat.slice(close + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      pids.push(pid);
    }
    return pids.length ? { ticks, pids: pids.join(" ") } : null;
  };
  // A process that ended during a pass, after its parent was read, is counted nowhere in it (and
  // in the parent's in the next): a pass is taken again until two agree on the processes.
  const read = () => {
    let last = pass();
    for (let tries = 0; last && tries < 5; tries++) {
      const again = pass();
      if (!again || again.pids === last.pids) return again && again.ticks * msPerTick;
      last = again;
    }
    return last ? last.ticks * msPerTick : null;
  };
  if (read() === null) return null;
  return () => read() ?? Number.NaN;
}

/** A file's text, or null if it went away (a process that ended meanwhile). */
function readOr(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** Clock ticks per second, the unit of /proc's times (100 on Linux unless built otherwise). */
function clockTicks(): number {
  try {
    const n = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return Number.isFinite(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
}
