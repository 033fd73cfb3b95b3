// Idempotency-Key on POSTs, and the per-token rate limit kept in the database.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beginRequest, createApiToken, systemActor } from "../../core/index.js";
import { openDatabase, parseDatabaseUrl } from "../../bot/db/connect.js";
import { testProvider } from "../../test/harness.js";
import { openApiDocument } from "./openapi.js";
import { apiRouteList } from "./routes/index.js";
import { apiKit, appOn, call, type ApiKit } from "./testing/api-kit.js";

let k: ApiKit;
beforeAll(async () => {
  k = await apiKit();
});
afterAll(() => k.t.close());

const create = (key: string, body: unknown) => call(k.app, k.tokens.bob, "POST", "/tickets", body, { "idempotency-key": key });

describe("Idempotency-Key", () => {
  it("makes one ticket of a retried create and answers the retry the same", async () => {
    const first = await create("create-1", { subject: "exactly once" });
    const again = await create("create-1", { subject: "exactly once" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(await k.t.prisma.ticket.count({ where: { subject: "exactly once" } })).toBe(1);
  });

  it("makes one ticket of the same create sent several times at once", async () => {
    const all = await Promise.all(Array.from({ length: 5 }, () => create("create-race", { subject: "raced" })));
    expect(await k.t.prisma.ticket.count({ where: { subject: "raced" } })).toBe(1);
    for (const a of all) expect([201, 409]).toContain(a.status);
    expect(all.filter((a) => a.status === 409).every((a) => a.body.error.code === "idempotency_in_progress")).toBe(true);
  });

  it("refuses the same key with another request (422), and keeps keys per token", async () => {
    await create("create-2", { subject: "first body" });
    const other = await create("create-2", { subject: "second body" });
    expect(other).toMatchObject({ status: 422, body: { error: { code: "idempotency_mismatch" } } });
    const byDee = await call(k.app, k.tokens.dee, "POST", "/tickets", { subject: "first body" }, { "idempotency-key": "create-2" });
    expect(byDee.status).toBe(201);
    expect(await k.t.prisma.ticket.count({ where: { subject: "first body" } })).toBe(2);
  });

  it("replays the first answer to a retried action, and acts again without a key", async () => {
    const id = (await create("claim-setup", { subject: "claim twice" })).body.id;
    const claim = () => call(k.app, k.tokens.bob, "POST", `/tickets/${id}/claim`, undefined, { "idempotency-key": "claim-1" });
    expect((await claim()).status).toBe(200);
    const retried = await claim();
    expect(retried.status).toBe(200);
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    expect((await call(k.app, k.tokens.bob, "POST", `/tickets/${id}/claim`)).status).toBe(409);
  });
});

describe("Idempotency-Key after a refusal or a failure", () => {
  it("replays a refusal (4xx) to a retry with the same key, even once the request would now succeed", async () => {
    const id = (await create("refusal-setup", { subject: "claimed by another" })).body.id;
    await call(k.app, k.tokens.ada, "POST", `/tickets/${id}/claim`);
    const claim = () => call(k.app, k.tokens.bob, "POST", `/tickets/${id}/claim`, undefined, { "idempotency-key": "refused-claim" });
    const refused = await claim();
    expect(refused).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });
    expect((await call(k.app, k.tokens.ada, "POST", `/tickets/${id}/release`)).status).toBe(200);
    const retried = await claim();
    expect(retried.status).toBe(409);
    expect(retried.body).toEqual(refused.body);
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    expect((await k.t.prisma.ticket.findUniqueOrThrow({ where: { id } })).ownerId).toBeNull();
    // Without the key the request is a new one, and goes through.
    expect((await call(k.app, k.tokens.bob, "POST", `/tickets/${id}/claim`)).status).toBe(200);
  });

  it("gives the key back when the use case fails (5xx), so a retry with it runs afresh, once", async () => {
    const real = k.t.deps.db;
    let failNext = true;
    // The next transaction does its work, the answer's record included, then is lost before it commits.
    const db = new Proxy(real, {
      get(target, prop) {
        if (prop === "transaction" && failNext) {
          failNext = false;
          return () => ({
            execute: (fn: (tx: unknown) => Promise<unknown>) =>
              real.transaction().execute(async (tx) => {
                await fn(tx);
                throw new Error("the connection dropped before the commit");
              }),
          });
        }
        const v: unknown = Reflect.get(target, prop, target);
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const app = appOn({ ...k.t.deps, db });
    const send = () => call(app, k.tokens.bob, "POST", "/tickets", { subject: "after a failure" }, { "idempotency-key": "fails-once" });
    const count = () => k.t.prisma.ticket.count({ where: { subject: "after a failure" } });

    expect(await send()).toMatchObject({ status: 500, body: { error: { code: "internal" } } });
    expect(failNext).toBe(false);
    expect(await count()).toBe(0);
    const retried = await send();
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    const again = await send();
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(retried.body);
    expect(await count()).toBe(1);
  });
});

describe("Idempotency-Key while the first request runs", () => {
  it("answers 409 with Retry-After: the seconds until a retry may take over a first request that never answered", async () => {
    const { secret, token } = await createApiToken(k.t.deps, { name: "in-progress", agentId: "bob" }, systemActor);
    const body = { subject: "still running" };
    // The first request with the key, begun as the API begins it and not answered yet.
    const requestHash = createHash("sha256").update("POST /tickets\n").update(JSON.stringify(body)).digest("hex");
    expect((await beginRequest(k.t.deps, { tokenId: token.id, key: "slow-1", requestHash })).state).toBe("new");
    const retry = () => call(k.app, secret, "POST", "/tickets", body, { "idempotency-key": "slow-1" });

    const early = await retry();
    expect(early).toMatchObject({ status: 409, body: { error: { code: "idempotency_in_progress" } } });
    expect(early.headers.get("retry-after")).toBe("300");
    k.t.advance(2 * 60_000 + 500);
    expect((await retry()).headers.get("retry-after")).toBe("180");
    // Never less than a second, however close the moment.
    k.t.advance(3 * 60_000 - 900);
    expect((await retry()).headers.get("retry-after")).toBe("1");
    k.t.advance(400);
    const took = await retry();
    expect(took.status).toBe(201);
    expect(await k.t.prisma.ticket.count({ where: { subject: "still running" } })).toBe(1);

    const doc = openApiDocument(apiRouteList) as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: object }> }>>;
    };
    expect(doc.paths["/tickets"]!.post!.responses["409"]!.headers).toMatchObject({
      "Retry-After": { $ref: "#/components/headers/Retry-After" },
    });
    expect(doc.paths["/tickets/{id}"]!.patch!.responses["409"]?.headers).not.toHaveProperty("Retry-After");
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After past the limit, per token", async () => {
    const app = appOn(k.t.deps, 3);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await call(app, k.tokens.ada, "GET", "/tickets"));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers[0]?.headers.get("ratelimit-remaining")).toBe("2");
    const refused = answers[3]!;
    expect(refused.body.error.code).toBe("rate_limited");
    // The test clock stands at a whole minute: the window ends 60 s on.
    expect(refused.headers.get("retry-after")).toBe("60");
    expect((await call(app, k.tokens.dee, "GET", "/tickets")).status).toBe(200);
    k.t.advance(60_000);
    expect((await call(app, k.tokens.ada, "GET", "/tickets")).status).toBe(200);
  });

  it("is shared by two app instances on one database", async () => {
    const { secret } = await createApiToken(k.t.deps, { name: "shared-limit", agentId: "bob" }, systemActor);
    // On PostgreSQL the second instance has its own connections, as another replica would.
    const second =
      testProvider === "postgresql" ? await openDatabase(parseDatabaseUrl(k.t.database.url)) : { db: k.t.deps.db, close: async () => {} };
    try {
      const one = appOn(k.t.deps, 4);
      const two = appOn({ ...k.t.deps, db: second.db }, 4);
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await call(i % 2 ? two : one, secret, "GET", "/tickets")).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      await second.close();
    }
  });
});
