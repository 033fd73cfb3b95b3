import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { systemActor } from "../deps.js";
import { authenticateApiToken, lastUsedEveryMs } from "./authenticate-api-token.js";
import { createApiToken } from "./create-api-token.js";
import { listApiTokens } from "./list-api-tokens.js";
import { revokeApiToken } from "./revoke-api-token.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("API tokens", () => {
  it("stores only a hash and a prefix; the secret authenticates as the agent", async () => {
    const { token, secret } = await createApiToken(t.deps, { name: "billing", agentId: "bob" }, as.ada);
    expect(token).toMatchObject({ name: "billing", agent: { id: "bob", name: "Bob" }, scope: "write", createdBy: "ada", revokedAt: null });
    expect(secret).toMatch(/^hdk_[A-Za-z0-9_-]{43}$/);
    const row = await t.prisma.apiToken.findUniqueOrThrow({ where: { name: "billing" } });
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(secret.startsWith(row.prefix)).toBe(true);
    expect(await authenticateApiToken(t.deps, secret)).toEqual({
      ok: true,
      caller: { tokenId: token.id, tokenName: "billing", agentId: "bob", scope: "write" },
    });
    expect(await authenticateApiToken(t.deps, `${secret}x`)).toEqual({ ok: false, reason: "unknown" });
  });

  it("is made by admins or the command line only, with a unique name and a known scope", async () => {
    await expect(createApiToken(t.deps, { name: "mine", agentId: "bob" }, as.bob)).rejects.toMatchObject({ code: "forbidden" });
    const cli = await createApiToken(t.deps, { name: "reporting", agentId: "cy", scope: "read" }, systemActor);
    expect(cli.token).toMatchObject({ createdBy: "cli", scope: "read" });
    await expect(createApiToken(t.deps, { name: "reporting", agentId: "bob" }, as.ada)).rejects.toMatchObject({ code: "conflict" });
    await expect(createApiToken(t.deps, { name: "x", agentId: "bob", scope: "admin" }, as.ada)).rejects.toMatchObject({ code: "invalid" });
    await expect(createApiToken(t.deps, { name: "bad name", agentId: "bob" }, as.ada)).rejects.toMatchObject({ code: "invalid" });
    await expect(createApiToken(t.deps, { name: "ghost", agentId: "nobody" }, as.ada)).rejects.toMatchObject({ code: "invalid" });
  });

  it("refuses a revoked token and one whose agent was deactivated", async () => {
    const a = await createApiToken(t.deps, { name: "to-revoke", agentId: "bob" }, as.ada);
    const revoked = await revokeApiToken(t.deps, { name: "to-revoke" }, as.ada);
    expect(revoked.revokedAt).toEqual(t.deps.now());
    expect(await authenticateApiToken(t.deps, a.secret)).toEqual({ ok: false, reason: "revoked" });
    await expect(revokeApiToken(t.deps, { name: "to-revoke" }, as.ada)).rejects.toMatchObject({ code: "conflict" });
    await expect(revokeApiToken(t.deps, { name: "nope" }, as.ada)).rejects.toMatchObject({ code: "not_found" });
    await expect(revokeApiToken(t.deps, { name: "billing" }, as.cy)).rejects.toMatchObject({ code: "forbidden" });

    const d = await createApiToken(t.deps, { name: "dee-token", agentId: "dee" }, as.ada);
    await t.deps.db.updateTable("Agent").set({ active: false }).where("id", "=", "dee").execute();
    try {
      expect(await authenticateApiToken(t.deps, d.secret)).toEqual({ ok: false, reason: "agent_inactive" });
    } finally {
      await t.deps.db.updateTable("Agent").set({ active: true }).where("id", "=", "dee").execute();
    }
  });

  it("records the last use at most once a minute", async () => {
    const { secret } = await createApiToken(t.deps, { name: "used", agentId: "cy" }, as.ada);
    const lastUsed = async () => (await t.prisma.apiToken.findUniqueOrThrow({ where: { name: "used" } })).lastUsedAt;
    await authenticateApiToken(t.deps, secret);
    const first = t.deps.now();
    expect(await lastUsed()).toEqual(first);
    t.advance(lastUsedEveryMs - 1000);
    await authenticateApiToken(t.deps, secret);
    expect(await lastUsed()).toEqual(first);
    t.advance(1000);
    await authenticateApiToken(t.deps, secret);
    expect(await lastUsed()).toEqual(t.deps.now());
  });

  it("lists every token to admins, never the secret", async () => {
    const names = (await listApiTokens(t.deps, as.ada)).map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(["billing", "reporting", "to-revoke"]));
    expect(JSON.stringify(await listApiTokens(t.deps, systemActor))).not.toMatch(/hdk_[A-Za-z0-9_-]{20}/);
    await expect(listApiTokens(t.deps, as.bob)).rejects.toMatchObject({ code: "forbidden" });
  });
});
