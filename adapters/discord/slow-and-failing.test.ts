// What the adapter does when the core is slow or fails where the agent cannot see it: the reads
// before a modal stay narrow, autocomplete answers in time anyway, and a note that could not be
// saved is said so under the agent's message. Core modules are wrapped (not replaced) to observe
// and to slow or break them on cue.
import { describe, expect, it, vi } from "vitest";
import { commentOnTicket } from "../../core/tickets/comment-on-ticket.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { showTicket } from "../../core/tickets/show-ticket.js";
import { as, type TestCore } from "../../test/harness.js";
import type { DiscordTestClient } from "./testing/client.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { autocomplete, chatInput, messageCreate, rawMessage, stringSelect, type Who } from "./testing/payloads.js";
import { discordSuite } from "./testing/suite.js";

vi.mock(import("../../core/tickets/show-ticket.js"), async (original) => {
  const m = await original();
  return { ...m, showTicket: vi.fn(m.showTicket) };
});
vi.mock(import("../../core/tickets/find-tickets.js"), async (original) => {
  const m = await original();
  return {
    ...m,
    findTickets: vi.fn(async (...args: Parameters<typeof m.findTickets>) => {
      if (args[1].text.includes("sloth")) await new Promise((r) => setTimeout(r, 400));
      return m.findTickets(...args);
    }),
  };
});
vi.mock(import("../../core/tickets/comment-on-ticket.js"), async (original) => {
  const m = await original();
  return {
    ...m,
    commentOnTicket: vi.fn(async (...args: Parameters<typeof m.commentOnTicket>) => {
      if (args[1].text.includes("boom")) throw new Error("connection reset by peer");
      return m.commentOnTicket(...args);
    }),
  };
});

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
const bob: Who = { id: "100000000000000001", name: "Bob" };

discordSuite((s) => ({ t, d, api } = s));

async function ticketWithPost(subject: string) {
  const p = await d.postedTicket(subject);
  api.calls.length = 0;
  return p;
}

const logged = (fn: () => Promise<void>) => d.logged(fn);

describe("the split modal opens after one narrow read", () => {
  it("from More and from /ticket split, without reading the whole ticket", async () => {
    const p = await ticketWithPost("Split narrowly");
    await commentOnTicket(t.deps, { ticketId: p.id, text: "Second issue" }, as.bob);
    vi.mocked(showTicket).mockClear();
    const more = stringSelect(bob, `ticket:more:${p.id}`, ["split"], p.where, rawMessage(p.thread, { id: p.thread }));
    await d.interact(more);
    const command = chatInput(bob, "split", { ticket: `#${p.id}` });
    await d.interact(command);
    for (const raw of [more, command]) {
      const cb = api.callbackFor(raw.id);
      expect(cb).toMatchObject({ type: 9, data: { custom_id: `modal:split:${p.id}` } });
      expect(JSON.stringify(cb!.data)).toContain("Second issue");
    }
    expect(showTicket).not.toHaveBeenCalled();
  });
});

describe("autocomplete within Discord's 3 seconds", () => {
  it("answers with no suggestions, and logs it, when the lookup loses the race", async () => {
    await createTicket(t.deps, { subject: "A sloth of a ticket" }, as.ada);
    d.ctx.autocompleteBudgetMs = 100;
    try {
      const slow = autocomplete(bob, "show", "ticket", "sloth");
      const seen = await logged(() => d.interact(slow));
      expect(api.callbackFor(slow.id)).toEqual({ type: 8, data: { choices: [] } });
      expect(seen.warn).toContain("discord autocomplete lookup too slow; answered with no suggestions");
      // A lookup in time still suggests.
      const quick = autocomplete(bob, "show", "ticket", "of a");
      await d.interact(quick);
      expect(JSON.stringify(api.callbackFor(quick.id)?.data.choices)).toContain("A sloth of a ticket");
    } finally {
      d.ctx.autocompleteBudgetMs = undefined;
    }
    await new Promise((r) => setTimeout(r, 450));
  });
});

describe("a note that could not be saved", () => {
  it("is said under the agent's message, pinging nobody, and still logged", async () => {
    const p = await ticketWithPost("Note fails");
    const raw = messageCreate(bob, p.thread, "boom: the customer called back");
    const seen = await logged(() => d.message(raw));
    expect(await t.prisma.message.count({ where: { ticketId: p.id, kind: "COMMENT" } })).toBe(0);
    const told = api.of("POST", `/channels/${p.thread}/messages`);
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toMatchObject({
      allowed_mentions: { parse: [], replied_user: false },
      message_reference: { message_id: raw.id },
    });
    expect(String(told[0]!.body.content)).toBe(
      `❌ Something went wrong on our side: this message was **not saved** as a note on #${p.id}. Please send it again.`,
    );
    expect(seen.error).toContain("discord message not saved");
  });
});
