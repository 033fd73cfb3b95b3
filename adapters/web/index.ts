// The web adapter's public face for bot/: everything a browser reaches, on the one hono server.
// Sign-in and sign-out are open; every other /dashboard page needs a session (session.ts).
import { Hono } from "hono";
import type { CoreDeps, Logger } from "../../core/index.js";
import { dashboardRoutes } from "./dashboard/routes.js";
import { securityHeaders } from "./security-headers.js";
import { requireAgent, type ServerEnv } from "./session.js";
import { dashboardPath, signInRoutes } from "./sign-in.js";
import { surveyRoutes } from "./survey/routes.js";

export { requireAgent, type WebEnv } from "./session.js";

export interface WebRoutesOptions {
  deps: CoreDeps;
  log: Logger;
  /** The service's address as browsers reach it (PUBLIC_URL). */
  publicUrl: string;
  /** Keys the customers' survey links (SURVEY_LINK_SECRET). */
  surveySecret?: string | undefined;
  /** Session cookies marked Secure (PUBLIC_URL is https). */
  secureCookies: boolean;
}

/** Mounted at "/" by bot/service.ts when PUBLIC_URL is set. */
export function webRoutes(opts: WebRoutesOptions): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();
  app.use(`${dashboardPath}/*`, securityHeaders);
  // Registered first: their handlers answer before the session check below runs.
  app.route("/", signInRoutes(opts));
  app.use(`${dashboardPath}/*`, requireAgent(opts));
  // The overview with a trailing slash (typed, or a link that added one), once signed in: on to it, filters kept.
  app.get(`${dashboardPath}/`, (c) => c.redirect(`${dashboardPath}${new URL(c.req.url).search}`, 301));
  app.route(dashboardPath, dashboardRoutes({ deps: opts.deps, log: opts.log }));
  // Customers' survey links: the signed token is the only credential, no session.
  app.route("/survey", surveyRoutes({ deps: opts.deps, log: opts.log, surveySecret: opts.surveySecret }));
  return app;
}
