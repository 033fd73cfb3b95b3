// Signing in and out of the dashboard. A sign-in link from chat (`/ticket dashboard`) is redeemed
// once for a session cookie, then the browser is sent on to the dashboard, so the token leaves the
// address bar and the history; a used or expired link gets a page saying how to get a new one.
import { Hono } from "hono";
import { z } from "zod";
import { endSession, msg, redeemSignIn, signInPath, type CoreDeps, type Logger } from "../../core/index.js";
import { noticePage, noticeStylesheet, noticeStylesheetPath } from "./notice-page.js";
import { clearSessionCookie, sessionIdOf, setSessionCookie, type ServerEnv } from "./session.js";

export interface SignInRoutesOptions {
  deps: CoreDeps;
  log: Logger;
  /** Session cookies only over https (PUBLIC_URL is https). */
  secureCookies: boolean;
}

export const SignInQuery = z.object({ token: z.string().max(200).optional() });
export type SignInQuery = z.infer<typeof SignInQuery>;

/** Where the dashboard lives and where the sign-out lands. */
export const dashboardPath = "/dashboard";
export const signOutPath = "/dashboard/sign-out";
export const signedOutPath = "/dashboard/signed-out";

/**
 * Link previewers fetch what is pasted in chat, and link checkers send HEAD; one that opened a
 * sign-in link would use it up before the agent does, so they are answered without redeeming.
 */
const previewers = /Slackbot|Discordbot|facebookexternalhit|Twitterbot|LinkedInBot|WhatsApp|TelegramBot|SkypeUriPreview|Embedly/i;

export function signInRoutes(opts: SignInRoutesOptions): Hono<ServerEnv> {
  const { deps, secureCookies } = opts;
  const app = new Hono<ServerEnv>();

  app.get(noticeStylesheetPath, (c) =>
    c.body(noticeStylesheet, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600" }),
  );

  app.get(signInPath, async (c) => {
    const query = SignInQuery.safeParse(c.req.query());
    const token = query.success ? query.data.token : undefined;
    if (c.req.method === "HEAD" || previewers.test(c.req.header("user-agent") ?? ""))
      return noticePage(c, 200, msg("web.signInTitle"), msg("web.signInNeeded"));
    const session = token ? await redeemSignIn(deps, token) : null;
    if (!session) {
      c.get("log")?.info("dashboard sign-in link refused (unknown, used or expired)");
      return noticePage(c, 410, msg("web.linkGoneTitle"), msg("web.linkGone"));
    }
    // A session this browser had before is ended: one browser, one session.
    const earlier = sessionIdOf(c);
    if (earlier) await endSession(deps, earlier);
    setSessionCookie(c, session.sessionId, session.expiresAt, deps.now(), secureCookies);
    c.get("log")?.info("dashboard sign-in", { agentId: session.agentId });
    c.header("Cache-Control", "no-store");
    return c.redirect(dashboardPath, 303);
  });

  // SameSite=Lax keeps other sites' forms from sending the cookie, so no one signs an agent out from afar.
  app.post(signOutPath, async (c) => {
    const sessionId = sessionIdOf(c);
    if (sessionId) await endSession(deps, sessionId);
    clearSessionCookie(c, secureCookies);
    c.header("Cache-Control", "no-store");
    return c.redirect(signedOutPath, 303);
  });

  app.get(signedOutPath, (c) => noticePage(c, 200, msg("web.signedOutTitle"), msg("web.signedOut")));

  return app;
}
