// Who may call what: bearer tokens, scopes, team visibility, and the core's refusals as HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, createTicket, revokeApiToken, systemActor, type ErrorCode } from "../../core/index.js";
import { apiKit, call, type Answer, type ApiKit } from "./testing/api-kit.js";

let k: ApiKit;
beforeAll(async () => {
  k = await apiKit();
});
afterAll(() => k.t.close());

describe("/api/v1 access", () => {
  it("answers 401 with a challenge without a valid bearer token", async () => {
    for (const token of [null, "hdk_not-a-real-token"]) {
      const a = await call(k.app, token, "GET", "/tickets");
      expect(a.status).toBe(401);
      expect(a.body.error.code).toBe("unauthorized");
      expect(a.headers.get("www-authenticate")).toMatch(/^Bearer /);
    }
    const basic = await k.app.request("/tickets", { headers: { authorization: `Basic ${k.tokens.bob}` } });
    expect(basic.status).toBe(401);
  });

  it("refuses a revoked token from the next request on", async () => {
    const { secret } = await createApiToken(k.t.deps, { name: "short-lived", agentId: "bob" }, systemActor);
    expect((await call(k.app, secret, "GET", "/tickets")).status).toBe(200);
    await revokeApiToken(k.t.deps, { name: "short-lived" }, systemActor);
    expect(await call(k.app, secret, "GET", "/tickets")).toMatchObject({ status: 401, body: { error: { message: "token revoked" } } });
  });

  it("lets a read-only token read and nothing else", async () => {
    const id = (await createTicket(k.t.deps, { subject: "read me" }, { type: "agent", agentId: "bob" })).id;
    expect((await call(k.app, k.tokens.bobRead, "GET", `/tickets/${id}`)).status).toBe(200);
    for (const [method, path, body] of [
      ["POST", "/tickets", { subject: "no" }],
      ["POST", `/tickets/${id}/claim`, undefined],
      ["PATCH", `/tickets/${id}`, { subject: "no" }],
      ["DELETE", `/tickets/${id}`, undefined],
    ] as const) {
      const a = await call(k.app, k.tokens.bobRead, method, path, body);
      expect(a.status, `${method} ${path}`).toBe(403);
      expect(a.body.error.code).toBe("forbidden");
    }
    expect(await k.t.prisma.ticket.count({ where: { subject: "no" } })).toBe(0);
  });

  it("hides another team's tickets from an agent's token, as chat does (404), and shows them to the team", async () => {
    const vip = await call(k.app, k.tokens.dee, "POST", "/tickets", { subject: "vip matter", teamId: "vip" });
    expect(vip.status).toBe(201);
    const hidden = await call(k.app, k.tokens.bob, "GET", `/tickets/${vip.body.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error).toEqual({ code: "not_found", message: `Ticket #${vip.body.id} was not found.` });
    expect((await call(k.app, k.tokens.bob, "POST", `/tickets/${vip.body.id}/claim`)).status).toBe(404);
    const listed = await call(k.app, k.tokens.bob, "GET", "/tickets?limit=100");
    expect(listed.body.tickets.map((t: { id: number }) => t.id)).not.toContain(vip.body.id);
    expect((await call(k.app, k.tokens.bob, "GET", `/tickets/search?q=vip`)).body.tickets).toEqual([]);
    expect((await call(k.app, k.tokens.dee, "GET", `/tickets/${vip.body.id}`)).status).toBe(200);
    expect((await call(k.app, k.tokens.ada, "GET", `/tickets/${vip.body.id}`)).status).toBe(200);
    expect((await call(k.app, k.tokens.bob, "GET", "/tickets?queue=team&team=vip")).status).toBe(403);
  });

  it("maps every core refusal to its status with a JSON error body", async () => {
    const id = (await call(k.app, k.tokens.bob, "POST", "/tickets", { subject: "contested" })).body.id;
    await call(k.app, k.tokens.ada, "POST", `/tickets/${id}/claim`);
    // Keyed by the core's codes, so a new one cannot go without a request that refuses with it.
    const refusals: Record<ErrorCode, { status: number; send: () => Promise<Answer> }> = {
      not_found: { status: 404, send: () => call(k.app, k.tokens.bob, "GET", "/tickets/999999") },
      forbidden: { status: 403, send: () => call(k.app, k.tokens.bob, "POST", "/webhooks/crm/enable", {}) },
      invalid: { status: 400, send: () => call(k.app, k.tokens.bob, "POST", "/tickets", { subject: "x", pipelineId: "nope" }) },
      conflict: { status: 409, send: () => call(k.app, k.tokens.bob, "POST", `/tickets/${id}/claim`) },
    };
    for (const [code, { status, send }] of Object.entries(refusals)) {
      const a = await send();
      expect(a, code).toMatchObject({ status, body: { error: { code, message: expect.any(String) } } });
      expect(a.headers.get("content-type"), code).toMatch(/^application\/json/);
    }
    expect((await refusals.conflict.send()).body.error.message).toBe(`#${id} is already claimed by Ada.`);
    // In the language asked for, when the help desk speaks it.
    const ja = await call(k.app, k.tokens.bob, "GET", "/tickets/999999", undefined, { "accept-language": "ja-JP,en;q=0.5" });
    expect(ja.body.error).toMatchObject({ code: "not_found", message: expect.stringMatching(/[\u3040-\u30ff\u4e00-\u9fff]/) });
    const fr = await call(k.app, k.tokens.bob, "GET", "/tickets/999999", undefined, { "accept-language": "fr-FR" });
    expect(fr.body.error.message).toBe("Ticket #999999 was not found.");
  });

  it("refuses requests that do not match the schemas, saying which field", async () => {
    const noSubject = await call(k.app, k.tokens.bob, "POST", "/tickets", { priority: "whenever" });
    expect(noSubject.status).toBe(400);
    expect(Object.keys(noSubject.body.error.fields)).toEqual(expect.arrayContaining(["body.subject", "body.priority"]));
    expect((await call(k.app, k.tokens.bob, "GET", "/tickets/abc")).body.error.fields).toHaveProperty("path.id");
    // A misspelt field is refused, not dropped: a PATCH would otherwise change nothing and say 200.
    const id = (await call(k.app, k.tokens.bob, "POST", "/tickets", { subject: "typo" })).body.id;
    const typo = await call(k.app, k.tokens.bob, "PATCH", `/tickets/${id}`, { priorty: "high" });
    expect(typo).toMatchObject({ status: 400, body: { error: { code: "invalid", fields: { body: expect.stringContaining("priorty") } } } });
    const nested = await call(k.app, k.tokens.bob, "POST", "/tickets", { subject: "x", requester: { mail: "a@example.com" } });
    expect(nested.status).toBe(400);
    expect((await call(k.app, k.tokens.bob, "GET", "/tickets?queue=everything")).body.error.fields).toHaveProperty("query.queue");
    const notJson = await k.app.request("/tickets", { method: "POST", headers: { authorization: `Bearer ${k.tokens.bob}` }, body: "{" });
    expect(notJson.status).toBe(400);
    expect((await call(k.app, k.tokens.bob, "GET", "/nothing-here")).body.error.code).toBe("not_found");
    const huge = await call(k.app, k.tokens.bob, "POST", "/tickets", { subject: "big", text: "x".repeat(1024 * 1024) });
    expect(huge).toMatchObject({ status: 413, body: { error: { code: "too_large" } } });
  });
});
