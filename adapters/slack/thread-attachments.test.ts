// A customer's attachments in the card's thread: each listed under the message with its size, as
// a link to open it when the service gives links, and said plainly when it was too large to keep.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../core/log.js";
import type { AttachmentUrl } from "../../core/outbox/chat-target.js";
import { OutboxDispatcher } from "../../core/outbox/dispatcher.js";
import { ingestInbound } from "../../core/tickets/ingest-inbound.js";
import { testCore, type TestCore } from "../../test/harness.js";
import { slackClient } from "./api.js";
import { slackDeliveryTarget } from "./target.js";
import { fakeSlackApi, type FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let api: FakeSlackApi;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());
beforeEach(() => {
  api = fakeSlackApi();
});
afterEach(() => api.done());

const link: AttachmentUrl = (id) => `https://helpdesk.test/attachments/${id}?exp=1767830400&sig=abc`;

async function mirrored(attachmentUrl: AttachmentUrl | undefined) {
  const target = slackDeliveryTarget({
    deps: t.deps,
    client: slackClient("xoxb-test"),
    triageChannels: [{ channel: "CTRIAGE" }],
    attachmentUrl,
  });
  const { ticket, messageId } = await ingestInbound(t.deps, {
    channel: "email",
    from: { email: "carol@customer.test" },
    subject: "Invoice wrong",
    text: "See attached.",
    attachments: [
      { filename: "invoice.pdf", contentType: "application/pdf", size: 122_880, content: new Uint8Array(122_880) },
      { filename: "<!channel> scan.png", contentType: "image/png", size: 2_400_000, content: new Uint8Array([137, 80, 78, 71]) },
      { filename: "video.mov", contentType: "video/quicktime", size: 48 * 1024 * 1024, content: null },
    ],
  });
  const d = new OutboxDispatcher({ deps: t.deps, targets: { slack: target }, log: silentLogger, backoffBaseMs: 1 });
  for (let i = 0; i < 3; i++) await d.runOnce();
  const post = api.of("chat.postMessage").find((c) => c.body.thread_ts)!;
  const ids = (await t.prisma.attachment.findMany({ where: { messageId }, orderBy: { id: "asc" } })).map((a) => a.id);
  return { ticket, post, ids, blocks: JSON.stringify(post.body.blocks) };
}

describe("attachments in the Slack card thread", () => {
  it("lists each attachment with its size as a link, and says when one was too large to keep", async () => {
    const { post, ids, blocks } = await mirrored(link);
    const list = (post.body.blocks as { type: string; text?: { text: string } }[]).at(-1)!.text!.text.split("\n");
    expect(list).toEqual([
      `:paperclip: <https://helpdesk.test/attachments/${ids[0]}?exp=1767830400&sig=abc|invoice.pdf> (120 KB)`,
      `:paperclip: <https://helpdesk.test/attachments/${ids[1]}?exp=1767830400&sig=abc|&lt;!channel&gt; scan.png> (2.3 MB)`,
      ":paperclip: video.mov (48 MB): too large to keep, so only its name and size were saved",
    ]);
    expect(blocks).toContain("See attached.");
    expect(blocks).not.toContain(ids[2]);
    // The notification text names them too, without links.
    expect(post.body.text).toContain("📎 invoice.pdf (120 KB)");
    expect(post.body.text).not.toContain("https://");
  });

  it("lists names and sizes without links when the service gives none", async () => {
    const { blocks } = await mirrored(undefined);
    expect(blocks).toContain(":paperclip: invoice.pdf (120 KB)");
    expect(blocks).toContain(":paperclip: video.mov (48 MB): too large to keep");
    expect(blocks).not.toContain("https://");
  });
});
