// The dashboard as a browser reaches it, for bench:kpis: the web routes the service mounts
// (adapters/web), asked in-process (hono's app.request, no socket) with a session cookie per agent,
// each answer read to its last byte. The session check, the page's HTML or CSV and its reads are
// what a request times. The service's clock is the bench's, so a page's period moves with it.
import type { Hono } from "hono";
import { webRoutes } from "../adapters/web/index.js";
import { sessionCookie, type ServerEnv } from "../adapters/web/session.js";
import { endSession, issueSignInLink, redeemSignIn, silentLogger, type CoreDeps } from "../core/index.js";

export interface DashboardClient {
  /**
   * GET `path` (under /dashboard) as `agentId`, with the service's clock at `now`: the body's
   * length in bytes. Anything but a 200 fails the bench: it would time an error page.
   */
  get(path: string, agentId: string, now: Date): Promise<number>;
}

/** Session ids by agent id. */
export type Sessions = ReadonlyMap<string, string>;

/**
 * Signs the agents in with a one-time link each, the clock at `at` (the latest instant the bench
 * reads at, so that the sessions hold for every earlier one): before anything is timed, a sign-in
 * being two writes, not a page.
 */
export async function signIn(deps: CoreDeps, clock: { now: Date }, at: Date, agentIds: readonly string[]): Promise<Sessions> {
  clock.now = at;
  const sessions = new Map<string, string>();
  for (const agentId of agentIds) {
    const link = await issueSignInLink(deps, { type: "agent", agentId });
    const session = await redeemSignIn(deps, link.token);
    if (!session) throw new Error(`bench: ${agentId} could not sign in`);
    sessions.set(agentId, session.sessionId);
  }
  return sessions;
}

export async function signOut(deps: CoreDeps, sessions: Sessions): Promise<void> {
  for (const id of sessions.values()) await endSession(deps, id);
}

/** A client of the dashboard over `deps` for the signed-in agents, setting the clock deps.now reads. */
export function dashboardClient(deps: CoreDeps, clock: { now: Date }, sessions: Sessions): DashboardClient {
  const app: Hono<ServerEnv> = webRoutes({ deps, log: silentLogger, publicUrl: "http://127.0.0.1", secureCookies: false });
  return {
    async get(path, agentId, now) {
      const session = sessions.get(agentId);
      if (!session) throw new Error(`bench: ${agentId} is not signed in`);
      clock.now = now;
      const res = await app.request(`/dashboard${path}`, { headers: { cookie: `${sessionCookie}=${session}` } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`bench: GET /dashboard${path} as ${agentId} answered ${res.status}`);
      return body.byteLength;
    },
  };
}
