// Which language Slack answers in: a listed agent's configured locale, else the help desk's
// (HELPDESK_LOCALE). Slack sends no locale with commands and interactions.
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testConfigInput, type TestCore } from "../../test/harness.js";
import type { SlackTestApp } from "./testing/app.js";
import { slackSuite } from "./testing/suite.js";
import { slashCommand } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;
const japanese = /[\u3040-\u30ff]/;

slackSuite((x) => ({ t, s, api } = x), {
  config: {
    ...testConfigInput,
    agents: testConfigInput.agents.map((a) => (a.id === "cy" ? { ...a, slackUserId: "U0CY", locale: "ja" } : a)),
  },
});

const o = () => ({ nowMs: s.nowMs() });
const lastAnswer = () => String(api.responses.at(-1)?.body.text ?? "");

describe("the language of Slack answers", () => {
  it("shows an agent whose locale is ja the core's refusals in Japanese, and the others in English", async () => {
    const { id } = await createTicket(t.deps, { subject: "Printer", requester: { email: "c@customer.test" } }, as.ada);
    await s.send(slashCommand("U0CY", `claim #${id}`, o()));
    await s.send(slashCommand("U0CY", `claim #${id}`, o()));
    expect(lastAnswer()).toMatch(japanese);
    expect(lastAnswer()).toContain(`#${id}`);
    await s.send(slashCommand("U0BOB", `claim #${id}`, o()));
    expect(lastAnswer()).toMatch(/^:raised_hand: #\d+ is already claimed by Cy\.$/);
  });
});
