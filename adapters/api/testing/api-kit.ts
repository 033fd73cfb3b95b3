// What the API's tests share: a test core, tokens made through the core, and a request helper.
import { expect } from "vitest";
import type { z } from "zod";
import { createApiToken, silentLogger, systemActor, type CoreDeps } from "../../../core/index.js";
import { testCore, type TestCore } from "../../../test/harness.js";
import { apiRoutes } from "../index.js";
import { apiRouteList } from "../routes/index.js";

export interface ApiKit {
  t: TestCore;
  app: ReturnType<typeof apiRoutes>;
  /** Secrets by name: write tokens acting as ada (admin), bob and dee; `bobRead`, read-only as bob. */
  tokens: { ada: string; bob: string; dee: string; bobRead: string };
}

export async function apiKit(opts: { rateLimitPerMinute?: number } = {}): Promise<ApiKit> {
  const t = await testCore();
  const make = async (name: string, agentId: string, scope = "write") =>
    (await createApiToken(t.deps, { name, agentId, scope }, systemActor)).secret;
  const tokens = {
    ada: await make("ada", "ada"),
    bob: await make("bob", "bob"),
    dee: await make("dee", "dee"),
    bobRead: await make("bob-read", "bob", "read"),
  };
  return { t, app: appOn(t.deps, opts.rateLimitPerMinute), tokens };
}

export const appOn = (deps: CoreDeps, rateLimitPerMinute = 10_000) => apiRoutes({ deps, log: silentLogger, rateLimitPerMinute });

export interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- checked against the route's schema where it matters
  headers: Headers;
}

/** A request to the API as `token`, with a JSON body when given. */
export async function call(
  app: ApiKit["app"],
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await app.request(path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** The operations a test file has seen succeed through expectRoute, so it can check it reached them all. */
export const exercisedRoutes = new Set<string>();

/** Asserts the answer is the route's success, shaped as its response schema says (the document's promise). */
export function expectRoute(operationId: string, a: Answer): void {
  const route = apiRouteList.find((r) => r.operationId === operationId);
  if (!route) throw new Error(`no route ${operationId}`);
  exercisedRoutes.add(operationId);
  expect(a.status, JSON.stringify(a.body)).toBe(route.status);
  const strict = (route.response as z.ZodType).safeParse(a.body);
  expect(strict.error?.issues ?? [], JSON.stringify(a.body).slice(0, 500)).toEqual([]);
}
