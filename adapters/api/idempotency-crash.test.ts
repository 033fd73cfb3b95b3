// A request with an Idempotency-Key whose process dies after its use case committed, before the
// answer is stored after it: the retry must be answered, never run again.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiKit, call, expectRoute, type ApiKit } from "./testing/api-kit.js";

// The step that stores the answer after the response never gets to run.
vi.mock("../../core/index.js", async (importOriginal) => {
  const core = await importOriginal<typeof import("../../core/index.js")>();
  return {
    ...core,
    finishRequest: vi.fn(async () => {
      throw new Error("the process died before the answer was stored");
    }),
  };
});

let k: ApiKit;
beforeAll(async () => {
  k = await apiKit();
});
afterAll(() => k.t.close());

const post = (path: string, key: string, body: unknown) => call(k.app, k.tokens.bob, "POST", path, body, { "idempotency-key": key });

describe("Idempotency-Key across a crash after the commit", () => {
  it("answers a retried create from what the commit stored, then and after the key went stale: one ticket", async () => {
    const body = { subject: "crash after commit" };
    await post("/tickets", "crash-create", body);
    const retried = await post("/tickets", "crash-create", body);
    expectRoute("createTicket", retried);
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    expect(retried.body).toMatchObject({ subject: "crash after commit", source: "api" });

    // Past the time after which an unanswered first request is taken for dead.
    k.t.advance(10 * 60_000);
    const late = await post("/tickets", "crash-create", body);
    expect(late.status).toBe(201);
    expect(late.body).toEqual(retried.body);
    expect(await k.t.prisma.ticket.count({ where: { subject: "crash after commit" } })).toBe(1);
  });

  it("answers a retried comment with the route's own answer, not the use case's whole result", async () => {
    const { id } = await k.t.prisma.ticket.findFirstOrThrow({ where: { subject: "crash after commit" } });
    await post(`/tickets/${id}/comments`, "crash-comment", { text: "noted once" });
    const retried = await post(`/tickets/${id}/comments`, "crash-comment", { text: "noted once" });
    expectRoute("commentOnTicket", retried);
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    expect(await k.t.prisma.message.count({ where: { ticketId: id, text: "noted once" } })).toBe(1);
  });
});
