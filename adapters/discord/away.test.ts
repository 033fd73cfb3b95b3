// Away and back on Discord: `/ticket away` and `/ticket back` for oneself, an admin choosing
// another agent in the `agent` option, a refusal for anyone else, in English and in Japanese; and
// both subcommands in the command definitions, described in both languages.
import { ApplicationCommandOptionType } from "discord.js";
import { describe, expect, it } from "vitest";
import { ticketCommandOptions } from "../../manifest/discord.js";
import { testConfigInput, type TestCore } from "../../test/harness.js";
import type { DiscordTestClient } from "./testing/client.js";
import { discordSuite } from "./testing/suite.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { chatInput, type OptionValue, type Who } from "./testing/payloads.js";

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
const ada: Who = { id: "100000000000000000", name: "Ada" };
const bob: Who = { id: "100000000000000001", name: "Bob" };
const cy: Who = { id: "100000000000000002", name: "Cy" };
const stranger: Who = { id: "100000000000000099", name: "Stranger" };

// Ada is an admin; Bob reads English; Cy (same team) reads Japanese.
discordSuite((s) => ({ t, d, api } = s), {
  config: {
    ...testConfigInput,
    agents: testConfigInput.agents.map((a) =>
      a.id === "ada"
        ? { ...a, discordUserId: ada.id, locale: "en" }
        : a.id === "cy"
          ? { ...a, discordUserId: cy.id, locale: "ja" }
          : a.id === "bob"
            ? { ...a, locale: "en" }
            : a,
    ),
  },
});

const isAway = async (id: string) => (await t.prisma.agent.findUniqueOrThrow({ where: { id } })).away;

/** `/ticket <sub>` as `who`, with an `agent` option when given; what they were told. */
async function run(who: Who, sub: "away" | "back", agent?: Who): Promise<string> {
  const options: Record<string, OptionValue> = agent ? { agent: agent.id } : {};
  const raw = chatInput(who, sub, options, {}, agent ? { agent } : {});
  await d.interact(JSON.parse(JSON.stringify(raw)) as typeof raw);
  expect(api.callbackFor(raw.id)?.type, "deferred privately").toBe(5);
  const answer = api
    .webhookMessages()
    .filter((c) => c.path.includes(`/token-${raw.id}/`))
    .at(-1)?.body;
  return String(answer?.content ?? "");
}

describe("/ticket away and /ticket back on Discord", () => {
  it("sets the agent away and back, saying so, and saying when nothing changed", async () => {
    expect(await run(bob, "away")).toBe(
      "🌴 You are away: assignment rules pass you over until you are back (`/ticket back`). You keep the tickets you own.",
    );
    expect(await isAway("bob")).toBe(true);
    expect(await run(bob, "away")).toBe("🌴 You were away already; assignment rules pass you over until you are back.");
    expect(await run(bob, "back", bob)).toBe("👋 You are back: assignment rules can give you tickets again.");
    expect(await isAway("bob")).toBe(false);
    expect(await run(bob, "back")).toBe("👋 You were not away; assignment rules can give you tickets.");
  });

  it("answers in the agent's language", async () => {
    expect(await run(cy, "away")).toBe(
      "🌴 不在にしました。復帰するまで（`/ticket back`）割り当てルールはあなたを飛ばします。担当中のチケットはそのままです。",
    );
    expect(await isAway("cy")).toBe(true);
    expect(await run(cy, "back")).toBe("👋 復帰しました。割り当てルールで再びチケットが割り当てられます。");
  });

  it("lets an admin set another agent away and back, and refuses anyone else", async () => {
    expect(await run(ada, "away", bob)).toBe(
      "🌴 Bob is away: assignment rules pass them over until they are back. They keep the tickets they own.",
    );
    expect(await isAway("bob")).toBe(true);
    expect(await run(cy, "back", bob)).toBe("⛔ ほかの担当者の不在・復帰を設定できるのは管理者だけです。");
    expect(await isAway("bob")).toBe(true);
    expect(await run(ada, "back", bob)).toBe("👋 Bob is back: assignment rules can give them tickets again.");
    expect(await isAway("bob")).toBe(false);
    expect(await run(ada, "away", stranger)).toBe("⚠️ That person is not a help desk agent.");
  });

  it("defines both subcommands with an optional agent, described in English and Japanese", () => {
    const subs = ticketCommandOptions().flatMap((o) => (o.type === ApplicationCommandOptionType.SubcommandGroup ? (o.options ?? []) : [o]));
    const away = subs.find((o) => o.name === "away");
    expect(away).toMatchObject({
      description: "Be passed over by assignment rules until you are back (admins: for another agent).",
      description_localizations: { ja: "復帰するまで割り当てルールの対象から外れます（管理者はほかの担当者も設定できます）。" },
      options: [{ name: "agent", type: ApplicationCommandOptionType.User, required: false }],
    });
    expect(subs.find((o) => o.name === "back")).toMatchObject({ options: [{ name: "agent", required: false }] });
  });
});
