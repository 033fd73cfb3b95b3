import type { MiddlewareHandler } from "hono";
import {
  authenticateApiToken,
  countRequest,
  type ApiCaller,
  type CommitHook,
  type CoreDeps,
  type IdempotencyClaim,
} from "../../core/index.js";
import { apiError } from "./errors.js";

/** What the API's middleware leaves for the routes. */
export interface ApiEnv {
  Variables: {
    caller: ApiCaller;
    /** The Idempotency-Key this request claimed, if it came with one. */
    idempotencyClaim?: IdempotencyClaim | undefined;
    /** The hook that stores the answer with the use case's transaction (core/idempotency/commit-hook.ts). */
    commitHook?: CommitHook | undefined;
  };
}

const bearer = /^Bearer\s+(\S+)\s*$/i;

/**
 * `Authorization: Bearer <secret>`: 401 without a valid token, else the token's agent acts.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3 (the WWW-Authenticate challenge)
 */
export function requireToken(deps: CoreDeps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const secret = bearer.exec(c.req.header("authorization") ?? "")?.[1];
    const result = secret ? await authenticateApiToken(deps, secret) : null;
    if (!result?.ok) {
      c.header("WWW-Authenticate", 'Bearer realm="helpdesk"');
      const why = !result
        ? "missing bearer token"
        : result.reason === "revoked"
          ? "token revoked"
          : result.reason === "agent_inactive"
            ? "token's agent is not active"
            : "unknown token";
      return apiError(c, 401, "unauthorized", why);
    }
    c.set("caller", result.caller);
    await next();
  };
}

/**
 * `perMinute` requests per token and minute, counted in the database (every replica shares the
 * count); past it, 429 with `Retry-After`. Every answer carries the RateLimit-* headers.
 * @see https://www.rfc-editor.org/rfc/rfc6585#section-4
 */
export function rateLimit(deps: CoreDeps, perMinute: number): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const r = await countRequest(deps, { key: `api:${c.get("caller").tokenId}`, limit: perMinute });
    c.header("RateLimit-Limit", String(r.limit));
    c.header("RateLimit-Remaining", String(r.remaining));
    c.header("RateLimit-Reset", String(r.retryAfterSec));
    if (!r.allowed) {
      c.header("Retry-After", String(r.retryAfterSec));
      return apiError(c, 429, "rate_limited", `rate limit of ${r.limit} requests per minute reached`);
    }
    await next();
  };
}

/** A read-only token may read (GET, HEAD) and nothing else. */
export const requireScope: MiddlewareHandler<ApiEnv> = async (c, next) => {
  if (c.get("caller").scope === "read" && c.req.method !== "GET" && c.req.method !== "HEAD")
    return apiError(c, 403, "forbidden", "read-only token");
  await next();
};
