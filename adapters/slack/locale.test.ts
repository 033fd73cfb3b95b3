// Which language Slack answers in: a listed agent's configured locale, else their Slack client's
// (Slack sends it only when asked, with users.info), else the help desk's (HELPDESK_LOCALE).
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testConfigInput, type TestCore } from "../../test/harness.js";
import type { SlackTestApp } from "./testing/app.js";
import { slackSuite } from "./testing/suite.js";
import { eventCallback, slashCommand } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;
const japanese = /[\u3040-\u30ff]/;

slackSuite((x) => ({ t, s, api } = x), {
  config: {
    ...testConfigInput,
    agents: [
      ...testConfigInput.agents.map((a) =>
        a.id === "cy"
          ? { ...a, slackUserId: "U0CY", locale: "ja" }
          : a.id === "ada" || a.id === "dee"
            ? { ...a, slackUserId: `U0${a.id.toUpperCase()}` }
            : a,
      ),
      // Asked for nowhere else in this file: the adapter remembers what Slack said across tests.
      { id: "eve", name: "Eve", email: "eve@helpdesk.test", slackUserId: "U0EVE" },
    ],
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

  it("asks Slack once for the client language of an agent with no configured locale, and answers in it", async () => {
    api.next("users.info", [200, { ok: true, user: { id: "U0ADA", name: "ada", locale: "ja-JP" } }]);
    const { id } = await createTicket(t.deps, { subject: "Printer", requester: { email: "c@customer.test" } }, as.ada);
    await s.send(slashCommand("U0ADA", `claim #${id}`, o()));
    await s.send(slashCommand("U0ADA", `claim #${id}`, o()));
    expect(lastAnswer()).toMatch(japanese);
    await s.send(slashCommand("U0CY", `claim #${id}`, o()));
    const asked = api.of("users.info");
    expect(asked).toHaveLength(1);
    expect(asked[0]?.body).toMatchObject({ user: "U0ADA", include_locale: "true" });
  });

  it("shows the help in the client language Slack says an agent reads", async () => {
    api.next("users.info", [200, { ok: true, user: { id: "U0EVE", name: "eve", locale: "ja-JP" } }]);
    await s.send(slashCommand("U0EVE", "help", o()));
    expect(api.of("users.info").at(-1)?.body).toMatchObject({ user: "U0EVE" });
    expect(lastAnswer()).toMatch(japanese);
  });

  it("answers in the help desk's language when Slack will not say the user's", async () => {
    api.next("users.info", [200, { ok: false, error: "missing_scope" }]);
    const { id } = await createTicket(t.deps, { subject: "Printer", requester: { email: "c@customer.test" } }, as.ada);
    await s.send(slashCommand("U0DEE", `show #${id}`, o()));
    expect(api.of("users.info")[0]?.body).toMatchObject({ user: "U0DEE" });
    expect(lastAnswer()).not.toMatch(japanese);
    expect(lastAnswer()).toMatch(/#\d+/);
  });

  it("shows an agent who reads Japanese the App Home in Japanese, the tickets' buttons included", async () => {
    const { id } = await createTicket(t.deps, { subject: "Printer", requester: { email: "c@customer.test" } }, as.ada);
    const event = { type: "app_home_opened", user: "U0CY", channel: "D0CY", tab: "home", event_ts: "1767600300.000100" };
    await s.send(eventCallback("EvHomeJa", event, o()));
    const view = api.of("views.publish").at(-1)?.body.view as { blocks: { type: string; text?: { text: string } }[] };
    const shown = JSON.stringify(view.blocks);
    expect(view.blocks[0]?.text?.text).toBe("ヘルプデスク");
    expect(shown).toContain("自分のチームの未割り当てチケット");
    expect(shown).toContain(`#${id}`);
    expect(shown).toContain("受付");
    expect(shown).not.toMatch(/"(Claim|Reply|Refresh|Help desk)"/);
  });
});
