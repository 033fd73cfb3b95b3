import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { createTicket } from "./create-ticket.js";
import { findTickets } from "./find-tickets.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("findTickets", () => {
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    const mk = async (key: string, input: Parameters<typeof createTicket>[1], actor = as.bob) => {
      ids[key] = (await createTicket(t.deps, input, actor)).id;
      t.advance(1000);
    };
    await mk("printer", { subject: "Printer on FIRE", requester: { email: "Alice@Example.org", name: "Alice Liddell" } });
    await mk("vpn", { subject: "VPN drops", requester: { email: "bob.smith@corp.io" } });
    await mk("vip-printer", { subject: "VIP printer jam", teamId: "vip" }, as.dee);
    await mk("deleted-printer", { subject: "old printer" });
    await mk("percent", { subject: "100% CPU" });
    await mk("second-printer", { subject: "printer again", requester: { email: "alice@example.org" } });
    await t.prisma.ticket.update({ where: { id: ids["deleted-printer"]! }, data: { deletedAt: new Date() } });
  });
  const names = (views: { id: number }[]) => views.map((v) => Object.keys(ids).find((k) => ids[k] === v.id));

  it("matches subjects case-insensitively, most recent first, hiding deleted and other teams' tickets", async () => {
    expect(names(await findTickets(t.deps, { text: "PRINTER" }, as.bob))).toEqual(["second-printer", "printer"]);
    expect(names(await findTickets(t.deps, { text: "printer" }, as.dee))).toEqual(["second-printer", "vip-printer", "printer"]);
    expect(names(await findTickets(t.deps, { text: "fire" }, as.cy))).toEqual(["printer"]);
  });

  it("finds by number, with or without #", async () => {
    expect(names(await findTickets(t.deps, { text: `#${ids.vpn}` }, as.bob))).toEqual(["vpn"]);
    expect(names(await findTickets(t.deps, { text: `  ${ids.vpn} ` }, as.bob))).toEqual(["vpn"]);
    expect(await findTickets(t.deps, { text: `#${ids["vip-printer"]}` }, as.bob)).toEqual([]);
    expect(await findTickets(t.deps, { text: `#${ids["deleted-printer"]}` }, as.ada)).toEqual([]);
  });

  it("matches contact emails and names case-insensitively", async () => {
    expect(names(await findTickets(t.deps, { text: "ALICE@example" }, as.bob))).toEqual(["second-printer", "printer"]);
    expect(names(await findTickets(t.deps, { text: "corp.IO" }, as.bob))).toEqual(["vpn"]);
    expect(names(await findTickets(t.deps, { text: "liddell" }, as.bob))).toEqual(["second-printer", "printer"]);
  });

  it("treats LIKE wildcards literally, honours the limit and refuses empty searches", async () => {
    expect(names(await findTickets(t.deps, { text: "0%" }, as.bob))).toEqual(["percent"]);
    expect(await findTickets(t.deps, { text: "_" }, as.bob)).toEqual([]);
    expect(names(await findTickets(t.deps, { text: "printer", limit: 1 }, as.ada))).toEqual(["second-printer"]);
    await expect(findTickets(t.deps, { text: "   " }, as.bob)).rejects.toMatchObject({ code: "invalid" });
    await expect(findTickets(t.deps, { text: "x", limit: 0 }, as.bob)).rejects.toMatchObject({ code: "invalid" });
    await expect(findTickets(t.deps, { text: "x" }, { type: "agent", agentId: "nobody" })).rejects.toMatchObject({ code: "forbidden" });
  });
});
