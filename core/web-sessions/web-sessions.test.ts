import { afterAll, beforeAll, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { systemActor } from "../deps.js";
import { HelpdeskError } from "../errors.js";
import { endSession } from "./end-session.js";
import { issueSignInLink } from "./issue-sign-in-link.js";
import { redeemSignIn } from "./redeem-sign-in.js";
import { sessionAgent } from "./session-agent.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const minute = 60_000;
const storedKeys = () => t.deps.db.selectFrom("ExpiringKey").select(["namespace", "key", "value", "expiresAt"]).execute();

it("trades a link for a session once; the second redeem gets nothing", async () => {
  const link = await issueSignInLink(t.deps, as.bob);
  expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(link.expiresAt).toEqual(new Date(t.deps.now().getTime() + 10 * minute));
  const session = await redeemSignIn(t.deps, link.token);
  expect(session).toMatchObject({ agentId: "bob", expiresAt: new Date(t.deps.now().getTime() + 12 * 60 * minute) });
  expect(session!.sessionId).not.toBe(link.token);
  expect(await sessionAgent(t.deps, session!.sessionId)).toBe("bob");
  expect(await redeemSignIn(t.deps, link.token)).toBeNull();
});

it("stores neither the token nor the session id, only their hashes", async () => {
  const link = await issueSignInLink(t.deps, as.cy);
  const pending = await storedKeys();
  expect(pending.some((r) => r.namespace === "sign-in-link" && r.value === "cy")).toBe(true);
  expect(JSON.stringify(pending)).not.toContain(link.token);
  const session = await redeemSignIn(t.deps, link.token);
  const after = await storedKeys();
  expect(after.some((r) => r.namespace === "web-session" && r.value === "cy")).toBe(true);
  expect(JSON.stringify(after)).not.toContain(session!.sessionId);
});

it("refuses a link after ten minutes", async () => {
  const early = await issueSignInLink(t.deps, as.bob);
  const late = await issueSignInLink(t.deps, as.bob);
  t.advance(10 * minute - 1000);
  expect(await redeemSignIn(t.deps, early.token)).not.toBeNull();
  t.advance(1000);
  expect(await redeemSignIn(t.deps, late.token)).toBeNull();
});

it("ends a session after twelve hours, or when it is ended", async () => {
  const kept = (await redeemSignIn(t.deps, (await issueSignInLink(t.deps, as.dee)).token))!;
  const ended = (await redeemSignIn(t.deps, (await issueSignInLink(t.deps, as.dee)).token))!;
  await endSession(t.deps, ended.sessionId);
  expect(await sessionAgent(t.deps, ended.sessionId)).toBeNull();
  t.advance(12 * 60 * minute - 1000);
  expect(await sessionAgent(t.deps, kept.sessionId)).toBe("dee");
  t.advance(1000);
  expect(await sessionAgent(t.deps, kept.sessionId)).toBeNull();
});

it("signs in active agents only, and a deactivated agent's link and session stop working", async () => {
  await expect(issueSignInLink(t.deps, systemActor)).rejects.toMatchObject({ code: "forbidden" });
  await t.prisma.agent.create({ data: { id: "eve", name: "Eve" } });
  const eve = { type: "agent", agentId: "eve" } as const;
  const session = (await redeemSignIn(t.deps, (await issueSignInLink(t.deps, eve)).token))!;
  const unused = await issueSignInLink(t.deps, eve);
  expect(await sessionAgent(t.deps, session.sessionId)).toBe("eve");
  await t.prisma.agent.update({ where: { id: "eve" }, data: { active: false } });
  expect(await sessionAgent(t.deps, session.sessionId)).toBeNull();
  expect(await redeemSignIn(t.deps, unused.token)).toBeNull();
  const refused = await issueSignInLink(t.deps, eve).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(HelpdeskError);
  expect((refused as HelpdeskError).code).toBe("forbidden");
});

it("knows nothing of made-up or malformed tokens and session ids", async () => {
  const madeUp = Buffer.alloc(32, 7).toString("base64url");
  expect(await redeemSignIn(t.deps, madeUp)).toBeNull();
  expect(await redeemSignIn(t.deps, "")).toBeNull();
  expect(await redeemSignIn(t.deps, "x".repeat(5000))).toBeNull();
  expect(await sessionAgent(t.deps, madeUp)).toBeNull();
  await endSession(t.deps, "not a session");
});

it("gives one session to redeems racing on the same link", async () => {
  const link = await issueSignInLink(t.deps, as.ada);
  const before = (await storedKeys()).filter((r) => r.namespace === "web-session" && r.value === "ada").length;
  const results = await Promise.all(Array.from({ length: 6 }, () => redeemSignIn(t.deps, link.token)));
  expect(results.filter((r) => r !== null)).toHaveLength(1);
  const after = (await storedKeys()).filter((r) => r.namespace === "web-session" && r.value === "ada").length;
  expect(after - before).toBe(1);
});
