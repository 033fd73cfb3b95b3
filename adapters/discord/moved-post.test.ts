// A ticket that moved to another forum: its old post still names it, so a note typed there is
// saved on the ticket, and the writer is told where the post is now.
import { expect, it } from "vitest";
import { updateProperties } from "../../core/tickets/update-properties.js";
import { as, type TestCore } from "../../test/harness.js";
import { ticketInChannel } from "./context.js";
import type { DiscordTestClient } from "./testing/client.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { FORUM, messageCreate, type Who } from "./testing/payloads.js";
import { discordSuite } from "./testing/suite.js";

const TIER1 = "200000000000000002";
let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
discordSuite((s) => ({ t, d, api } = s), {
  settings: { forums: [{ channel: TIER1, teamId: "tier1" }, { channel: FORUM }] },
  forums: [FORUM, TIER1],
});

const bob: Who = { id: "100000000000000001", name: "Bob" };

it("saves a note typed in the post a ticket moved away from, and says where the post is now", async () => {
  const old = await d.postedTicket("Wrong desk");
  await updateProperties(t.deps, { ticketId: old.id, teamId: "tier1" }, as.bob);
  await d.drain();
  const now = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: old.id, surface: "discord", role: "card" } });
  expect(now.channelId).toBe(TIER1);
  // Inside the old post the ticket is still implied.
  expect(await ticketInChannel(d.ctx, old.thread)).toBe(old.id);

  await d.message(messageCreate(bob, old.thread, "Customer called back"));
  const notes = await t.prisma.message.findMany({ where: { ticketId: old.id, kind: "COMMENT" } });
  expect(notes.map((n) => n.text)).toEqual(["Customer called back"]);
  const told = api.of("POST", `/channels/${old.thread}/messages`).at(-1)!;
  expect(told.body.content).toBe(
    `ℹ️ Saved as a note on #${old.id}, but this post is no longer in use: its post is now <#${now.threadId}>, so carry on there.`,
  );
  expect(told.body.allowed_mentions).toMatchObject({ parse: [] });
});
