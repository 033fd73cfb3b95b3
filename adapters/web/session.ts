// The dashboard's session: a cookie holding a session id from a one-time sign-in link (core/web-sessions),
// read on every request, so a signed-out or deactivated agent is turned away at once on every replica.
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { msg, readerFormats, sessionAgent, type Actor, type CoreDeps, type Formats, type Logger, type Reader } from "../../core/index.js";
import { noticePage } from "./notice-page.js";

/** The server's per-request variables (bot/server.ts sets them; adapters may not import bot/). */
export interface ServerEnv {
  Variables: { requestId: string; log: Logger };
}

/** What a signed-in page has: who reads it, as an actor for the core and as a reader for texts. */
export type WebEnv = ServerEnv & {
  Variables: {
    actor: Actor;
    agentId: string;
    reader: Reader;
    /** The reader's language and time zone (core/i18n/reader.ts decides them for the agent). */
    formats: Formats;
  };
};

/** The session cookie's name. */
export const sessionCookie = "helpdesk_session";

/** Sets the session cookie: script cannot read it, cross-site requests do not send it, it ends with the session. */
export function setSessionCookie(c: Context, sessionId: string, expiresAt: Date, now: Date, secure: boolean): void {
  setCookie(c, sessionCookie, sessionId, {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000)),
    secure,
  });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, sessionCookie, { path: "/", httpOnly: true, sameSite: "Lax", secure });
}

/** The session id the request carries, if any. */
export const sessionIdOf = (c: Context): string | undefined => getCookie(c, sessionCookie);

/**
 * Lets through requests of a signed-in, active agent, with `actor`, `agentId`, `reader` and
 * `formats` set; anyone else gets 401 and a page saying to ask `/ticket dashboard` in chat.
 */
export function requireAgent(opts: { deps: CoreDeps; secureCookies?: boolean }): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const sessionId = sessionIdOf(c);
    const agentId = sessionId ? await sessionAgent(opts.deps, sessionId) : null;
    if (!agentId) {
      if (sessionId !== undefined) clearSessionCookie(c, opts.secureCookies ?? false);
      return noticePage(c, 401, msg("web.signInTitle"), msg("web.signInNeeded"));
    }
    const reader: Reader = { agentId };
    c.set("actor", { type: "agent", agentId });
    c.set("agentId", agentId);
    c.set("reader", reader);
    c.set("formats", readerFormats(opts.deps.catalog, reader));
    await next();
    // What one agent sees is theirs alone: no shared cache keeps it.
    if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "private, no-store");
  };
}
