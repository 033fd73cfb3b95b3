// A signed Slack request captured and sent again while its timestamp is fresh: Slack never resends
// an interaction, so a second sighting is acknowledged (200, as any other) and not acted on.
import { describe, expect, it } from "vitest";
import { claimTicket } from "../../core/tickets/claim-ticket.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { releaseTicket } from "../../core/tickets/release-ticket.js";
import { as, testConfigInput, type TestCore } from "../../test/harness.js";
import { modalIds } from "./modals.js";
import type { SlackTestApp } from "./testing/app.js";
import { blockAction, sign, slashCommand, viewSubmission } from "./testing/requests.js";
import { slackSuite } from "./testing/suite.js";

let t: TestCore;
let s: SlackTestApp;

// Ada (an admin) and Cy act from Slack too.
const slackIds: Record<string, string> = { ada: "U0ADA", cy: "U0CY" };
const config = {
  ...testConfigInput,
  agents: testConfigInput.agents.map((a) => (slackIds[a.id] ? { ...a, slackUserId: slackIds[a.id] } : a)),
};
slackSuite((x) => ({ t, s } = x), { config });

const o = () => ({ nowMs: s.nowMs() });
const ticket = async (subject: string) => (await createTicket(t.deps, { subject, requester: { email: "carol@customer.test" } }, as.ada)).id;
const owner = async (id: number) => (await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).ownerId;
const button = (id: number, action: "claim" | "release") => ({
  action_id: `ticket.${action}`,
  block_id: `card.actions.${id}`,
  type: "button",
  value: String(id),
});
/** Sends the very same request (headers and body) once more, as someone who captured it would. */
const resend = (captured: Request) => s.send(captured.clone());

describe("a replayed Slack request", () => {
  it("sends a reply modal's submission once however often the signed request arrives", async () => {
    const id = await ticket("reply once");
    const submission = viewSubmission(
      "U0BOB",
      { callback_id: modalIds.reply, private_metadata: JSON.stringify({ ticketId: id }) },
      { text: { type: "plain_text_input", value: "On our way." } },
      o(),
    );
    expect((await resend(submission)).status).toBe(200);
    t.advance(30_000);
    const again = await resend(submission);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe("");
    expect(await t.prisma.message.count({ where: { ticketId: id, kind: "REPLY" } })).toBe(1);
    expect(await t.prisma.outbox.count({ where: { ticketId: id, target: "email", topic: "email.reply" } })).toBe(1);
  });

  it("does not let an admin's replayed release un-assign the agent who claimed the ticket since", async () => {
    const id = await ticket("released once");
    await claimTicket(t.deps, { ticketId: id }, as.bob);
    const release = blockAction("U0ADA", button(id, "release"), o());
    await resend(release);
    expect(await owner(id)).toBeNull();
    t.advance(1_000);
    await s.send(blockAction("U0CY", button(id, "claim"), o()));
    expect(await owner(id)).toBe("cy");
    // Replayed at once, and at the last second its timestamp is still accepted.
    expect((await resend(release)).status).toBe(200);
    t.advance(299_000);
    expect((await resend(release)).status).toBe(200);
    expect(await owner(id)).toBe("cy");
    const events = await t.prisma.timelineEvent.count({ where: { ticketId: id, type: "ticket.released" } });
    expect(events).toBe(1);
  });

  it("still acts on a fresh request: a new release, or the same words signed at a new time", async () => {
    const id = await ticket("fresh");
    await claimTicket(t.deps, { ticketId: id }, as.cy);
    const captured = blockAction("U0ADA", button(id, "release"), o());
    await resend(captured);
    await claimTicket(t.deps, { ticketId: id }, as.cy);
    t.advance(1_000);
    await s.send(blockAction("U0ADA", button(id, "release"), o()));
    expect(await owner(id)).toBeNull();
    // The same body under a new timestamp is a new signature over a new request.
    await claimTicket(t.deps, { ticketId: id }, as.cy);
    t.advance(1_000);
    const body = await captured.clone().text();
    const ts = Math.floor(s.nowMs() / 1000);
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": sign(body, ts),
    };
    await s.send(new Request(captured.url, { method: "POST", headers, body }));
    expect(await owner(id)).toBeNull();
  });

  it("answers a replayed slash command with an empty 200 and runs it once", async () => {
    const id = await ticket("claimed by command");
    const command = slashCommand("U0BOB", `claim #${id}`, o());
    await resend(command);
    expect(await owner(id)).toBe("bob");
    await releaseTicket(t.deps, { ticketId: id }, as.bob);
    const again = await resend(command);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe("");
    expect(await owner(id)).toBeNull();
  });
});
