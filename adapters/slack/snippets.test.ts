import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { modalIds } from "./modals.js";
import { slackTestApp, type SlackTestApp } from "./testing/app.js";
import { slackSuite } from "./testing/suite.js";
import { blockAction, slashCommand } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";
import { modalSubmission, viewBlockAction, type StateValues } from "./testing/view-requests.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

// Cy is an admin who reads Slack in Japanese (her configured locale).
const config = {
  ...testConfigInput,
  agents: testConfigInput.agents.map((a) => (a.id === "cy" ? { ...a, role: "admin", slackUserId: "U0CY", locale: "ja" } : a)),
};

slackSuite((x) => ({ t, s, api } = x), {
  config,
  // An admin with a Slack account (the shared directory's admin has none).
  prepare: (t) => t.prisma.chatIdentity.create({ data: { surface: "slack", externalId: "U0ADA", kind: "agent", agentId: "ada" } }),
});

const o = () => ({ nowMs: s.nowMs() });
const lastAnswer = () => String(api.responses.at(-1)?.body.text ?? "");

interface Element {
  action_id: string;
  initial_value?: string;
  initial_option?: { value: string };
  options?: { text: { text: string }; value: string }[];
}
interface Block {
  type: string;
  block_id: string;
  element?: Element;
  elements?: Element[];
}
interface View {
  callback_id: string;
  private_metadata: string;
  blocks: Block[];
}

describe("/ticket snippet", () => {
  it("lets admins add snippets and agents list them; others are refused", async () => {
    await s.send(slashCommand("U0ADA", "snippet add thanks Thanks for waiting &amp; sorry &lt;3", o()));
    expect(lastAnswer()).toContain("Snippet *thanks* saved");
    expect(await t.prisma.snippet.findUnique({ where: { name: "thanks" } })).toMatchObject({ text: "Thanks for waiting & sorry <3" });
    await s.send(slashCommand("U0BOB", "snippet add mine Not allowed", o()));
    expect(lastAnswer()).toMatch(/^:no_entry: Only help desk admins/);
    await s.send(slashCommand("U0ADA", "snippet add THANKS again", o()));
    expect(lastAnswer()).toMatch(/^:raised_hand: .*already a snippet/);
    await s.send(slashCommand("U0ADA", "snippet add lonely", o()));
    expect(lastAnswer()).toMatch(/^:warning: /);
    await s.send(slashCommand("U0BOB", "snippet list", o()));
    expect(api.responses.at(-1)?.body).toMatchObject({ response_type: "ephemeral" });
    expect(lastAnswer()).toContain("*thanks* Thanks for waiting &amp; sorry &lt;3");
    await s.send(slashCommand("U0STRANGER", "snippet list", o()));
    expect(lastAnswer()).toContain("Only help desk agents");
  });
});

describe("/ticket snippet in the agent's language", () => {
  it("answers a Japanese agent in Japanese: saved, the list, and how to type the command", async () => {
    await s.send(slashCommand("U0CY", "snippet add arigato ご連絡ありがとうございます。", o()));
    expect(lastAnswer()).toBe(":white_check_mark: スニペット *arigato* を保存しました。すべての返信で使えます。");
    await s.send(slashCommand("U0CY", "snippet list", o()));
    expect(lastAnswer()).toMatch(/^\*スニペット\*\n/);
    expect(lastAnswer()).toContain("• *arigato* ご連絡ありがとうございます。");
    await s.send(slashCommand("U0CY", "snippet add lonely", o()));
    expect(lastAnswer()).toBe(":warning: スニペットの名前と本文を指定してください: `/ticket snippet add <名前> <本文>`");
    await s.send(slashCommand("U0CY", "snippet remove arigato", o()));
    expect(lastAnswer()).toBe(":warning: `/ticket snippet list` または `/ticket snippet add <名前> <本文>` をお試しください。");
    // The same mistakes in English for an English agent, as before.
    await s.send(slashCommand("U0ADA", "snippet add lonely", o()));
    expect(lastAnswer()).toBe(":warning: Give the snippet a name and its text: `/ticket snippet add <name> <text>`.");
    await s.send(slashCommand("U0ADA", "snippet remove arigato", o()));
    expect(lastAnswer()).toBe(":warning: Try `/ticket snippet list` or `/ticket snippet add <name> <text>`.");
    await s.send(slashCommand("U0BOB", "snippet list", o()));
    expect(lastAnswer()).toMatch(/^\*Snippets\*\n/);
  });

  it("tells a Japanese agent in Japanese that there are no snippets yet, and an English one in English", async () => {
    const t2 = await testCore(config);
    try {
      const s2 = slackTestApp(t2);
      await s2.send(slashCommand("U0CY", "snippet list", { nowMs: s2.nowMs() }));
      expect(lastAnswer()).toBe("スニペットはまだありません。管理者が `/ticket snippet add <名前> <本文>` で追加できます。");
      await s2.send(slashCommand("U0BOB", "snippet", { nowMs: s2.nowMs() }));
      expect(lastAnswer()).toBe("There are no snippets yet. An admin can add one with `/ticket snippet add <name> <text>`.");
    } finally {
      await t2.close();
    }
  });
});

describe("reply modal snippets", () => {
  it("appends the chosen snippet to the reply, keeps the other inputs, and sends what the agent sees", async () => {
    await s.send(slashCommand("U0ADA", "snippet add sign-off Best regards, the help desk", o()));
    const snippet = await t.prisma.snippet.findUniqueOrThrow({ where: { name: "sign-off" } });
    const id = (await createTicket(t.deps, { subject: "snip", requester: { email: "carol@customer.test" } }, as.ada)).id;
    await s.send(
      blockAction("U0BOB", { action_id: "ticket.reply", block_id: `card.actions.${id}`, type: "button", value: String(id) }, o()),
    );
    const opened = api.of("views.open").at(-1)!.body.view as View;
    expect(opened.callback_id).toBe(modalIds.reply);
    expect(opened.blocks.map((b) => b.block_id)).toEqual(["text", "reply.snippets.0", "cc", "bcc", "status"]);
    const picker = opened.blocks[1]!.elements![0]!;
    expect(picker.action_id).toBe("reply.snippet");
    expect(picker.options?.map((x) => x.text.text)).toContain("sign-off");

    // The agent has typed a reply, a Cc and a status, then picks the snippet.
    const typed: StateValues = {
      text: { value: { type: "plain_text_input", value: "We replaced the part." } },
      "reply.snippets.0": { "reply.snippet": { type: "static_select", selected_option: { value: snippet.id } } },
      cc: { value: { type: "plain_text_input", value: "boss@customer.test" } },
      bcc: { value: { type: "plain_text_input", value: null } },
      status: { value: { type: "static_select", selected_option: { value: "waiting_on_customer" } } },
    };
    const modal = {
      id: "V0REPLY",
      type: "modal" as const,
      callback_id: modalIds.reply,
      private_metadata: opened.private_metadata,
      blocks: opened.blocks,
      values: typed,
      hash: "1767600000.hash0001",
    };
    const res = await s.send(
      viewBlockAction(
        "U0BOB",
        modal,
        {
          action_id: "reply.snippet",
          block_id: "reply.snippets.0",
          type: "static_select",
          selected_option: { text: { type: "plain_text", text: "sign-off" }, value: snippet.id },
        },
        o(),
      ),
    );
    expect(res.status).toBe(200);
    const update = api.of("views.update").at(-1)!.body as { view_id: string; hash: string; view: View };
    expect(update).toMatchObject({ view_id: "V0REPLY", hash: "1767600000.hash0001" });
    expect(update.view.callback_id).toBe(modalIds.reply);
    expect(JSON.parse(update.view.private_metadata)).toEqual({ ticketId: id });
    const byId = (b: string) => update.view.blocks.find((x) => x.block_id === b)!;
    // A new action_id, so Slack shows the new text instead of keeping what was typed.
    expect(byId("text").element).toMatchObject({
      action_id: "value.1",
      initial_value: "We replaced the part.\n\nBest regards, the help desk",
    });
    expect(byId("cc").element).toMatchObject({ action_id: "value", initial_value: "boss@customer.test" });
    expect(byId("status").element?.initial_option?.value).toBe("waiting_on_customer");
    expect(byId("reply.snippets.1").elements?.[0]?.action_id).toBe("reply.snippet");

    // Submitted as shown: the reply input's state now sits under its new action_id.
    const sent = await s.send(
      modalSubmission(
        "U0BOB",
        {
          ...modal,
          blocks: update.view.blocks,
          values: {
            text: { "value.1": { type: "plain_text_input", value: "We replaced the part.\n\nBest regards, the help desk" } },
            "reply.snippets.1": { "reply.snippet": { type: "static_select", selected_option: null } },
            cc: { value: { type: "plain_text_input", value: "boss@customer.test" } },
            bcc: { value: { type: "plain_text_input", value: null } },
            status: { value: { type: "static_select", selected_option: { value: "waiting_on_customer" } } },
          },
        },
        o(),
      ),
    );
    expect(await sent.text()).toBe("");
    const reply = await t.prisma.message.findFirstOrThrow({ where: { ticketId: id, kind: "REPLY" } });
    expect(reply).toMatchObject({
      text: "We replaced the part.\n\nBest regards, the help desk",
      cc: JSON.stringify(["boss@customer.test"]),
      authorAgentId: "bob",
    });
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).statusId).toBe("waiting_on_customer");

    // A second insert into an empty reply bumps the generation again.
    await s.send(
      viewBlockAction(
        "U0BOB",
        { ...modal, blocks: update.view.blocks, values: { text: { "value.1": { type: "plain_text_input", value: "" } } } },
        { action_id: "reply.snippet", block_id: "reply.snippets.1", type: "static_select", selected_option: { value: snippet.id } },
        o(),
      ),
    );
    const again = api.of("views.update").at(-1)!.body as { view: View };
    expect(again.view.blocks.find((b) => b.block_id === "text")?.element).toMatchObject({
      action_id: "value.2",
      initial_value: "Best regards, the help desk",
    });
  });

  it("does nothing for someone who is not an agent", async () => {
    const snippet = await t.prisma.snippet.findFirstOrThrow();
    await s.send(
      viewBlockAction(
        "U0STRANGER",
        { id: "V0X", type: "modal", callback_id: modalIds.reply, private_metadata: JSON.stringify({ ticketId: 1 }) },
        { action_id: "reply.snippet", block_id: "reply.snippets.0", type: "static_select", selected_option: { value: snippet.id } },
        o(),
      ),
    );
    expect(api.of("views.update")).toHaveLength(0);
  });

  it("leaves the snippet picker out when there are no snippets", async () => {
    const t2 = await testCore();
    try {
      const s2 = slackTestApp(t2);
      const id = (await createTicket(t2.deps, { subject: "bare" }, as.ada)).id;
      await s2.send(
        blockAction(
          "U0BOB",
          { action_id: "ticket.reply", block_id: `card.actions.${id}`, type: "button", value: String(id) },
          { nowMs: s2.nowMs() },
        ),
      );
      expect((api.of("views.open").at(-1)!.body.view as View).blocks.map((b) => b.block_id)).toEqual(["text", "cc", "bcc", "status"]);
    } finally {
      await t2.close();
    }
  });
});
