// Default assignment: tickets entering a team or pipeline of an `auto` rule without an owner are
// given one in the same transaction, whatever made them (an agent, email, a form, a split) and
// however they entered (created, moved to a pipeline, given a team by an edit or a status change).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeStatus } from "../tickets/change-status.js";
import { commentOnTicket } from "../tickets/comment-on-ticket.js";
import { createTicket } from "../tickets/create-ticket.js";
import { ingestInbound } from "../tickets/ingest-inbound.js";
import { moveTicket } from "../tickets/move-ticket.js";
import { releaseTicket } from "../tickets/release-ticket.js";
import { splitTicket } from "../tickets/split-ticket.js";
import { updateProperties } from "../tickets/update-properties.js";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { autoRuleFor } from "./default-assignment.js";

/** Tier 1 (Bob, Cy) assigns its tickets in turn; Billing tickets go to Dee; VIP's rule waits to be asked. */
const config = {
  ...testConfigInput,
  assignmentRules: [
    { id: "tier1", team: "tier1" },
    { id: "billing", pipelines: ["billing"], agents: ["dee"], method: "least_open" },
    { id: "vip-manual", team: "vip", auto: false },
  ],
};

let t: TestCore;
beforeAll(async () => {
  t = await testCore(config);
});
afterAll(() => t.close());

const row = (id: number) => t.prisma.ticket.findUniqueOrThrow({ where: { id } });
const assignedEvents = async (id: number) =>
  (await t.prisma.timelineEvent.findMany({ where: { ticketId: id, type: "ticket.assigned" } })).map((e) => JSON.parse(e.data) as unknown);
/** Whom the tier1 rule gives its next ticket to (it alternates between Bob and Cy). */
const nextInTier1 = async () =>
  (await t.prisma.assignmentCursor.findUnique({ where: { rule: "tier1" } }))?.lastAgentId === "bob" ? "cy" : "bob";

let seq = 0;
const mail = (over: Record<string, unknown> = {}) => ({
  channel: "email" as const,
  from: { email: "carol@customer.test", name: "Carol" },
  subject: `Mail ${++seq}`,
  text: "Help",
  externalId: `<default-${seq}@mail.test>`,
  ...over,
});

describe("default assignment on creation", () => {
  it("gives a ticket an agent creates in a rule's team an owner in the same transaction, the event naming the rule", async () => {
    const expected = await nextInTier1();
    const v = await createTicket(t.deps, { subject: "Printer", teamId: "tier1" }, as.ada);
    expect(v.owner?.id).toBe(expected);
    expect(await assignedEvents(v.id)).toEqual([{ owner: { before: null, after: expected }, rule: "tier1" }]);
    // The card row of the creation shows the owner: no second card row, but the owner is told.
    expect(await t.prisma.outbox.count({ where: { ticketId: v.id, topic: "ticket.changed" } })).toBe(1);
    const notify = await t.prisma.outbox.findFirstOrThrow({ where: { ticketId: v.id, topic: "agents.notify" } });
    expect(JSON.parse(notify.payload)).toEqual({ ticketId: v.id, agentIds: [expected], reason: "assigned" });
  });

  it("assigns email and form tickets routed to the team, and answers intake with the owner", async () => {
    const first = await nextInTier1();
    const email = await ingestInbound(t.deps, mail({ route: { teamId: "tier1" } }));
    expect(email.ticket.owner).toEqual({ id: first, name: first === "bob" ? "Bob" : "Cy" });
    expect((await row(email.ticket.id)).ownerId).toBe(first);
    const form = await ingestInbound(t.deps, mail({ channel: "form", route: { teamId: "tier1" } }));
    expect(form.ticket.owner?.id).toBe(first === "bob" ? "cy" : "bob");
  });

  it("assigns a ticket created in a rule's pipeline", async () => {
    const v = await createTicket(t.deps, { subject: "Invoice", pipelineId: "billing" }, as.ada);
    expect(v.owner?.id).toBe("dee");
    expect(await assignedEvents(v.id)).toEqual([{ owner: { before: null, after: "dee" }, rule: "billing" }]);
  });

  it("leaves alone a ticket created with an owner, outside any rule, in a rule that only assigns when asked, or filed apart", async () => {
    const owned = await createTicket(t.deps, { subject: "Mine", teamId: "tier1", ownerId: "cy" }, as.bob);
    expect(owned.owner?.id).toBe("cy");
    expect(await assignedEvents(owned.id)).toEqual([]);
    const free = await createTicket(t.deps, { subject: "No team" }, as.ada);
    expect(free.owner).toBeNull();
    const vip = await createTicket(t.deps, { subject: "VIP", teamId: "vip" }, as.dee);
    expect(vip.owner).toBeNull();
    const bounce = await ingestInbound(
      t.deps,
      mail({ from: { email: "mailer-daemon@bounce.test" }, route: { teamId: "tier1" }, autoSubmitted: true, autoKind: "bounce" }),
    );
    expect(bounce.ticket.owner).toBeNull();
    expect((await row(bounce.ticket.id)).quarantined).toBe(true);
  });

  it("assigns a ticket split off into the team", async () => {
    const original = await createTicket(t.deps, { subject: "Two things", teamId: "tier1", ownerId: "bob", text: "First" }, as.bob);
    const note = await commentOnTicket(t.deps, { ticketId: original.id, text: "Second thing" }, as.bob);
    const expected = await nextInTier1();
    const { created } = await splitTicket(t.deps, { ticketId: original.id, messageIds: [note.messageId] }, as.bob);
    expect(created.owner?.id).toBe(expected);
  });
});

describe("default assignment on entering", () => {
  it("assigns an unowned ticket moved into a rule's pipeline", async () => {
    const v = await createTicket(t.deps, { subject: "Refund" }, as.ada);
    expect(v.owner).toBeNull();
    const moved = await moveTicket(t.deps, { ticketId: v.id, pipelineId: "billing" }, as.ada);
    expect(moved.owner?.id).toBe("dee");
    expect(await assignedEvents(v.id)).toEqual([{ owner: { before: null, after: "dee" }, rule: "billing" }]);
  });

  it("assigns an unowned ticket given the rule's team by an edit, and not one given another team", async () => {
    const v = await createTicket(t.deps, { subject: "Wifi" }, as.ada);
    const vip = await updateProperties(t.deps, { ticketId: v.id, teamId: "vip" }, as.ada);
    expect(vip.owner).toBeNull();
    const expected = await nextInTier1();
    const tier1 = await updateProperties(t.deps, { ticketId: v.id, teamId: "tier1" }, as.ada);
    expect(tier1.owner?.id).toBe(expected);
    // An edit of something else, on a ticket released back to the queue, assigns nothing.
    await releaseTicket(t.deps, { ticketId: v.id }, as[expected as "bob" | "cy"]);
    const edited = await updateProperties(t.deps, { ticketId: v.id, priority: "high" }, as.ada);
    expect(edited.owner).toBeNull();
  });

  it("assigns a ticket given the team with a status change, unless the change closes it", async () => {
    const open = await createTicket(t.deps, { subject: "Escalate me" }, as.ada);
    const expected = await nextInTier1();
    const escalated = await changeStatus(t.deps, { ticketId: open.id, statusId: "in_progress", teamId: "tier1" }, as.ada);
    expect(escalated.owner?.id).toBe(expected);
    const closing = await createTicket(t.deps, { subject: "Done already" }, as.ada);
    const closed = await changeStatus(t.deps, { ticketId: closing.id, statusId: "closed", teamId: "tier1" }, as.ada);
    expect(closed.owner).toBeNull();
  });
});

describe("autoRuleFor", () => {
  it("takes the first auto rule owning what the ticket entered", () => {
    const rules = t.deps.catalog;
    expect(autoRuleFor(rules, { teamId: "tier1", pipelineId: "billing" }, { team: true, pipeline: true })?.id).toBe("tier1");
    expect(autoRuleFor(rules, { teamId: "tier1", pipelineId: "billing" }, { pipeline: true })?.id).toBe("billing");
    expect(autoRuleFor(rules, { teamId: "tier1", pipelineId: "support" }, { pipeline: true })).toBeUndefined();
    expect(autoRuleFor(rules, { teamId: "vip", pipelineId: "support" }, { team: true })).toBeUndefined();
  });
});
