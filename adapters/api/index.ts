// The REST API's public face for bot/: /api/v1 on the one hono server. Each route calls the same
// core use case the chat surfaces call, as the token's agent; the OpenAPI document is generated
// from the routes' schemas.
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";
import { idempotencyCommitHook, type CoreDeps, type Logger } from "../../core/index.js";
import { rateLimit, requireScope, requireToken, type ApiEnv } from "./auth.js";
import { apiError, coreErrorResponse, validationResponse } from "./errors.js";
import { idempotency } from "./idempotency.js";
import { openApiDocument } from "./openapi.js";
import { honoPath, type ApiRoute } from "./route.js";
import { apiRouteList } from "./routes/index.js";

export interface ApiRoutesOptions {
  deps: CoreDeps;
  log: Logger;
  /** Requests per token and minute (API_RATE_LIMIT). */
  rateLimitPerMinute: number;
  /** Largest request body accepted, in bytes (default 1 MiB). */
  maxBodyBytes?: number | undefined;
}

/** Mounted at "/api/v1" by bot/service.ts. */
export function apiRoutes(opts: ApiRoutesOptions): Hono<ApiEnv> {
  const { deps } = opts;
  const app = new Hono<ApiEnv>();
  const document = openApiDocument(apiRouteList);
  // The document is public: it says what the API takes, nothing about the data.
  app.get("/openapi.json", (c) => c.json(document));
  app.use(
    "*",
    bodyLimit({
      maxSize: opts.maxBodyBytes ?? 1024 * 1024,
      onError: (c) => apiError(c, 413, "too_large", "request body too large"),
    }),
  );
  app.use("*", requireToken(deps), rateLimit(deps, opts.rateLimitPerMinute), requireScope, idempotency(deps));
  for (const route of apiRouteList) app.on(route.method.toUpperCase(), honoPath(route.path), (c) => serve(c, route, deps));
  // Mounted under another app, a sub-app's notFound is not asked: a catch-all route answers instead.
  app.all("*", (c) => apiError(c, 404, "not_found", "no such route"));
  app.onError((e, c) => {
    opts.log.error("api request failed", { method: c.req.method, path: c.req.path, err: String(e) });
    return apiError(c, 500, "internal", "Internal error");
  });
  return app;
}

async function serve(c: Context<ApiEnv>, route: ApiRoute, deps: CoreDeps): Promise<Response> {
  const params = parse(route.params, c.req.param());
  if (!params.ok) return validationResponse(c, "path", params.error);
  const query = parse(route.query, Object.fromEntries(new URL(c.req.url).searchParams));
  if (!query.ok) return validationResponse(c, "query", query.error);
  let json: unknown = undefined;
  if (route.body) {
    try {
      json = JSON.parse((await c.req.text()) || "{}");
    } catch {
      return apiError(c, 400, "invalid", "body is not JSON");
    }
  }
  const body = parse(route.body, json);
  if (!body.ok) return validationResponse(c, "body", body.error);
  const present = route.present ?? ((r: unknown) => r);
  const claim = c.get("idempotencyClaim");
  // The answer goes into the use case's transaction, as it would be sent.
  const hook = claim && idempotencyCommitHook(claim, (r) => ({ status: route.status, body: JSON.stringify(present(r)) }));
  if (hook) c.set("commitHook", hook);
  try {
    const actor = { type: "agent", agentId: c.get("caller").agentId } as const;
    const result = await route.handle({
      deps: hook ? { ...deps, commitHook: hook } : deps,
      actor,
      params: params.value,
      query: query.value,
      body: body.value,
    });
    return c.json(present(result) as object, route.status);
  } catch (e) {
    return coreErrorResponse(c, e);
  }
}

type Parsed = { ok: true; value: unknown } | { ok: false; error: z.ZodError };

function parse(schema: z.ZodType | undefined, input: unknown): Parsed {
  if (!schema) return { ok: true, value: undefined };
  const r = schema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: r.error };
}
