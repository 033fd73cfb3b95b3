import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { createApiToken } from "../api-tokens/create-api-token.js";
import { beginRequest } from "./begin-request.js";
import { abandonRequest, finishRequest, purgeIdempotencyRecords } from "./finish-request.js";

let t: TestCore;
let tokenId: string;
let otherTokenId: string;
beforeAll(async () => {
  t = await testCore();
  tokenId = (await createApiToken(t.deps, { name: "one", agentId: "bob" }, as.ada)).token.id;
  otherTokenId = (await createApiToken(t.deps, { name: "two", agentId: "cy" }, as.ada)).token.id;
});
afterAll(() => t.close());

describe("idempotency keys", () => {
  it("lets the first request run, tells a retry it is still running, then replays its response", async () => {
    const req = { tokenId, key: "k1", requestHash: "h1" };
    expect(await beginRequest(t.deps, req)).toEqual({ state: "new" });
    expect(await beginRequest(t.deps, req)).toEqual({ state: "running" });
    await finishRequest(t.deps, { tokenId, key: "k1", status: 201, body: '{"id":7}' });
    expect(await beginRequest(t.deps, req)).toEqual({ state: "replay", status: 201, body: '{"id":7}' });
    expect(await beginRequest(t.deps, { ...req, requestHash: "h2" })).toEqual({ state: "mismatch" });
    // Keys are per token.
    expect(await beginRequest(t.deps, { ...req, tokenId: otherTokenId })).toEqual({ state: "new" });
  });

  it("lets exactly one of racing requests with the same key run", async () => {
    const req = { tokenId, key: "race", requestHash: "h" };
    const all = await Promise.all(Array.from({ length: 8 }, () => beginRequest(t.deps, req)));
    expect(all.filter((r) => r.state === "new")).toHaveLength(1);
    expect(all.filter((r) => r.state === "running")).toHaveLength(7);
  });

  it("gives an abandoned key back, and takes over one whose request never answered", async () => {
    const req = { tokenId, key: "k2", requestHash: "h" };
    await beginRequest(t.deps, req);
    await abandonRequest(t.deps, { tokenId, key: "k2" });
    expect(await beginRequest(t.deps, req)).toEqual({ state: "new" });
    t.advance(5 * 60_000 + 1);
    expect(await beginRequest(t.deps, req)).toEqual({ state: "new" });
    expect(await beginRequest(t.deps, req)).toEqual({ state: "running" });
  });

  it("forgets a key once it expires, and the sweep deletes it", async () => {
    const req = { tokenId, key: "k3", requestHash: "h", ttlMs: 1000 };
    await beginRequest(t.deps, req);
    await finishRequest(t.deps, { tokenId, key: "k3", status: 200, body: "{}" });
    t.advance(1000);
    expect(await beginRequest(t.deps, { ...req, requestHash: "other" })).toEqual({ state: "new" });
    t.advance(24 * 3_600_000 + 1000);
    expect(await purgeIdempotencyRecords(t.deps.db, t.deps.now())).toBeGreaterThan(0);
    expect(await t.prisma.idempotencyRecord.count()).toBe(0);
  });
});
