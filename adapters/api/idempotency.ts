import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { abandonRequest, beginRequest, finishRequest, type CoreDeps } from "../../core/index.js";
import type { ApiEnv } from "./auth.js";
import { apiError } from "./errors.js";

const maxKeyLength = 255;

/**
 * `Idempotency-Key` on a POST: the first request with a key runs and its answer (success or
 * refusal) is kept for a day; a retry with the same key and the same request gets that answer
 * again (marked `Idempotent-Replayed: true`), with another request 422, and while the first
 * still runs 409, with `Retry-After` saying when a retry may take over a first that never
 * answered. A success is stored in the use case's own transaction (the route sets the commit
 * hook), so a crash after the commit still leaves the answer to replay; a refusal, which commits
 * nothing, is stored after. A server error before any commit gives the key back, so a
 * retry runs afresh.
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/
 */
export function idempotency(deps: CoreDeps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const key = c.req.header("idempotency-key");
    if (c.req.method !== "POST" || key === undefined) return next();
    if (key.length === 0 || key.length > maxKeyLength) {
      return apiError(c, 400, "invalid", `Idempotency-Key must be 1 to ${maxKeyLength} characters`);
    }
    const tokenId = c.get("caller").tokenId;
    const requestHash = createHash("sha256")
      .update(`${c.req.method} ${c.req.path}\n`)
      .update(await c.req.text())
      .digest("hex");
    const begun = await beginRequest(deps, { tokenId, key, requestHash });
    if (begun.state === "mismatch") return apiError(c, 422, "idempotency_mismatch", "Idempotency-Key was used before with another request");
    if (begun.state === "running") {
      // Until then a retry can only be told the same; from then on it takes over a first request
      // that never answered.
      c.header("Retry-After", String(Math.max(1, Math.ceil((begun.staleAt.getTime() - deps.now().getTime()) / 1000))));
      return apiError(c, 409, "idempotency_in_progress", "a request with this Idempotency-Key is still running");
    }
    if (begun.state === "replay") {
      c.header("Idempotent-Replayed", "true");
      // c.body keeps the headers set so far (the rate limit's).
      return c.body(begun.body, begun.status as ContentfulStatusCode, { "content-type": "application/json" });
    }
    const claim = begun.claim;
    c.set("idempotencyClaim", claim);
    const committed = () => c.get("commitHook")?.state === "committed";
    try {
      await next();
    } catch (e) {
      if (!committed()) await abandonRequest(deps, claim);
      throw e;
    }
    if (committed()) return;
    if (c.res.status >= 500) await abandonRequest(deps, claim);
    else await finishRequest(deps, { ...claim, status: c.res.status, body: await c.res.clone().text() });
  };
}
