// Every refusal and failure the API answers, as the OpenAPI document says it answers them: the
// status listed for the operation, and the Error body (a known code, a message).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../core/index.js";
import { apiRoutes } from "./index.js";
import { openApiDocument } from "./openapi.js";
import { apiRouteList } from "./routes/index.js";
import { ApiError } from "./schemas.js";
import { apiKit, appOn, call, type Answer, type ApiKit } from "./testing/api-kit.js";

let k: ApiKit;
beforeAll(async () => {
  k = await apiKit();
});
afterAll(() => k.t.close());

const doc = openApiDocument(apiRouteList) as { paths: Record<string, Record<string, { responses: Record<string, any> }>> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- read as JSON

/** Asserts the answer is a documented refusal of the operation, with the Error body and the code. */
function expectDocumented(a: Answer, path: string, method: string, status: number, code: string): void {
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  expect(ApiError.safeParse(a.body).error?.issues ?? []).toEqual([]);
  expect(a.body.error.code).toBe(code);
  const documented = doc.paths[path]?.[method]?.responses[String(status)];
  expect(documented?.content["application/json"].schema, `${method} ${path} ${status}`).toEqual({ $ref: "#/components/schemas/Error" });
}

describe("refusals and failures", () => {
  it("answers each documented status with the Error body", async () => {
    expectDocumented(await call(k.app, null, "GET", "/tickets"), "/tickets", "get", 401, "unauthorized");
    expectDocumented(await call(k.app, k.tokens.bob, "GET", "/tickets?priority=meh"), "/tickets", "get", 400, "invalid");
    expectDocumented(await call(k.app, k.tokens.bob, "GET", "/tickets?team=vip"), "/tickets", "get", 403, "forbidden");
    expectDocumented(await call(k.app, k.tokens.bobRead, "POST", "/tickets", { subject: "x" }), "/tickets", "post", 403, "forbidden");
    expectDocumented(await call(k.app, k.tokens.bob, "GET", "/tickets/99999"), "/tickets/{id}", "get", 404, "not_found");
    const id = (await call(k.app, k.tokens.bob, "POST", "/tickets", { subject: "taken" })).body.id as number;
    await call(k.app, k.tokens.dee, "POST", `/tickets/${id}/claim`);
    expectDocumented(await call(k.app, k.tokens.bob, "POST", `/tickets/${id}/claim`), "/tickets/{id}/claim", "post", 409, "conflict");
    const keyed = (subject: string) => call(k.app, k.tokens.bob, "POST", "/tickets", { subject }, { "idempotency-key": "errors-1" });
    await keyed("first");
    expectDocumented(await keyed("second"), "/tickets", "post", 422, "idempotency_mismatch");
  });

  it("answers 413 to a body past the limit, 429 past the rate limit and 500 when the server fails", async () => {
    const small = apiRoutes({ deps: k.t.deps, log: silentLogger, rateLimitPerMinute: 1000, maxBodyBytes: 100 });
    const big = await call(small, k.tokens.bob, "POST", "/tickets", { subject: "x".repeat(200) });
    expectDocumented(big, "/tickets", "post", 413, "too_large");

    const limited = appOn(k.t.deps, 1);
    await call(limited, k.tokens.ada, "GET", "/tickets");
    const refused = await call(limited, k.tokens.ada, "GET", "/tickets");
    expectDocumented(refused, "/tickets", "get", 429, "rate_limited");
    expect(doc.paths["/tickets"]!.get!.responses["429"].headers).toEqual({
      "RateLimit-Limit": { $ref: "#/components/headers/RateLimit-Limit" },
      "RateLimit-Remaining": { $ref: "#/components/headers/RateLimit-Remaining" },
      "RateLimit-Reset": { $ref: "#/components/headers/RateLimit-Reset" },
      "Retry-After": { $ref: "#/components/headers/Retry-After" },
    });
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);

    const broken = appOn({
      ...k.t.deps,
      now: () => {
        throw new Error("the clock broke");
      },
    });
    const failed = await call(broken, k.tokens.bob, "GET", "/tickets");
    expectDocumented(failed, "/tickets", "get", 500, "internal");
    expect(failed.body.error.message).not.toContain("clock");
  });

  it("documents 401, 429 and 500 for every operation, and 413 for every one that takes a body", () => {
    for (const r of apiRouteList) {
      const responses = doc.paths[r.path]![r.method]!.responses;
      for (const status of ["401", "429", "500", ...(r.method === "get" ? [] : ["413"])])
        expect(responses[status]?.content["application/json"].schema, `${r.operationId} ${status}`).toEqual({
          $ref: "#/components/schemas/Error",
        });
    }
  });

  it("replays a stored answer with the rate-limit headers every answer carries", async () => {
    const create = () => call(k.app, k.tokens.bob, "POST", "/tickets", { subject: "headers" }, { "idempotency-key": "errors-2" });
    await create();
    const again = await create();
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("ratelimit-remaining")).toMatch(/^\d+$/);
  });
});
