// A select property's options may carry a label per language: the status modal offers them in the
// agent's language, and the value stored is the option's value whoever picks it.
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testConfigInput, type TestCore } from "../../test/harness.js";
import type { SlackTestApp } from "./testing/app.js";
import { slackSuite } from "./testing/suite.js";
import { blockAction } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";

const config = {
  ...testConfigInput,
  properties: [
    {
      name: "product",
      label: { en: "Product", ja: "製品" },
      type: "select",
      options: [{ value: "web", label: { en: "Web app", ja: "ウェブアプリ" } }, "mobile"],
    },
  ],
  pipelines: [
    {
      id: "support",
      name: "Support",
      default: true,
      statuses: [
        { id: "new", name: "New", category: "OPEN" },
        { id: "triaged", name: "Triaged", category: "OPEN", requiredProperties: ["product"] },
        { id: "closed", name: "Closed", category: "CLOSED" },
      ],
    },
  ],
  agents: testConfigInput.agents.map((a) => (a.id === "cy" ? { ...a, slackUserId: "U0CY", locale: "ja" } : a)),
};

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;
slackSuite((x) => ({ t, s, api } = x), { config });

type Option = { text: { text: string }; value: string };
type View = { blocks: { block_id: string; label?: { text: string }; element: { options?: Option[] } }[] };

async function productOptions(user: string, id: number) {
  const action = {
    action_id: "ticket.status",
    block_id: `card.actions.${id}`,
    type: "static_select",
    selected_option: { value: `triaged:${id}` },
  };
  await s.send(blockAction(user, action, { nowMs: s.nowMs() }));
  const view = api.of("views.open").at(-1)!.body.view as View;
  const block = view.blocks.find((b) => b.block_id === "properties.product")!;
  return { label: block.label?.text, options: block.element.options!.map((o) => [o.text.text, o.value]) };
}

describe("select options by language", () => {
  it("are offered in the agent's language, their values unchanged", async () => {
    const { id } = await createTicket(t.deps, { subject: "Which product?" }, as.ada);
    expect(await productOptions("U0BOB", id)).toEqual({
      label: "Product",
      options: [
        ["Web app", "web"],
        ["mobile", "mobile"],
      ],
    });
    expect(await productOptions("U0CY", id)).toEqual({
      label: "製品",
      options: [
        ["ウェブアプリ", "web"],
        ["mobile", "mobile"],
      ],
    });
    expect(t.deps.catalog.property("product")?.options).toEqual(["web", "mobile"]);
  });
});
