import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, type TestCore } from "../../test/harness.js";
import { modalIds } from "./modals.js";
import type { SlackTestApp } from "./testing/app.js";
import { slackSuite } from "./testing/suite.js";
import { blockAction, slashCommand, viewSubmission } from "./testing/requests.js";
import { fakeSlackApi, type FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

slackSuite((x) => ({ t, s, api } = x));

const o = () => ({ nowMs: s.nowMs() });
const ticket = async (subject = "printer") =>
  (await createTicket(t.deps, { subject, requester: { email: "carol@customer.test" } }, as.ada)).id;
const owner = async (id: number) => (await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).ownerId;
const lastAnswer = () => String(api.responses.at(-1)?.body.text ?? "");

describe("Slack requests", () => {
  it("refuses a bad signature and a stale timestamp before anything runs", async () => {
    const id = await ticket();
    const forged = await s.send(slashCommand("U0BOB", `claim #${id}`, { ...o(), secret: "not-the-secret-at-all" }));
    expect(forged.status).toBe(401);
    const stale = await s.send(slashCommand("U0BOB", `claim #${id}`, { ...o(), skewSec: -301 }));
    expect(stale.status).toBe(401);
    const future = await s.send(slashCommand("U0BOB", `claim #${id}`, { ...o(), skewSec: 301 }));
    expect(future.status).toBe(401);
    expect(await owner(id)).toBeNull();
    expect(api.calls).toHaveLength(0);
    expect(api.responses).toHaveLength(0);
    // Within the window, the same command goes through.
    const ok = await s.send(slashCommand("U0BOB", `claim #${id}`, { ...o(), skewSec: -290 }));
    expect(ok.status).toBe(200);
    expect(await owner(id)).toBe("bob");
  });
});

describe("/ticket", () => {
  it("acks empty, then answers ephemerally through the response_url", async () => {
    const id = await ticket("find me please");
    const res = await s.send(slashCommand("U0BOB", "find find me", o()));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect(api.responses.at(-1)?.body).toMatchObject({ response_type: "ephemeral" });
    expect(JSON.stringify(api.responses.at(-1)?.body.blocks)).toContain(`*#${id}* find me please`);
    await s.send(slashCommand("U0BOB", "help", o()));
    expect(lastAnswer()).toContain("/ticket claim <#n>");
  });

  it("answers the HTTP request before the slow part of the work", async () => {
    api.done();
    api = fakeSlackApi({ hookDelayMs: 400 });
    const started = performance.now();
    const res = await s.http.request(slashCommand("U0BOB", "queue all", o()));
    const ackMs = performance.now() - started;
    expect(res.status).toBe(200);
    expect(api.responses).toHaveLength(0);
    await s.adapter.stop();
    expect(api.responses).toHaveLength(1);
    expect(ackMs).toBeLessThan(400);
  });

  it("tells a Slack user who is no agent that they cannot act, and changes nothing", async () => {
    const id = await ticket();
    await s.send(slashCommand("U0STRANGER", `claim #${id}`, o()));
    expect(lastAnswer()).toContain("Only help desk agents");
    expect(await owner(id)).toBeNull();
  });

  it("shows core refusals as clear ephemeral messages", async () => {
    const id = await ticket();
    await s.send(slashCommand("U0BOB", `claim #${id}`, o()));
    await s.send(slashCommand("U0BOB", `claim #${id}`, o()));
    expect(lastAnswer()).toBe(`:raised_hand: You already own #${id}.`);
    await s.send(slashCommand("U0BOB", "show #999999", o()));
    expect(lastAnswer()).toMatch(/^:mag: /);
  });
});

describe("card buttons", () => {
  it("claims, releases and changes status from the card", async () => {
    const id = await ticket();
    const res = await s.send(
      blockAction("U0BOB", { action_id: "ticket.claim", block_id: `card.actions.${id}`, type: "button", value: String(id) }, o()),
    );
    expect(res.status).toBe(200);
    expect(await owner(id)).toBe("bob");
    await s.send(
      blockAction("U0BOB", { action_id: "ticket.release", block_id: `card.actions.${id}`, type: "button", value: String(id) }, o()),
    );
    expect(await owner(id)).toBeNull();
    await s.send(
      blockAction(
        "U0BOB",
        {
          action_id: "ticket.status",
          block_id: `card.actions.${id}`,
          type: "static_select",
          selected_option: { value: `in_progress:${id}` },
        },
        o(),
      ),
    );
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).statusId).toBe("in_progress");
  });

  it("asks for a status's required properties in a modal instead of refusing", async () => {
    const id = await ticket();
    await s.send(
      blockAction(
        "U0BOB",
        { action_id: "ticket.status", block_id: `card.actions.${id}`, type: "static_select", selected_option: { value: `resolved:${id}` } },
        o(),
      ),
    );
    const open = api.of("views.open").at(-1)!;
    const view = open.body.view as { callback_id: string; blocks: { block_id: string }[]; private_metadata: string };
    expect(view.callback_id).toBe(modalIds.status);
    expect(view.blocks.map((b) => b.block_id)).toEqual(["properties.resolution"]);
    const res = await s.send(
      viewSubmission("U0BOB", view, { "properties.resolution": { type: "plain_text_input", value: "Replaced the toner" } }, o()),
    );
    expect(await res.text()).toBe("");
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id } });
    expect(row.statusId).toBe("resolved");
    expect(JSON.parse(row.properties)).toMatchObject({ resolution: "Replaced the toner" });
  });

  it("assigns from the user picker and follows/unfollows and opens modals from the overflow menu", async () => {
    const id = await ticket();
    const picker = { action_id: "ticket.assign", block_id: `card.actions.${id}`, type: "users_select" };
    await s.send(blockAction("U0BOB", { ...picker, selected_user: "U0BOB" }, o()));
    expect(await owner(id)).toBe("bob");
    await s.send(blockAction("U0BOB", { ...picker, selected_user: "U0STRANGER" }, o()));
    expect(lastAnswer()).toContain("not a help desk agent");
    const more = (item: string) =>
      blockAction(
        "U0BOB",
        { action_id: "ticket.more", block_id: `card.actions.${id}`, type: "overflow", selected_option: { value: `${item}:${id}` } },
        o(),
      );
    await s.send(more("follow"));
    expect(await t.prisma.follower.count({ where: { ticketId: id, agentId: "bob" } })).toBe(1);
    await s.send(more("follow"));
    expect(await t.prisma.follower.count({ where: { ticketId: id, agentId: "bob" } })).toBe(0);
    expect(lastAnswer()).toContain("no longer follow");
    for (const [item, callback] of [
      ["merge", modalIds.merge],
      ["move", modalIds.move],
      ["split", modalIds.split],
    ] as const) {
      await s.send(more(item));
      expect((api.of("views.open").at(-1)!.body.view as { callback_id: string }).callback_id).toBe(callback);
    }
    await s.send(more("delete"));
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).deletedAt).not.toBeNull();
  });

  it("refuses a user of another workspace even with an agent's user id", async () => {
    const id = await ticket();
    await s.send(
      blockAction(
        "U0BOB",
        { action_id: "ticket.claim", block_id: `card.actions.${id}`, type: "button", value: String(id) },
        { ...o(), userTeam: "T0OTHER" },
      ),
    );
    expect(lastAnswer()).toContain("Only help desk agents");
    expect(api.responses.at(-1)?.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(await owner(id)).toBeNull();
  });
});

describe("modals", () => {
  it("shows a reply's errors on their fields, then sends it with a status change", async () => {
    const id = await ticket();
    const meta = JSON.stringify({ ticketId: id });
    const bad = await s.send(
      viewSubmission(
        "U0BOB",
        { callback_id: modalIds.reply, private_metadata: meta },
        {
          text: { type: "plain_text_input", value: "Fixed it" },
          cc: { type: "plain_text_input", value: "not-an-address" },
          bcc: { type: "plain_text_input" },
          status: { type: "static_select", selected_option: { value: "waiting_on_customer" } },
        },
        o(),
      ),
    );
    const errors = (await bad.json()) as { response_action: string; errors: Record<string, string> };
    expect(errors.response_action).toBe("errors");
    expect(Object.keys(errors.errors)).toEqual(["cc"]);
    expect(await t.prisma.message.count({ where: { ticketId: id, kind: "REPLY" } })).toBe(0);

    const good = await s.send(
      viewSubmission(
        "U0BOB",
        { callback_id: modalIds.reply, private_metadata: meta },
        {
          text: { type: "plain_text_input", value: "Fixed it" },
          cc: { type: "plain_text_input", value: "boss@customer.test" },
          status: { type: "static_select", selected_option: { value: "waiting_on_customer" } },
        },
        o(),
      ),
    );
    expect(await good.text()).toBe("");
    const reply = await t.prisma.message.findFirstOrThrow({ where: { ticketId: id, kind: "REPLY" } });
    expect(reply).toMatchObject({ text: "Fixed it", cc: JSON.stringify(["boss@customer.test"]), authorAgentId: "bob" });
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).statusId).toBe("waiting_on_customer");
    expect(await t.prisma.outbox.count({ where: { ticketId: id, target: "email", topic: "email.reply" } })).toBe(1);
  });

  it("keeps a reply modal closed without sending as the agent's draft, and offers it next time", async () => {
    const id = await ticket();
    const meta = JSON.stringify({ ticketId: id });
    const res = await s.send(
      viewSubmission(
        "U0BOB",
        { callback_id: modalIds.reply, private_metadata: meta },
        { text: { type: "plain_text_input", value: "Half-written" } },
        o(),
        "view_closed",
      ),
    );
    expect(res.status).toBe(200);
    expect(await t.prisma.draft.findUnique({ where: { agentId_ticketId: { agentId: "bob", ticketId: id } } })).toMatchObject({
      text: "Half-written",
    });
    await s.send(
      blockAction("U0BOB", { action_id: "ticket.reply", block_id: `card.actions.${id}`, type: "button", value: String(id) }, o()),
    );
    const view = api.of("views.open").at(-1)!.body.view as { blocks: { block_id: string; element: { initial_value?: string } }[] };
    expect(view.blocks.find((b) => b.block_id === "text")?.element.initial_value).toBe("Half-written");
  });

  it("puts an empty comment's error on the text field", async () => {
    const id = await ticket();
    const res = await s.send(
      viewSubmission(
        "U0BOB",
        { callback_id: modalIds.comment, private_metadata: JSON.stringify({ ticketId: id }) },
        { text: { type: "plain_text_input", value: "   " } },
        o(),
      ),
    );
    expect(await res.json()).toEqual({ response_action: "errors", errors: { text: "Required." } });
  });
});
