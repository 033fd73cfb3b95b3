// Modal submissions after the ack: the core runs once Slack has its answer; refusals become a
// kept draft, a message in the card's channel, or a DM; field checks stay before the ack.
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, type TestCore } from "../../test/harness.js";
import { modalIds } from "./modals.js";
import type { SlackTestApp } from "./testing/app.js";
import { slackSuite } from "./testing/suite.js";
import { blockAction, viewSubmission } from "./testing/requests.js";
import { type FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

slackSuite((x) => ({ t, s, api } = x));

const o = () => ({ nowMs: s.nowMs() });
const ticket = async (subject = "printer") =>
  (await createTicket(t.deps, { subject, requester: { email: "carol@customer.test" } }, as.ada)).id;

describe("modal submissions after the ack", () => {
  const comment = (id: number, text: string) =>
    viewSubmission(
      "U0BOB",
      { callback_id: modalIds.comment, private_metadata: JSON.stringify({ ticketId: id }) },
      { text: { type: "plain_text_input", value: text } },
      o(),
    );

  it("acks before the core runs, then does the work", async () => {
    const id = await ticket();
    // The work after the ack first asks Slack for the agent's language; that answer waits here.
    const release = api.hold("users.info");
    const res = await s.http.request(comment(id, "Checked the logs"));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    // Answered while the note is still to be written.
    expect(await t.prisma.message.count({ where: { ticketId: id, kind: "COMMENT" } })).toBe(0);
    release();
    await s.adapter.stop();
    expect(api.of("users.info")).toHaveLength(1);
    expect(await t.prisma.message.count({ where: { ticketId: id, kind: "COMMENT" } })).toBe(1);
    expect(api.of("chat.postEphemeral")).toHaveLength(0);
    expect(api.of("chat.postMessage")).toHaveLength(0);
  });

  it("keeps a reply the core refuses as the agent's draft and says so in the card's channel", async () => {
    // No requester: the core refuses the reply, which only the database can tell.
    const id = (await createTicket(t.deps, { subject: "no requester" }, as.ada)).id;
    await s.dispatcher.runOnce();
    api.calls.length = 0;
    const res = await s.send(
      viewSubmission(
        "U0BOB",
        { callback_id: modalIds.reply, private_metadata: JSON.stringify({ ticketId: id }) },
        {
          text: { type: "plain_text_input", value: "Here is the fix <!channel>" },
          cc: { type: "plain_text_input", value: "boss@customer.test" },
          status: { type: "static_select", selected_option: { value: "waiting_on_customer" } },
        },
        o(),
      ),
    );
    expect(await res.text()).toBe("");
    expect(await t.prisma.message.count({ where: { ticketId: id, kind: "REPLY" } })).toBe(0);
    const told = api.of("chat.postEphemeral");
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toMatchObject({ channel: "CTRIAGE", user: "U0BOB" });
    expect(String(told[0]!.body.text)).toMatch(/^:warning: This ticket has no requester address/);
    expect(String(told[0]!.body.text)).toContain("kept as your draft");
    const draft = await t.prisma.draft.findUniqueOrThrow({ where: { agentId_ticketId: { agentId: "bob", ticketId: id } } });
    expect(draft.text).toBe("Here is the fix <!channel>");
    expect(JSON.parse(draft.data)).toMatchObject({ cc: ["boss@customer.test"], statusId: "waiting_on_customer" });
    // The next Reply click offers it.
    await s.send(
      blockAction("U0BOB", { action_id: "ticket.reply", block_id: `card.actions.${id}`, type: "button", value: String(id) }, o()),
    );
    const view = api.of("views.open").at(-1)!.body.view as { blocks: { block_id: string; element: { initial_value?: string } }[] };
    expect(view.blocks.find((b) => b.block_id === "text")?.element.initial_value).toBe("Here is the fix <!channel>");
  });

  it("tells the agent by DM when the ticket has no card, quoting a refused note back", async () => {
    const res = await s.send(comment(999_999, "Gone? <!here> & more"));
    expect(await res.text()).toBe("");
    expect(api.of("chat.postEphemeral")).toHaveLength(0);
    const dm = api.of("chat.postMessage");
    expect(dm).toHaveLength(1);
    expect(dm[0]!.body.channel).toBe("U0BOB");
    const text = String(dm[0]!.body.text);
    expect(text).toMatch(/^:mag: /);
    expect(text).toContain(">Gone? &lt;!here&gt; &amp; more");
  });

  it("falls back to a DM when the ephemeral is refused", async () => {
    const id = await ticket("ephemeral refused");
    await s.dispatcher.runOnce();
    await t.prisma.ticket.update({ where: { id }, data: { deletedAt: new Date() } });
    api.calls.length = 0;
    api.next("chat.postEphemeral", [200, { ok: false, error: "user_not_in_channel" }]);
    await s.send(comment(id, "Too late"));
    expect(api.of("chat.postEphemeral")).toHaveLength(1);
    const dm = api.of("chat.postMessage");
    expect(dm.map((c) => c.body.channel)).toEqual(["U0BOB"]);
    expect(String(dm[0]!.body.text)).toContain(">Too late");
    expect(await t.prisma.message.count({ where: { ticketId: id, kind: "COMMENT" } })).toBe(0);
  });

  it("checks numbers, dates and choices before the ack, beside their fields", async () => {
    const id = await ticket();
    const res = await s.send(
      viewSubmission(
        "U0BOB",
        { callback_id: modalIds.create },
        {
          subject: { type: "plain_text_input", value: "New one" },
          requester: { type: "plain_text_input", value: "nobody-at-all" },
          priority: { type: "static_select", selected_option: { value: "medium" } },
        },
        o(),
      ),
    );
    expect(await res.json()).toEqual({ response_action: "errors", errors: { requester: "Not an email address." } });
    const merge = await s.send(
      viewSubmission(
        "U0BOB",
        { callback_id: modalIds.merge, private_metadata: JSON.stringify({ ticketId: id }) },
        { secondary: { type: "plain_text_input", value: `#${id}` } },
        o(),
      ),
    );
    expect(await merge.json()).toEqual({ response_action: "errors", errors: { secondary: "Pick another ticket." } });
    const status = await s.send(
      viewSubmission(
        "U0BOB",
        { callback_id: modalIds.status, private_metadata: JSON.stringify({ ticketId: id, statusId: "resolved" }) },
        {
          "properties.resolution": { type: "plain_text_input", value: "ok" },
          "properties.seats": { type: "plain_text_input", value: "lots" },
          "properties.product": { type: "static_select", selected_option: { value: "desktop" } },
        },
        o(),
      ),
    );
    expect(await status.json()).toEqual({
      response_action: "errors",
      errors: { "properties.seats": "Seats must be a number.", "properties.product": "Product must be one of: web, mobile." },
    });
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).statusId).toBe("new");
    expect(api.of("chat.postEphemeral").length + api.of("chat.postMessage").length).toBe(0);
  });

  it("refuses a user who is no agent privately, after the ack", async () => {
    const id = await ticket();
    const res = await s.send(
      viewSubmission(
        "U0STRANGER",
        { callback_id: modalIds.comment, private_metadata: JSON.stringify({ ticketId: id }) },
        { text: { type: "plain_text_input", value: "hi" } },
        o(),
      ),
    );
    expect(await res.text()).toBe("");
    expect(String(api.of("chat.postMessage")[0]?.body.text)).toContain("Only help desk agents");
    expect(await t.prisma.message.count({ where: { ticketId: id, kind: "COMMENT" } })).toBe(0);
  });
});
