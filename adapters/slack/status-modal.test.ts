import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testConfigInput, type TestCore } from "../../test/harness.js";
import { modalIds } from "./modals.js";
import type { SlackTestApp } from "./testing/app.js";
import { slackSuite } from "./testing/suite.js";
import { blockAction, viewSubmission } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";

// A status that needs everything: the ticket's own owner, team and requester, and a custom property.
const config = {
  ...testConfigInput,
  // Eve is in no team, so can put a ticket in none.
  agents: [...testConfigInput.agents, { id: "eve", name: "Eve", email: "eve@helpdesk.test", slackUserId: "U0EVE" }],
  pipelines: [
    {
      id: "support",
      name: "Support",
      default: true,
      statuses: [
        { id: "new", name: "New", category: "OPEN" },
        { id: "handed_over", name: "Handed over", category: "OPEN", requiredProperties: ["owner", "team", "contact", "product"] },
        { id: "closed", name: "Closed", category: "CLOSED" },
      ],
    },
  ],
};

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

slackSuite((x) => ({ t, s, api } = x), { config });

const o = () => ({ nowMs: s.nowMs() });
type View = {
  callback_id: string;
  private_metadata: string;
  blocks: { block_id: string; element: { type: string; options?: { value: string }[] } }[];
};

async function askForStatus(id: number, statusId = "handed_over", user = "U0BOB"): Promise<View> {
  await s.send(
    blockAction(
      user,
      {
        action_id: "ticket.status",
        block_id: `card.actions.${id}`,
        type: "static_select",
        selected_option: { value: `${statusId}:${id}` },
      },
      o(),
    ),
  );
  const open = api.of("views.open").at(-1);
  expect(open, "no modal opened").toBeDefined();
  return open!.body.view as View;
}

describe("the status modal", () => {
  it("asks for the owner, team and requester a status requires, with native widgets, and sets them with the status", async () => {
    const { id } = await createTicket(t.deps, { subject: "no one's yet" }, as.ada);
    const view = await askForStatus(id);
    expect(view.callback_id).toBe(modalIds.status);
    expect(view.blocks.map((b) => [b.block_id, b.element.type])).toEqual([
      ["owner", "static_select"],
      ["team", "static_select"],
      ["contact", "email_text_input"],
      ["properties.product", "static_select"],
    ]);
    // Bob may only put the ticket in his own team; any active agent may own a ticket without one.
    expect(view.blocks[1]!.element.options!.map((o) => o.value)).toEqual(["tier1"]);
    expect(view.blocks[0]!.element.options!.map((o) => o.value)).toEqual(["ada", "bob", "cy", "dee", "eve"]);

    const res = await s.send(
      viewSubmission(
        "U0BOB",
        view,
        {
          owner: { type: "static_select", selected_option: { value: "cy" } },
          team: { type: "static_select", selected_option: { value: "tier1" } },
          contact: { type: "email_text_input", value: "Carol@Customer.test" },
          "properties.product": { type: "static_select", selected_option: { value: "web" } },
        },
        o(),
      ),
    );
    expect(await res.text()).toBe("");
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id }, include: { contact: true } });
    expect(row).toMatchObject({ statusId: "handed_over", ownerId: "cy", teamId: "tier1", contact: { email: "carol@customer.test" } });
    expect(JSON.parse(row.properties)).toEqual({ product: "web" });
    const events = await t.prisma.timelineEvent.findMany({ where: { ticketId: id, actorId: "bob" }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["ticket.properties_updated", "ticket.assigned", "contact.linked", "ticket.status_changed"]);
    const outbox = await t.prisma.outbox.findMany({
      where: { ticketId: id, topic: { in: ["agents.notify", "ticket.changed"] } },
      orderBy: { id: "asc" },
    });
    expect(outbox.map((r) => JSON.parse(r.payload))).toContainEqual({ ticketId: id, agentIds: ["cy"], reason: "assigned" });
  });

  it("asks only for what the ticket lacks, and offers owners who can see its team", async () => {
    const { id } = await createTicket(t.deps, { subject: "tier 1", teamId: "tier1", requester: { email: "v@customer.test" } }, as.ada);
    const view = await askForStatus(id);
    expect(view.blocks.map((b) => b.block_id)).toEqual(["owner", "properties.product"]);
    expect(view.blocks[0]!.element.options!.map((o) => o.value)).toEqual(["ada", "bob", "cy"]);
    // An owner outside the ticket's team (say, picked from a stale modal) is refused on its field.
    const res = await s.send(
      viewSubmission(
        "U0BOB",
        view,
        {
          owner: { type: "static_select", selected_option: { value: "dee" } },
          "properties.product": { type: "static_select", selected_option: { value: "web" } },
        },
        o(),
      ),
    );
    expect(await res.json()).toEqual({ response_action: "errors", errors: { owner: "Dee is not in Tier 1." } });
    expect(await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).toMatchObject({ statusId: "new", ownerId: null });
  });

  it("shows a malformed requester on its field, and changes nothing when the core refuses a field", async () => {
    const { id } = await createTicket(t.deps, { subject: "strict" }, as.ada);
    const view = await askForStatus(id);
    const values = (owner: string, contact: string) => ({
      owner: { type: "static_select", selected_option: { value: owner } },
      team: { type: "static_select", selected_option: { value: "tier1" } },
      contact: { type: "email_text_input", value: contact },
      "properties.product": { type: "static_select", selected_option: { value: "web" } },
    });
    const bad = await s.send(viewSubmission("U0BOB", view, values("cy", "not-an-address"), o()));
    expect(await bad.json()).toEqual({ response_action: "errors", errors: { contact: "Not an email address." } });
    // Dee is not in Tier 1: refused in the ack, beside the owner field, so the modal stays open with
    // what was typed; nothing is set.
    const refused = await s.send(viewSubmission("U0BOB", view, values("dee", "x@customer.test"), o()));
    expect(await refused.json()).toEqual({ response_action: "errors", errors: { owner: "Dee is not in Tier 1." } });
    // A team Bob is not in (not offered, but a submission can carry anything): refused on the team field.
    const vip = await s.send(
      viewSubmission(
        "U0BOB",
        view,
        { ...values("ada", "x@customer.test"), team: { type: "static_select", selected_option: { value: "vip" } } },
        o(),
      ),
    );
    expect(await vip.json()).toEqual({ response_action: "errors", errors: { team: "Not your team." } });
    expect([...api.of("chat.postEphemeral"), ...api.of("chat.postMessage")]).toHaveLength(0);
    expect(await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).toMatchObject({
      statusId: "new",
      ownerId: null,
      teamId: null,
      contactId: null,
    });
  });

  it("leaves to the core an owner the configuration does not list (an agent from a Slack user group)", async () => {
    const { id } = await createTicket(t.deps, { subject: "grouped", teamId: "tier1", requester: { email: "g@customer.test" } }, as.ada);
    await t.prisma.agent.create({
      data: {
        id: "slack-u0zed",
        name: "Zed",
        role: "agent",
        active: true,
        identities: { create: { surface: "slack", externalId: "U0ZED", kind: "agent" } },
      },
    });
    const view = await askForStatus(id);
    expect(view.blocks[0]!.element.options!.map((o) => o.value)).toEqual(["ada", "bob", "cy"]);
    const res = await s.send(
      viewSubmission(
        "U0BOB",
        view,
        {
          owner: { type: "static_select", selected_option: { value: "slack-u0zed" } },
          "properties.product": { type: "static_select", selected_option: { value: "web" } },
        },
        o(),
      ),
    );
    expect(await res.text()).toBe("");
    const told = [...api.of("chat.postEphemeral"), ...api.of("chat.postMessage")].map((c) => String(c.body.text));
    expect(told.join("\n")).toContain("Zed is not in this ticket's team");
  });

  it("refuses at once, without a modal, a status needing a team the agent cannot choose", async () => {
    const { id } = await createTicket(t.deps, { subject: "teamless", requester: { email: "e@customer.test" } }, as.ada);
    await s.send(
      blockAction(
        "U0EVE",
        {
          action_id: "ticket.status",
          block_id: `card.actions.${id}`,
          type: "static_select",
          selected_option: { value: `handed_over:${id}` },
        },
        o(),
      ),
    );
    expect(api.of("views.open")).toHaveLength(0);
    expect(String(api.responses.at(-1)?.body.text)).toContain(`#${id} needs a team, and you are in no team you could put it in`);
    expect(await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).toMatchObject({ statusId: "new" });
  });

  it("still refuses a status change that needs nothing, without a modal", async () => {
    const { id } = await createTicket(t.deps, { subject: "already" }, as.ada);
    await s.send(
      blockAction(
        "U0BOB",
        { action_id: "ticket.status", block_id: `card.actions.${id}`, type: "static_select", selected_option: { value: `new:${id}` } },
        o(),
      ),
    );
    expect(api.of("views.open")).toHaveLength(0);
    expect(String(api.responses.at(-1)?.body.text)).toContain("already New");
  });
});
