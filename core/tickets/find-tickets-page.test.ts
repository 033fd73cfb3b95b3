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

  it("refuses a cursor it did not make, and an empty page", async () => {
    await expect(findTicketsPage(t.deps, { text: "paged", cursor: "bm9wZQ" }, as.bob)).rejects.toMatchObject({ code: "invalid" });
    await expect(findTicketsPage(t.deps, { text: "paged", limit: 0 }, as.bob)).rejects.toMatchObject({ code: "invalid" });
  });
});
