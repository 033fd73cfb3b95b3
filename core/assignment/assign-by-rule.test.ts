// Assignment by a rule, each method and each way an agent is passed over, with the timeline
// event naming the rule, the card and the owner's notification, and the ticket's thread told when
// nobody could be given the ticket. The clock starts on Monday 5 January 2026, 09:00 UTC.
import { afterEach, describe, expect, it } from "vitest";
import { buildCatalog, HelpdeskConfig } from "../config.js";
import { withTx } from "../deps.js";
import { createTicket } from "../tickets/create-ticket.js";
import { deleteTicket } from "../tickets/delete-ticket.js";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { assignByRule } from "./assign-by-rule.js";
import { setAway } from "./set-away.js";

const weekday = [["09:00", "18:00"]];
/** Tier 1 is Bob, Cy and Eve; Dee is VIP; Ada is an admin in no team. Rules assign only when asked. */
const config = {
  ...testConfigInput,
  agents: [...testConfigInput.agents, { id: "eve", name: "Eve", email: "eve@helpdesk.test", teams: ["tier1"] }],
  calendars: [{ id: "office", timeZone: "UTC", hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday } }],
  assignmentRules: [
    { id: "turns", team: "tier1", method: "round_robin", auto: false },
    { id: "listed", agents: ["eve", "bob"], method: "round_robin", auto: false },
    { id: "fewest", team: "tier1", method: "least_open", auto: false },
    { id: "capped", team: "tier1", method: "round_robin", capacity: 1, auto: false },
    { id: "office-hours", team: "tier1", followBusinessHours: true, auto: false },
    { id: "mixed", agents: ["dee", "cy"], auto: false },
  ],
  teams: [
    { id: "tier1", name: "Tier 1", calendar: "office" },
    { id: "vip", name: "VIP" },
  ],
};

let t: TestCore;
afterEach(() => t?.close());

async function ticket(teamId: string | null = "tier1", subject = "Printer on fire") {
  t.advance(1000);
  return (await createTicket(t.deps, { subject, teamId, requester: { email: "carol@customer.test" } }, as.ada)).id;
}
const assign = (rule: string, ticketId: number, deps = t.deps) => withTx(deps, (tx) => assignByRule(tx, deps, rule, ticketId, deps.now()));
const ownerOf = async (id: number) => (await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).ownerId;
/** Owners the rule gives `n` new tickets of `teamId`, in order. */
async function owners(rule: string, n: number, teamId: string | null = "tier1"): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    const r = await assign(rule, await ticket(teamId));
    out.push(r.assigned ? r.owner.id : null);
  }
  return out;
}

describe("assignByRule: round-robin", () => {
  it("gives tickets to the team's members in turn by id, wrapping around, and keeps the turn in the rule's cursor", async () => {
    t = await testCore(config);
    expect(await owners("turns", 4)).toEqual(["bob", "cy", "eve", "bob"]);
    expect(await t.prisma.assignmentCursor.findUniqueOrThrow({ where: { rule: "turns" } })).toMatchObject({ lastAgentId: "bob" });
    // Each rule has its own turn.
    expect(await owners("listed", 3, null)).toEqual(["eve", "bob", "eve"]);
    expect(await owners("turns", 1)).toEqual(["cy"]);
  });

  it("records the assignment as the assign action does, naming the rule, with the card and the owner told", async () => {
    t = await testCore(config);
    const id = await ticket();
    const before = await t.prisma.outbox.count({ where: { ticketId: id } });
    await expect(assign("turns", id)).resolves.toEqual({ assigned: true, rule: "turns", owner: { id: "bob", name: "Bob" } });
    expect(await ownerOf(id)).toBe("bob");
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: id, type: "ticket.assigned" } });
    expect(JSON.parse(ev.data)).toEqual({ owner: { before: null, after: "bob" }, rule: "turns" });
    expect(ev).toMatchObject({ actorType: "system", actorId: null });
    const rows = await t.prisma.outbox.findMany({ where: { ticketId: id }, orderBy: { createdAt: "asc" }, skip: before });
    expect(rows.map((r) => [r.topic, JSON.parse(r.payload)]).sort()).toEqual([
      ["agents.notify", { ticketId: id, agentIds: ["bob"], reason: "assigned" }],
      ["ticket.changed", { ticketId: id, change: "owner" }],
    ]);
  });

  it("passes over agents who are away, inactive, or cannot see the ticket's team", async () => {
    t = await testCore(config);
    await setAway(t.deps, { away: true }, as.cy);
    expect(await owners("turns", 3)).toEqual(["bob", "eve", "bob"]);
    await setAway(t.deps, { away: false }, as.cy);
    await t.prisma.agent.update({ where: { id: "eve" }, data: { active: false } });
    expect(await owners("turns", 2)).toEqual(["cy", "bob"]);
    // Dee (VIP) cannot see a Tier 1 ticket, but can a ticket of no team.
    expect(await owners("mixed", 2)).toEqual(["cy", "cy"]);
    expect(await owners("mixed", 2, null)).toEqual(["dee", "cy"]);
  });
});

describe("assignByRule: least open", () => {
  it("gives the ticket to whoever owns the fewest open tickets, the earlier in the pool on a tie", async () => {
    t = await testCore(config);
    // Bob owns two open tickets, Cy one (and a deleted one), Eve one (and a closed one).
    const mine = async (who: string) => {
      const id = await ticket();
      await t.prisma.ticket.update({ where: { id }, data: { ownerId: who } });
      return id;
    };
    await mine("bob");
    await mine("bob");
    await mine("cy");
    await deleteTicket(t.deps, { ticketId: await mine("cy") }, as.ada);
    await mine("eve");
    // A closed ticket does not count either.
    await t.prisma.ticket.update({ where: { id: await mine("eve") }, data: { open: false, statusId: "closed" } });
    expect(await owners("fewest", 4)).toEqual(["cy", "eve", "bob", "cy"]);
  });
});

describe("assignByRule: capacity", () => {
  it("passes over an agent at capacity, and gives them tickets again once one is closed", async () => {
    t = await testCore(config);
    expect(await owners("capped", 3)).toEqual(["bob", "cy", "eve"]);
    const full = await ticket();
    await expect(assign("capped", full)).resolves.toEqual({ assigned: false, rule: "capped", reason: "nobody_available" });
    expect(await ownerOf(full)).toBeNull();
    const cys = await t.prisma.ticket.findFirstOrThrow({ where: { ownerId: "cy" } });
    await t.prisma.ticket.update({ where: { id: cys.id }, data: { open: false, statusId: "closed" } });
    await expect(assign("capped", full)).resolves.toMatchObject({ assigned: true, owner: { id: "cy" } });
  });
});

describe("assignByRule: nobody available", () => {
  it("leaves the ticket unassigned, records why with the rule, and says so in the ticket's thread", async () => {
    t = await testCore(config);
    for (const a of [as.bob, as.cy]) await setAway(t.deps, { away: true }, a);
    await t.prisma.agent.update({ where: { id: "eve" }, data: { active: false } });
    const id = await ticket();
    await expect(assign("turns", id)).resolves.toEqual({ assigned: false, rule: "turns", reason: "nobody_available" });
    expect(await ownerOf(id)).toBeNull();
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: id, type: "assignment.nobody_available" } });
    expect(JSON.parse(ev.data)).toEqual({
      rule: "turns",
      reason: "nobody_available",
      passedOver: { bob: "away", cy: "away", eve: "inactive" },
    });
    expect(await t.prisma.timelineEvent.count({ where: { ticketId: id, type: "ticket.assigned" } })).toBe(0);
    const note = await t.prisma.message.findFirstOrThrow({ where: { ticketId: id, kind: "SYSTEM" } });
    expect(note.text).toBe(
      `Nobody could be given #${id} by the assignment rule "turns": everyone in it is away, at capacity or inactive. It stays unassigned; claim it or assign it.`,
    );
    // Posted in the card's thread, which lives in the team's channel, on every chat surface; nobody is notified.
    const rows = await t.prisma.outbox.findMany({ where: { ticketId: id, topic: { in: ["message.posted", "agents.notify"] } } });
    expect(rows.map((r) => [r.target, r.topic, JSON.parse(r.payload)])).toEqual([
      ["chat", "message.posted", { ticketId: id, messageId: note.id }],
    ]);
    // The cursor does not move when nobody was picked.
    expect((await t.prisma.assignmentCursor.findUniqueOrThrow({ where: { rule: "turns" } })).lastAgentId).toBeNull();
  });

  it("says it in the help desk's language", async () => {
    t = await testCore(config);
    const ja = { ...t.deps, catalog: buildCatalog(HelpdeskConfig.parse(config), { locale: "ja" }) };
    for (const a of [as.bob, as.cy]) await setAway(t.deps, { away: true }, a);
    await setAway(t.deps, { away: true, agentId: "eve" }, as.ada);
    const id = await ticket();
    await assign("turns", id, ja);
    const note = await t.prisma.message.findFirstOrThrow({ where: { ticketId: id, kind: "SYSTEM" } });
    expect(note.text).toContain(`割り当てルール「turns」で #${id} を割り当てられる担当者がいませんでした`);
  });

  it("gives no tickets outside the team's business hours when the rule follows them", async () => {
    t = await testCore(config);
    // Monday 09:00 UTC: open.
    t.advance(60 * 60_000);
    await expect(assign("office-hours", await ticket())).resolves.toMatchObject({ assigned: true, owner: { id: "bob" } });
    // Monday 19:00 UTC: closed.
    t.advance(9 * 60 * 60_000);
    const late = await ticket();
    await expect(assign("office-hours", late)).resolves.toEqual({
      assigned: false,
      rule: "office-hours",
      reason: "outside_business_hours",
    });
    expect(await ownerOf(late)).toBeNull();
    const ev = await t.prisma.timelineEvent.findFirstOrThrow({ where: { ticketId: late, type: "assignment.nobody_available" } });
    expect(JSON.parse(ev.data)).toMatchObject({ rule: "office-hours", reason: "outside_business_hours" });
    expect((await t.prisma.message.findFirstOrThrow({ where: { ticketId: late, kind: "SYSTEM" } })).text).toBe(
      `The assignment rule "office-hours" gives no tickets outside business hours, so #${late} stays unassigned; claim it or assign it.`,
    );
    // Tuesday 09:30 UTC: open again, and the turn goes on from Bob.
    t.advance(14.5 * 60 * 60_000);
    await expect(assign("office-hours", late)).resolves.toMatchObject({ assigned: true, owner: { id: "cy" } });
  });

  it("refuses a rule the configuration does not have", async () => {
    t = await testCore(config);
    await expect(assign("nope", await ticket())).rejects.toMatchObject({ code: "invalid", message: 'There is no assignment rule "nope".' });
  });
});
