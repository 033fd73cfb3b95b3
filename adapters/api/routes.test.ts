// Every /api/v1 route end to end (in-process), on whichever database the tests run on: each
// answers what its use case did, in the shape its schema (and so the OpenAPI document) promises.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRouteList } from "./routes/index.js";
import { apiKit, call, exercisedRoutes, expectRoute, type ApiKit } from "./testing/api-kit.js";

let k: ApiKit;
beforeAll(async () => {
  k = await apiKit();
});
afterAll(() => k.t.close());

let keys = 0;
/**
 * A request as `who`. Every POST carries an Idempotency-Key and, when it succeeds, is sent again:
 * the replay (the answer stored in the use case's transaction) must be the answer itself.
 */
async function as(who: keyof ApiKit["tokens"], method: string, path: string, body?: unknown) {
  if (method !== "POST") return call(k.app, k.tokens[who], method, path, body);
  const key = { "idempotency-key": `routes-${++keys}` };
  const first = await call(k.app, k.tokens[who], method, path, body, key);
  if (first.status < 300) {
    const again = await call(k.app, k.tokens[who], method, path, body, key);
    expect(again.headers.get("idempotent-replayed"), `${method} ${path}`).toBe("true");
    expect([again.status, again.body]).toEqual([first.status, first.body]);
  }
  return first;
}

async function newTicket(subject: string, extra: Record<string, unknown> = {}): Promise<number> {
  const a = await as("bob", "POST", "/tickets", {
    subject,
    text: "It broke.",
    requester: { email: "cus@example.com", name: "Cus" },
    ...extra,
  });
  expectRoute("createTicket", a);
  return a.body.id as number;
}

describe("/api/v1 routes", () => {
  it("creates a ticket and shows it with its messages and timeline", async () => {
    const id = await newTicket("Printer on fire", { priority: "high", properties: { product: "web" } });
    const shown = await as("bob", "GET", `/tickets/${id}`);
    expectRoute("showTicket", shown);
    expect(shown.body.ticket).toMatchObject({
      id,
      number: `#${id}`,
      source: "api",
      subject: "Printer on fire",
      priority: "high",
      properties: { product: "web" },
    });
    expect(shown.body.ticket.contact).toMatchObject({ email: "cus@example.com" });
    expect(shown.body.messages.map((m: { text: string }) => m.text)).toEqual(["It broke."]);
    expect(shown.body.timeline.map((e: { type: string }) => e.type)).toContain("ticket.created");
  });

  it("lists a queue a page at a time, with filters, and searches", async () => {
    const ids = [await newTicket("page one"), await newTicket("page two"), await newTicket("page three")];
    await as("bob", "PATCH", `/tickets/${ids[1]}`, { priority: "urgent" });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await as("bob", "GET", `/tickets?queue=unassigned&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expectRoute("listTickets", page);
      expect(page.body.tickets.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.tickets.map((t: { id: number }) => t.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expect.arrayContaining(ids));
    expect(new Set(seen).size).toBe(seen.length);
    const urgent = await as("bob", "GET", "/tickets?priority=urgent,high&status=new");
    expectRoute("listTickets", urgent);
    expect(urgent.body.tickets.map((t: { id: number }) => t.id)).toContain(ids[1]);
    expect(urgent.body.tickets.every((t: { priority: string }) => ["urgent", "high"].includes(t.priority))).toBe(true);
    const found = await as("bob", "GET", `/tickets/search?q=${encodeURIComponent("page two")}`);
    expectRoute("searchTickets", found);
    expect(found.body.tickets.map((t: { id: number }) => t.id)).toEqual([ids[1]]);
    const firstHit = await as("bob", "GET", "/tickets/search?q=page&limit=2");
    expectRoute("searchTickets", firstHit);
    const rest = await as("bob", "GET", `/tickets/search?q=page&limit=2&cursor=${firstHit.body.nextCursor}`);
    expect([...firstHit.body.tickets, ...rest.body.tickets].map((t: { id: number }) => t.id)).toEqual([...ids].reverse());
    expect(rest.body.nextCursor).toBeNull();
  });

  it("narrows a listing and a search with the queue filters, pipeline included", async () => {
    const billing = await newTicket("filter me billing", { pipelineId: "billing" });
    const urgent = await newTicket("filter me urgent", { priority: "urgent" });
    const ids = (a: { body: { tickets: { id: number }[] } }) => a.body.tickets.map((t) => t.id);
    const listed = await as("bob", "GET", "/tickets?pipeline=billing");
    expectRoute("listTickets", listed);
    expect(ids(listed)).toContain(billing);
    expect(listed.body.tickets.every((t: { pipeline: { id: string } }) => t.pipeline.id === "billing")).toBe(true);

    const q = `q=${encodeURIComponent("filter me")}`;
    const inBilling = await as("bob", "GET", `/tickets/search?${q}&pipeline=billing`);
    expectRoute("searchTickets", inBilling);
    expect(ids(inBilling)).toEqual([billing]);
    expect(ids(await as("bob", "GET", `/tickets/search?${q}&queue=unassigned&priority=urgent,high`))).toEqual([urgent]);
    await as("bob", "POST", `/tickets/${urgent}/claim`);
    expect(ids(await as("bob", "GET", `/tickets/search?${q}&queue=unassigned`))).toEqual([billing]);
    expect(ids(await as("bob", "GET", `/tickets/search?${q}&queue=mine`))).toEqual([urgent]);
    expect(ids(await as("bob", "GET", `/tickets/search?${q}&owner=bob&status=new`))).toEqual([urgent]);

    expect(await as("bob", "GET", `/tickets/search?${q}&queue=auto`)).toMatchObject({ status: 400, body: { error: { code: "invalid" } } });
    expect(await as("bob", "GET", `/tickets/search?${q}&pipeline=nope`)).toMatchObject({ status: 400 });
    expect(await as("bob", "GET", `/tickets/search?${q}&team=vip`)).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
  });

  it("claims, releases, assigns and updates", async () => {
    const id = await newTicket("work on me");
    const claimed = await as("bob", "POST", `/tickets/${id}/claim`);
    expectRoute("claimTicket", claimed);
    expect(claimed.body.owner).toEqual({ id: "bob", name: "Bob" });
    const released = await as("bob", "POST", `/tickets/${id}/release`);
    expectRoute("releaseTicket", released);
    expect(released.body.owner).toBeNull();
    const assigned = await as("bob", "POST", `/tickets/${id}/assign`, { ownerId: "cy" });
    expectRoute("assignTicket", assigned);
    expect(assigned.body.owner).toEqual({ id: "cy", name: "Cy" });
    const updated = await as("bob", "PATCH", `/tickets/${id}`, { subject: "renamed", properties: { seats: 3 } });
    expectRoute("updateTicket", updated);
    expect(updated.body).toMatchObject({ subject: "renamed", properties: { seats: 3 } });
  });

  it("replies, comments and changes status with the properties it requires", async () => {
    const id = await newTicket("answer me");
    const reply = await as("bob", "POST", `/tickets/${id}/replies`, { text: "On it." });
    expectRoute("replyToTicket", reply);
    expect(await k.t.prisma.message.count({ where: { id: reply.body.messageId, kind: "REPLY" } })).toBe(1);
    const note = await as("bob", "POST", `/tickets/${id}/comments`, { text: "internal only" });
    expectRoute("commentOnTicket", note);
    expect(await k.t.prisma.message.count({ where: { id: note.body.messageId, kind: "COMMENT" } })).toBe(1);
    const missing = await as("bob", "POST", `/tickets/${id}/status`, { statusId: "resolved" });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: "invalid", message: expect.stringContaining("Resolution") });
    const resolved = await as("bob", "POST", `/tickets/${id}/status`, { statusId: "resolved", properties: { resolution: "fixed" } });
    expectRoute("changeStatus", resolved);
    expect(resolved.body.status).toMatchObject({ id: "resolved", category: "CLOSED" });
  });

  it("splits, merges and moves", async () => {
    const id = await newTicket("two problems");
    await as("bob", "POST", `/tickets/${id}/comments`, { text: "second problem noted" });
    const candidates = await as("bob", "GET", `/tickets/${id}/split-candidates`);
    expectRoute("listSplitCandidates", candidates);
    const inbound = candidates.body.messages.find((m: { kind: string }) => m.kind === "INBOUND");
    const split = await as("bob", "POST", `/tickets/${id}/split`, { messageIds: [inbound.id], subject: "the other one" });
    expectRoute("splitTicket", split);
    expect(split.body.created).toMatchObject({ subject: "the other one", splitFromId: id });

    // A ticket number past what the database holds is a bad request, not a database error.
    expect((await as("bob", "POST", `/tickets/${split.body.created.id}/merge`, { into: 3_000_000_000 })).status).toBe(400);
    const merged = await as("bob", "POST", `/tickets/${split.body.created.id}/merge`, { into: id });
    expectRoute("mergeTicket", merged);
    expect(merged.body.id).toBe(id);
    expect((await as("bob", "GET", `/tickets/${split.body.created.id}`)).body.ticket.mergedIntoId).toBe(id);

    const moved = await as("bob", "POST", `/tickets/${id}/move`, { pipelineId: "billing" });
    expectRoute("moveTicket", moved);
    expect(moved.body).toMatchObject({ pipeline: { id: "billing" }, status: { id: "open" } });
  });

  it("deletes, lists the deleted to admins and restores", async () => {
    const id = await newTicket("delete me");
    await as("bob", "POST", `/tickets/${id}/claim`);
    const deleted = await as("bob", "DELETE", `/tickets/${id}`);
    expectRoute("deleteTicket", deleted);
    expect(deleted.body.deletedAt).not.toBeNull();
    expect((await as("bob", "GET", `/tickets/${id}`)).status).toBe(404);
    const bin = await as("ada", "GET", "/tickets/deleted");
    expectRoute("listDeletedTickets", bin);
    expect(bin.body.tickets.map((t: { id: number }) => t.id)).toContain(id);
    expect((await as("bob", "GET", "/tickets/deleted")).body).toEqual({ tickets: [] });
    expect((await as("bob", "POST", `/tickets/${id}/restore`)).status).toBe(403);
    const restored = await as("ada", "POST", `/tickets/${id}/restore`);
    expectRoute("restoreTicket", restored);
    expect(restored.body.deletedAt).toBeNull();
  });

  it("has answered every ticket route (the webhook routes have their own file)", () => {
    const ticketRoutes = apiRouteList.filter((r) => r.path.startsWith("/tickets")).map((r) => r.operationId);
    expect(ticketRoutes.filter((id) => !exercisedRoutes.has(id))).toEqual([]);
  });
});
