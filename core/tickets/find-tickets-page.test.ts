import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { createTicket } from "./create-ticket.js";
import { findTicketsPage } from "./find-tickets-page.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("findTicketsPage", () => {
  it("pages through every match, most recent first, without repeats, also across tickets made meanwhile", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await createTicket(t.deps, { subject: `paged search ${i}` }, as.bob)).id);
      // Two of them in the same millisecond: the id breaks the tie.
      if (i !== 2) t.advance(1000);
    }
    const first = await findTicketsPage(t.deps, { text: "paged search", limit: 2 }, as.bob);
    expect(first.tickets.map((x) => x.id)).toEqual([ids[4], ids[3]]);
    await createTicket(t.deps, { subject: "paged search new" }, as.bob);
    const seen = first.tickets.map((x) => x.id);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await findTicketsPage(t.deps, { text: "paged search", limit: 2, cursor }, as.bob);
      seen.push(...page.tickets.map((x) => x.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it("says another page follows a full page of the largest size", async () => {
    for (let i = 0; i < 51; i++) await createTicket(t.deps, { subject: `big page ${i}` }, as.bob);
    const first = await findTicketsPage(t.deps, { text: "big page", limit: 50 }, as.bob);
    expect(first.tickets).toHaveLength(50);
    expect(first.nextCursor).not.toBeNull();
    const asked = await findTicketsPage(t.deps, { text: "big page", limit: 100 }, as.bob);
    expect([asked.tickets.length, asked.nextCursor === null]).toEqual([50, false]);
    const second = await findTicketsPage(t.deps, { text: "big page", limit: 50, cursor: first.nextCursor! }, as.bob);
    expect([second.tickets.length, second.nextCursor]).toEqual([1, null]);
  });

  it("narrows the matches as the queues are narrowed: queue, pipeline, priority, status, team, owner", async () => {
    const mk = async (subject: string, extra: Omit<Parameters<typeof createTicket>[1], "subject">, actor = as.bob) => {
      t.advance(1000);
      return (await createTicket(t.deps, { subject, ...extra }, actor)).id;
    };
    const a = await mk("narrowed a", { ownerId: "bob", priority: "high", teamId: "tier1" });
    const b = await mk("narrowed b", { pipelineId: "billing" });
    const c = await mk("narrowed c", { statusId: "closed" });
    await mk("narrowed d", { teamId: "vip" }, as.dee);
    const found = async (filters: Omit<Parameters<typeof findTicketsPage>[1], "text">, actor = as.bob) =>
      (await findTicketsPage(t.deps, { text: "narrowed", ...filters }, actor)).tickets.map((x) => x.id);

    // Without a queue closed tickets match too; another team's never do.
    expect(await found({})).toEqual([c, b, a]);
    expect(await found({ queue: "all_open" })).toEqual([b, a]);
    expect(await found({ queue: "mine" })).toEqual([a]);
    expect(await found({ queue: "unassigned" })).toEqual([b]);
    expect(await found({ queue: "team" })).toEqual([a]);
    expect(await found({ pipelineIds: ["billing"] })).toEqual([b]);
    expect(await found({ priorities: ["high", "urgent"] })).toEqual([a]);
    expect(await found({ statusIds: ["closed"] })).toEqual([c]);
    expect(await found({ teamId: "tier1" })).toEqual([a]);
    expect(await found({ ownerId: "bob" })).toEqual([a]);
    expect(await found({ teamId: "vip" }, as.dee)).toHaveLength(1);

    // Pages keep the filters.
    const first = await findTicketsPage(t.deps, { text: "narrowed", queue: "all_open", limit: 1 }, as.bob);
    expect(first.tickets.map((x) => x.id)).toEqual([b]);
    const next = await findTicketsPage(t.deps, { text: "narrowed", queue: "all_open", limit: 1, cursor: first.nextCursor! }, as.bob);
    expect([next.tickets.map((x) => x.id), next.nextCursor]).toEqual([[a], null]);

    await expect(found({ teamId: "vip" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(found({ queue: "mine", ownerId: "cy" })).rejects.toMatchObject({ code: "invalid" });
    await expect(found({ queue: "auto" as "mine" })).rejects.toMatchObject({ code: "invalid" });
    await expect(found({ pipelineIds: ["nope"] })).rejects.toMatchObject({ code: "invalid" });
  });

  it("refuses a cursor it did not make, and an empty page", async () => {
    await expect(findTicketsPage(t.deps, { text: "paged", cursor: "bm9wZQ" }, as.bob)).rejects.toMatchObject({ code: "invalid" });
    await expect(findTicketsPage(t.deps, { text: "paged", limit: 0 }, as.bob)).rejects.toMatchObject({ code: "invalid" });
  });
});
