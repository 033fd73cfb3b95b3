import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { createTicket } from "./create-ticket.js";
import { mergeTickets } from "./merge-tickets.js";
import { mergeChain, resolveMergedTicket } from "./resolve-merged.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const open = (subject: string) => createTicket(t.deps, { subject }, as.ada);
const resolve = (id: number) => t.deps.db.transaction().execute((tx) => resolveMergedTicket(tx, id));

describe("resolveMergedTicket", () => {
  it("leaves an unmerged ticket where it is", async () => {
    const a = await open("alone");
    expect(await resolve(a.id)).toBe(a.id);
  });

  it("follows merges to the final primary, so later mail to a secondary lands there", async () => {
    const [a, b, c] = [await open("a"), await open("b"), await open("c")];
    await mergeTickets(t.deps, { primaryId: b.id, secondaryId: a.id }, as.bob);
    expect(await resolve(a.id)).toBe(b.id);
    await mergeTickets(t.deps, { primaryId: c.id, secondaryId: b.id }, as.bob);
    expect(await resolve(a.id)).toBe(c.id);
    expect(await resolve(b.id)).toBe(c.id);
    expect(await t.deps.db.transaction().execute((tx) => mergeChain(tx, a.id))).toEqual([a.id, b.id, c.id]);
  });

  it("stops on a cycle in the data instead of looping forever", async () => {
    const [a, b] = [await open("loop a"), await open("loop b")];
    // Merging refuses to make a cycle; only a hand-edited database holds one.
    await t.prisma.ticket.update({ where: { id: a.id }, data: { mergedIntoId: b.id } });
    await t.prisma.ticket.update({ where: { id: b.id }, data: { mergedIntoId: a.id } });
    expect(await resolve(a.id)).toBe(b.id);
    expect(await t.deps.db.transaction().execute((tx) => mergeChain(tx, b.id))).toEqual([b.id, a.id]);
  });

  it("resolves a ticket that does not exist to itself", async () => {
    expect(await resolve(999_999)).toBe(999_999);
  });
});
