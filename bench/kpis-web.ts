// The dashboard as a browser reaches it, for bench:kpis: the web routes the service mounts
// (adapters/web), asked in-process (hono's app.request, no socket) with a session cookie per agent,
// each answer read to its last byte. The session check, the page's HTML or CSV and its reads are
// what a request times. The service's clock is the bench's, so a page's period moves with it.
import type { Hono } from "hono";
import { webRoutes } from "../adapters/web/index.js";
import { sessionCookie, type ServerEnv } from "../adapters/web/session.js";
import { endSession, issueSignInLink, redeemSignIn, silentLogger, type CoreDeps } from "../core/index.js";

export interface DashboardClient {
  /** Signs the agents in before anything is timed (a sign-in is two writes, not a page). */
  signIn(agentIds: readonly string[]): Promise<void>;
  /** Ends the sessions this client opened. */
  close(): Promise<void>;
  /**
   * GET `path` (under /dashboard) as `agentId`, with the service's clock at `now`: the body's
   * length in bytes. Anything but a 200 fails the bench: it would time an error page.
   */
  get(path: string, agentId: string, now: Date): Promise<number>;
}

/**
 * A client of the dashboard over `deps`, whose clock it sets (`clock`, what deps.now reads): agents
 * sign in with a one-time link at `signInAt` (the latest instant the bench reads at, so that their
 * sessions hold for every earlier one).
 */
export function dashboardClient(deps: CoreDeps, clock: { now: Date }, signInAt: Date): DashboardClient {
  const app: Hono<ServerEnv> = webRoutes({ deps, log: silentLogger, publicUrl: "http://127.0.0.1", secureCookies: false });
  const sessions = new Map<string, Promise<string>>();
  const sessionOf = (agentId: string) => {
    let s = sessions.get(agentId);
    if (!s) {
      s = (async () => {
        clock.now = signInAt;
        const link = await issueSignInLink(deps, { type: "agent", agentId });
        const session = await redeemSignIn(deps, link.token);
        if (!session) throw new Error(`bench: ${agentId} could not sign in`);
        return session.sessionId;
      })();
      sessions.set(agentId, s);
    }
    return s;
  };
  return {
    async signIn(agentIds) {
      for (const agentId of agentIds) await sessionOf(agentId);
    },
    async close() {
      for (const s of sessions.values()) await endSession(deps, await s);
      sessions.clear();
    },
    async get(path, agentId, now) {
      const cookie = `${sessionCookie}=${await sessionOf(agentId)}`;
      clock.now = now;
      const res = await app.request(`/dashboard${path}`, { headers: { cookie } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`bench: GET /dashboard${path} as ${agentId} answered ${res.status}`);
      return body.byteLength;
    },
  };
}
