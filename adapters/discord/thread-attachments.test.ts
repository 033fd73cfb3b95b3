// A customer's attachments in the ticket's forum post: each listed under the message with its
// size, as a masked link (no preview) when the service gives links, and said plainly when it was
// too large to keep. The fake API refuses what Discord would.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../core/log.js";
import type { AttachmentUrl } from "../../core/outbox/chat-target.js";
import { OutboxDispatcher } from "../../core/outbox/dispatcher.js";
import { ingestInbound } from "../../core/tickets/ingest-inbound.js";
import { testCore, type TestCore } from "../../test/harness.js";
import { discordRest } from "./rest.js";
import { discordDeliveryTarget } from "./target.js";
import { fakeDiscordApi, testRest, type FakeDiscordApi } from "./testing/discord-api.js";
import { FORUM } from "./testing/payloads.js";

let t: TestCore;
let api: FakeDiscordApi;
beforeAll(async () => {
  t = await testCore();
});
afterAll(async () => {
  api.done();
  await t.close();
});
beforeEach(() => {
  api?.done();
  api = fakeDiscordApi({ forums: [FORUM] });
});

const link: AttachmentUrl = (id) => `https://helpdesk.test/attachments/${id}?exp=1767830400&sig=abc`;

async function mirrored(attachmentUrl: AttachmentUrl | undefined, text = "See attached.") {
  const target = discordDeliveryTarget({ deps: t.deps, rest: discordRest("t", testRest), forums: [{ channel: FORUM }], attachmentUrl });
  const { messageId } = await ingestInbound(t.deps, {
    channel: "email",
    from: { email: "carol@customer.test" },
    subject: "Invoice wrong",
    text,
    attachments: [
      { filename: "invoice [final].pdf", contentType: "application/pdf", size: 122_880, content: new Uint8Array(16) },
      { filename: "@everyone.png", contentType: "image/png", size: 900, content: new Uint8Array([137, 80, 78, 71]) },
      { filename: "video.mov", contentType: "video/quicktime", size: 48 * 1024 * 1024, content: null },
    ],
  });
  const d = new OutboxDispatcher({ deps: t.deps, targets: { discord: target }, log: silentLogger, backoffBaseMs: 1 });
  for (let i = 0; i < 3; i++) await d.runOnce();
  const thread = (await t.prisma.chatLink.findFirstOrThrow({ where: { role: "card", ticket: { messages: { some: { id: messageId } } } } }))
    .threadId!;
  const posts = api.of("POST", `/channels/${thread}/messages`).map((c) => String(c.body.content));
  const ids = (await t.prisma.attachment.findMany({ where: { messageId }, orderBy: { id: "asc" } })).map((a) => a.id);
  return { posts, ids };
}

describe("attachments in the Discord forum post", () => {
  it("lists each attachment with its size as a link, and says when one was too large to keep", async () => {
    const { posts, ids } = await mirrored(link);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.split("\n").slice(-3)).toEqual([
      `📎 [invoice \\[final\\].pdf](<https://helpdesk.test/attachments/${ids[0]}?exp=1767830400&sig=abc>) (120 KB)`,
      `📎 [@\u200beveryone.png](<https://helpdesk.test/attachments/${ids[1]}?exp=1767830400&sig=abc>) (900 B)`,
      "📎 video.mov (48 MB): too large to keep, so only its name and size were saved",
    ]);
    expect(posts[0]).toContain("See attached.");
  });

  it("lists names and sizes without links when the service gives none, and after a long message in a part of their own", async () => {
    const { posts } = await mirrored(undefined, "x".repeat(1950));
    expect(posts[0]).toMatch(/x{1950}$/);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.split("\n")).toEqual([
      "📎 invoice \\[final\\].pdf (120 KB)",
      "📎 @\u200beveryone.png (900 B)",
      "📎 video.mov (48 MB): too large to keep, so only its name and size were saved",
    ]);
  });
});
