// What reaches a customer channel and what the customer is shown, driven by Events API payloads
// in their documented shapes, the Web API and Slack's file hosts answered by nock: a message with
// files and no text opens a ticket with the files on it, and the acknowledgement is shown at most
// once whatever fails between posting it and recording it.
import nock from "nock";
import { describe, expect, it } from "vitest";
import { OutboxDispatcher, openChannelTicket, silentLogger, systemActor, type CoreDeps } from "../../core/index.js";
import type { TestCore } from "../../test/harness.js";
import { slackClient } from "./api.js";
import { slackDeliveryTarget } from "./target.js";
import type { SlackTestApp } from "./testing/app.js";
import { channelMessage, memberOf, nextTs, useCustomerChannelApp } from "./testing/customers.js";
import { eventCallback, teamId } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

useCustomerChannelApp((app) => ({ t, s, api } = app));

const o = () => ({ nowMs: s.nowMs() });
const png = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);

/** A file as a `file_share` message lists it. @see https://api.slack.com/types/file */
const file = (id: string, name: string | null, mimetype: string, size: number) => ({
  id,
  ...(name ? { name, title: name } : {}),
  mimetype,
  filetype: mimetype.split("/")[1],
  size,
  mode: "hosted",
  url_private: `https://files.slack.com/files-pri/${teamId}-${id}/${name ?? "file"}`,
  url_private_download: `https://files.slack.com/files-pri/${teamId}-${id}/download/${name ?? "file"}`,
});

async function sharesFiles(user: string, files: ReturnType<typeof file>[]) {
  memberOf(api, user, teamId, { real_name: "Gina" });
  const e = channelMessage("CCUST", user, "", { subtype: "file_share", files, upload: true });
  await s.send(eventCallback(`Ev${e.ts}`, e, o()));
  const link = await t.prisma.chatLink.findFirst({ where: { role: "origin", channelId: "CCUST", messageId: e.ts } });
  return link
    ? t.prisma.ticket.findUniqueOrThrow({ where: { id: link.ticketId }, include: { messages: { include: { attachments: true } } } })
    : null;
}

describe("a customer's message with files and no text", () => {
  it("opens a ticket named after the files, which are kept on it and listed in the card's thread", async () => {
    const seen: (string | undefined)[] = [];
    nock("https://files.slack.com")
      .get(`/files-pri/${teamId}-F0SHOT/download/screenshot.png`)
      .reply(function () {
        seen.push(this.req.headers.authorization as string | undefined);
        return [200, Buffer.from(png), { "content-type": "image/png" }];
      });
    const huge = 64 * 1024 * 1024;
    const ticket = await sharesFiles("U0GINA", [
      file("F0SHOT", "screenshot.png", "image/png", png.length),
      file("F0HUGE", "huge.mov", "video/quicktime", huge),
    ]);
    expect(ticket).not.toBeNull();
    expect(ticket!.subject).toBe("screenshot.png, huge.mov");
    expect(seen).toEqual(["Bearer xoxb-test"]);
    const [first] = ticket!.messages;
    expect(first).toMatchObject({ kind: "INBOUND", text: "" });
    const files = [...first!.attachments].sort((a, b) => a.filename.localeCompare(b.filename));
    expect(files.map((a) => [a.filename, a.contentType, a.size, a.content ? [...a.content] : null])).toEqual([
      ["huge.mov", "video/quicktime", huge, null],
      ["screenshot.png", "image/png", png.length, [...png]],
    ]);
    await s.dispatcher.runOnce();
    const mirror = api.of("chat.postMessage").find((c) => c.body.channel === "CTRIAGE" && c.body.thread_ts);
    const listed = JSON.stringify(mirror?.body.blocks);
    expect(listed).toContain(":paperclip: screenshot.png (8 B)");
    expect(listed).toContain(":paperclip: huge.mov (64 MB): too large to keep");
  });

  it('is named "(attachment)" when Slack names none of its files, and keeps a file it will not hand over by name and size', async () => {
    // Without files:read Slack answers a file's address with its sign-in page.
    nock("https://files.slack.com")
      .get(/F0NONAME/)
      .reply(200, "<html>sign in</html>", { "content-type": "text/html" });
    const ticket = await sharesFiles("U0HANK", [file("F0NONAME", null, "application/pdf", 1200)]);
    expect(ticket!.subject).toBe("(attachment)");
    expect(ticket!.messages[0]!.attachments).toEqual([expect.objectContaining({ filename: "F0NONAME", size: 1200, content: null })]);
    await s.dispatcher.runOnce();
  });
});

describe("the bot's token", () => {
  it("goes to Slack's file host only: never to a remote file's address, a look-alike host, or where a redirect points", async () => {
    const elsewhere: { url: string; authorization: string | undefined }[] = [];
    const record = (host: string) =>
      nock(host)
        .persist()
        .get(/.*/)
        .reply(function (uri) {
          elsewhere.push({ url: `${host}${uri}`, authorization: this.req.headers.authorization as string | undefined });
          return [200, Buffer.from(png), { "content-type": "image/png" }];
        });
    record("https://evil.example");
    record("https://files.slack.com.evil.example");
    nock("https://files.slack.com")
      .get(`/files-pri/${teamId}-F0MOVED/download/moved.png`)
      .reply(302, "", { location: "https://evil.example/stolen.png" });
    // A remote file as an app registers it: its addresses are whatever the app chose.
    // @see https://api.slack.com/messaging/files/remote
    const remote = {
      ...file("F0REMOTE", "remote.png", "image/png", png.length),
      mode: "external",
      is_external: true,
      external_type: "app",
      url_private: "https://evil.example/remote.png",
      url_private_download: "https://evil.example/remote.png",
    };
    const lookalike = {
      ...file("F0LOOK", "lookalike.png", "image/png", png.length),
      url_private_download: "https://files.slack.com.evil.example/files-pri/x/lookalike.png",
    };
    const ticket = await sharesFiles("U0MALLORY", [remote, lookalike, file("F0MOVED", "moved.png", "image/png", png.length)]);
    expect(elsewhere).toEqual([]);
    const kept = ticket!.messages[0]!.attachments.map((a) => [a.filename, a.size, a.content]);
    expect(kept.sort()).toEqual([
      ["lookalike.png", png.length, null],
      ["moved.png", png.length, null],
      ["remote.png", png.length, null],
    ]);
    await s.dispatcher.runOnce();
  });
});

describe("the acknowledgement", () => {
  /** A customer's ticket opened from their message in the channel; the message's ts. */
  const customerTicket = async (user: string) => {
    const ts = nextTs();
    await openChannelTicket(
      t.deps,
      { surface: "slack", channelId: "CCUST", messageId: ts, externalId: `CCUST:${ts}`, subject: "Help", text: "Help", userId: user },
      systemActor,
    );
    return ts;
  };
  /** The acknowledgements tried under the customer's message `ts`. */
  const acks = (ts: string) => api.of("chat.postMessage").filter((c) => c.body.channel === "CCUST" && c.body.thread_ts === ts);

  /** A dispatcher whose Slack target's database fails once, at its first write after `crashAfter` happened. */
  function dispatcherWith(crashAfter: () => boolean) {
    let crashed = false;
    const db = new Proxy(t.deps.db, {
      get(target, prop, receiver) {
        if (prop === "insertInto" && !crashed && crashAfter()) {
          crashed = true;
          throw new Error("the process died here");
        }
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const deps: CoreDeps = { ...t.deps, db };
    const target = slackDeliveryTarget({
      deps,
      client: slackClient("xoxb-test"),
      triageChannels: [{ channel: "CTRIAGE" }],
      customerChannels: [{ channel: "CCUST" }],
    });
    return new OutboxDispatcher({ deps: t.deps, targets: { slack: target }, log: silentLogger, backoffBaseMs: 1 });
  }
  const runAll = async (d: OutboxDispatcher) => {
    for (let i = 0; i < 4; i++) {
      await d.runOnce();
      t.advance(60_000);
    }
  };

  it("is not shown again after a crash between posting it and recording it", async () => {
    const ts = await customerTicket("U0IRIS");
    await runAll(dispatcherWith(() => acks(ts).length > 0));
    expect(acks(ts)).toHaveLength(1);
  });

  it("is posted on a later try when Slack said it did not post it (a rate limit), and only once", async () => {
    const ts = await customerTicket("U0JACK");
    api.next("chat.postMessage", [429, { ok: false, error: "ratelimited" }, { "retry-after": "1" }], { channel: "CCUST" });
    await runAll(dispatcherWith(() => false));
    expect(acks(ts)).toHaveLength(2);
  });

  it("is not tried again when Slack's answer was lost (it may have been posted)", async () => {
    const ts = await customerTicket("U0KIM");
    api.next("chat.postMessage", [500, { ok: false }], { channel: "CCUST" });
    await runAll(dispatcherWith(() => false));
    expect(acks(ts)).toHaveLength(1);
  });
});
