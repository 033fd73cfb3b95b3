// Headers every page under the web adapter carries unless its routes set their own: no framing,
// no referrer (a sign-in link's token must never travel on), no content sniffing, and only the
// project's own scripts and styles.
import type { MiddlewareHandler } from "hono";

export const webSecurityHeaders: Readonly<Record<string, string>> = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
};

/** Adds the headers a response does not set itself. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(webSecurityHeaders)) if (!c.res.headers.has(name)) c.res.headers.set(name, value);
};
