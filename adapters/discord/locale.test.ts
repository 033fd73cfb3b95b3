// Which language Discord answers in: a listed agent's configured locale, else the locale Discord
// sends with the interaction (the user's client language), else the help desk's.
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testConfigInput, type TestCore } from "../../test/harness.js";
import type { DiscordTestClient } from "./testing/client.js";
import { discordSuite } from "./testing/suite.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { button } from "./testing/payloads.js";

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
const stranger = { id: "100000000000000077", name: "Mallory" };
const bob = { id: "100000000000000001", name: "Bob" };
const cy = { id: "100000000000000003", name: "Cy" };
const japanese = /[\u3040-\u30ff]/;

discordSuite((s) => ({ t, d, api } = s), {
  // Cy reads the help desk in English whatever her Discord client says.
  config: {
    ...testConfigInput,
    agents: testConfigInput.agents.map((a) => (a.id === "cy" ? { ...a, discordUserId: cy.id, locale: "en" } : a)),
  },
});

/** The interaction as Discord sends it from a client in this language. */
const from = (locale: string, raw: ReturnType<typeof button>) => ({ ...raw, locale });

/** What the user was told: the callback's message, or the follow-up after a deferred answer. */
async function answerTo(raw: ReturnType<typeof button>): Promise<string> {
  const before = api.webhookMessages().length;
  await d.interact(raw);
  const said = api.callbackFor(raw.id)?.data.content;
  return String(said ?? api.webhookMessages().slice(before).at(-1)?.body.content ?? "");
}

describe("the language of Discord answers", () => {
  it("refuses a non-agent in the language of their Discord client", async () => {
    const { id } = await createTicket(t.deps, { subject: "Locked out", requester: { email: "c@customer.test" } }, as.ada);
    const ja = await answerTo(from("ja", button(stranger, `ticket:claim:${id}`)));
    expect(ja).toMatch(/^⛔ この操作はヘルプデスクの担当者だけが行えます。/);
    const en = await answerTo(from("en-GB", button(stranger, `ticket:claim:${id}`)));
    expect(en).toMatch(/^⛔ Only help desk agents can do that\./);
  });

  it("shows a core refusal in Japanese to an agent whose client is Japanese, and in English otherwise", async () => {
    const { id } = await createTicket(t.deps, { subject: "Printer", requester: { email: "c@customer.test" } }, as.ada);
    await answerTo(button(bob, `ticket:claim:${id}`));
    const ja = await answerTo(from("ja", button(bob, `ticket:claim:${id}`)));
    expect(ja).toMatch(japanese);
    expect(ja).toContain(`#${id}`);
    expect(ja).not.toMatch(/already/);
    const en = await answerTo(from("en-US", button(bob, `ticket:claim:${id}`)));
    expect(en).toContain(`You already own #${id}.`);
  });

  it("lets an agent's configured locale win over their client's", async () => {
    const { id } = await createTicket(t.deps, { subject: "Scanner", requester: { email: "c@customer.test" } }, as.ada);
    await answerTo(button(cy, `ticket:claim:${id}`));
    const said = await answerTo(from("ja", button(cy, `ticket:claim:${id}`)));
    expect(said).toContain(`You already own #${id}.`);
  });
});
