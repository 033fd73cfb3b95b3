// Snippets from the configuration on Slack: offered with those added in chat, named in the agent's
// language, and inserted in the customer's language (else the help desk's).
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testConfigInput, type TestCore } from "../../test/harness.js";
import type { SlackTestApp } from "./testing/app.js";
import { slackSuite } from "./testing/suite.js";
import { blockAction, slashCommand } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";
import { viewBlockAction } from "./testing/view-requests.js";
import { modalIds } from "./modals.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

// Cy reads Slack in Japanese (her configured locale); Bob in English.
slackSuite((x) => ({ t, s, api } = x), {
  config: {
    ...testConfigInput,
    agents: testConfigInput.agents.map((a) => (a.id === "cy" ? { ...a, slackUserId: "U0CY", locale: "ja" } : a)),
    snippets: [
      {
        id: "thanks",
        name: { en: "Thanks for waiting", ja: "お待たせしました" },
        text: { en: "Thanks for waiting.", ja: "お待たせしました。" },
      },
      { id: "hours", name: "Opening hours", text: "We answer 9:00–18:00 JST." },
    ],
  },
  prepare: (t) => t.prisma.snippet.create({ data: { name: "sign-off", text: "Best regards" } }),
});

const o = () => ({ nowMs: s.nowMs() });
type Option = { text: { text: string }; value: string };
type View = {
  private_metadata: string;
  blocks: { block_id: string; element?: { initial_value?: string }; elements?: { options?: Option[] }[] }[];
};

async function openReply(user: string, ticketId: number): Promise<View> {
  await s.send(
    blockAction(user, { action_id: "ticket.reply", block_id: `card.actions.${ticketId}`, type: "button", value: String(ticketId) }, o()),
  );
  return api.of("views.open").at(-1)!.body.view as View;
}
const options = (v: View) => v.blocks.find((b) => b.block_id === "reply.snippets.0")!.elements![0]!.options!;

async function insert(user: string, ticketId: number, snippetId: string): Promise<string | undefined> {
  const opened = await openReply(user, ticketId);
  const modal = {
    id: "V0REPLY",
    type: "modal" as const,
    callback_id: modalIds.reply,
    private_metadata: opened.private_metadata,
    blocks: opened.blocks,
    values: { text: { value: { type: "plain_text_input", value: "" } } },
    hash: "1767600000.hash0001",
  };
  const action = { action_id: "reply.snippet", block_id: "reply.snippets.0", type: "static_select", selected_option: { value: snippetId } };
  await s.send(viewBlockAction(user, modal, action, o()));
  const view = (api.of("views.update").at(-1)!.body as { view: View }).view;
  return view.blocks.find((b) => b.block_id === "text")?.element?.initial_value;
}

describe("configured snippets", () => {
  it("are offered with the stored ones, named in the agent's language", async () => {
    const id = (await createTicket(t.deps, { subject: "snip", requester: { email: "carol@customer.test" } }, as.ada)).id;
    expect(options(await openReply("U0BOB", id)).map((x) => x.text.text)).toEqual(["Thanks for waiting", "Opening hours", "sign-off"]);
    expect(options(await openReply("U0CY", id)).map((x) => x.text.text)).toEqual(["お待たせしました", "Opening hours", "sign-off"]);
    await s.send(slashCommand("U0CY", "snippet list", o()));
    expect(String(api.responses.at(-1)?.body.text)).toContain("• *お待たせしました* お待たせしました。");
  });

  it("go into a reply in the customer's language, else the help desk's, whoever inserts them", async () => {
    const known = (await createTicket(t.deps, { subject: "ja", requester: { email: "tanaka@customer.test" } }, as.ada)).id;
    await t.prisma.contact.updateMany({ where: { email: "tanaka@customer.test" }, data: { locale: "ja" } });
    const unknown = (await createTicket(t.deps, { subject: "?", requester: { email: "sam@customer.test" } }, as.ada)).id;
    const thanks = options(await openReply("U0BOB", known)).find((x) => x.text.text === "Thanks for waiting")!.value;
    expect(await insert("U0BOB", known, thanks)).toBe("お待たせしました。");
    expect(await insert("U0CY", unknown, thanks)).toBe("Thanks for waiting.");
    const hours = options(await openReply("U0BOB", known)).find((x) => x.text.text === "Opening hours")!.value;
    expect(await insert("U0BOB", known, hours)).toBe("We answer 9:00–18:00 JST.");
  });
});
