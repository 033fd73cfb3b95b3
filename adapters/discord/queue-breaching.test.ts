// `/ticket queue breaching` on Discord: offered as a choice of the queue option (English and
// Japanese names), it answers with the open tickets due within the hour, overdue first, each
// with its due time as a Discord timestamp that counts down in the viewer's client; every queue
// listing shows a ticket's due time when it has one. Due times are written on the rows, as the
// SLA clocks (core/sla) would.
import { ApplicationCommandOptionType, type APIApplicationCommandOption } from "discord.js";
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { ticketCommandOptions } from "../../manifest/discord.js";
import { as, testConfigInput, type TestCore } from "../../test/harness.js";
import type { DiscordTestClient } from "./testing/client.js";
import { discordSuite } from "./testing/suite.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { chatInput, type OptionValue } from "./testing/payloads.js";

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
const bob = { id: "100000000000000001", name: "Bob" };
const cy = { id: "100000000000000003", name: "Cy" };

// Bob reads Japanese; Cy (same team) reads English whatever her client says.
discordSuite((s) => ({ t, d, api } = s), {
  config: {
    ...testConfigInput,
    agents: testConfigInput.agents.map((a) =>
      a.id === "bob" ? { ...a, locale: "ja" } : a.id === "cy" ? { ...a, discordUserId: cy.id, locale: "en" } : a,
    ),
  },
});

const minute = 60_000;
type Embed = { title?: string; description?: string; footer?: { text: string } };

async function run(who: typeof bob, options: Record<string, OptionValue>) {
  const raw = { ...chatInput(who, "queue", options), locale: "ja" };
  await d.interact(JSON.parse(JSON.stringify(raw)) as typeof raw);
  const answer = api
    .webhookMessages()
    .filter((c) => c.path.includes(`/token-${raw.id}/`))
    .at(-1)?.body;
  const embeds = (answer?.embeds ?? []) as Embed[];
  return { content: String(answer?.content ?? ""), title: embeds[0]?.title, lines: (embeds[0]?.description ?? "").split("\n") };
}

/** A ticket, due `dueIn` ms from now (null: no SLA clock runs). */
async function ticket(subject: string, dueIn: number | null, teamId?: string) {
  t.advance(1000);
  const v = await createTicket(t.deps, { subject, requester: { email: "c@customer.test" }, teamId }, as.ada);
  if (dueIn !== null) await t.prisma.ticket.update({ where: { id: v.id }, data: { slaDueAt: new Date(t.deps.now().getTime() + dueIn) } });
  return { id: v.id, due: dueIn === null ? null : Math.floor((t.deps.now().getTime() + dueIn) / 1000) };
}

const lineOf = (lines: string[], id: number) => lines.find((l) => l.includes(`**#${id}**`));
const ids = (lines: string[]) => lines.flatMap((l) => /\*\*#(\d+)\*\*/.exec(l)?.[1] ?? []).map(Number);

describe("/ticket queue breaching on Discord", () => {
  it("is a choice of the queue option, named in English and Japanese", () => {
    const queue = ticketCommandOptions()
      .flatMap((o) => (o.type === ApplicationCommandOptionType.SubcommandGroup ? (o.options ?? []) : [o]))
      .find((o) => o.name === "queue")?.options?.[0] as APIApplicationCommandOption & {
      choices?: { name: string; value: string; name_localizations?: Record<string, string> }[];
    };
    expect(queue.choices).toContainEqual({ name: "breaching soon", name_localizations: { ja: "SLA期限間近" }, value: "breaching" });
  });

  it("lists the tickets due within the hour, overdue first, with their due time; English and Japanese", async () => {
    const soon = await ticket("Printer due soon", 20 * minute, "tier1");
    const overdue = await ticket("Printer overdue", -5 * minute);
    const later = await ticket("Printer due later", 3 * 60 * minute);
    const none = await ticket("Printer without a clock", null);
    const vip = await ticket("VIP overdue", -10 * minute, "vip");

    const en = await run(cy, { queue: "breaching" });
    expect(en.title).toBe("Queue: breaching soon (2)");
    expect(ids(en.lines)).toEqual([overdue.id, soon.id]);
    for (const tk of [later, none, vip]) expect(lineOf(en.lines, tk.id)).toBeUndefined();
    expect(lineOf(en.lines, overdue.id)).toMatch(new RegExp(` · <t:\\d+:R> · SLA due <t:${overdue.due}:R>$`));

    const ja = await run(bob, { queue: "breaching" });
    expect(ja.title).toBe("キュー: SLA期限間近 (2)");
    expect(ids(ja.lines)).toEqual([overdue.id, soon.id]);
    expect(lineOf(ja.lines, soon.id)).toMatch(new RegExp(` · <t:\\d+:R> · SLA期限 <t:${soon.due}:R>$`));
  });

  it("shows the due time in every queue listing when a ticket has one, and names breaching when the queue is unknown", async () => {
    const due = await ticket("Listed with a clock", 90 * minute);
    const none = await ticket("Listed without a clock", null);
    const all = await run(cy, { queue: "all_open" });
    expect(lineOf(all.lines, due.id)).toMatch(new RegExp(` · SLA due <t:${due.due}:R>$`));
    expect(lineOf(all.lines, none.id)).toMatch(/ · <t:\d+:R>$/);
    expect(lineOf(all.lines, none.id)).not.toContain("SLA due");
    expect((await run(cy, { queue: "nope" })).content).toContain("all open, auto or breaching soon.");
    expect((await run(bob, { queue: "nope" })).content).toContain("自動返信・不達、SLA期限間近のいずれか");
  });
});
