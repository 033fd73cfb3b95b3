// GET /attachments/:id: the bytes behind a link the service signed, as a download unless it is a
// raster image, and nothing for a link that was tampered with, has expired, or names no file.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fakeSlackApi } from "../adapters/slack/testing/slack-api.js";
import { signingSecret } from "../adapters/slack/testing/requests.js";
import { silentLogger } from "../core/log.js";
import { deleteTicket } from "../core/tickets/delete-ticket.js";
import { ingestInbound } from "../core/tickets/ingest-inbound.js";
import { as, freshDatabase, testCore, until, type TestCore } from "../test/harness.js";
import { attachmentLinks, type AttachmentLinks } from "./attachment-links.js";
import { acceptedLanguages, attachmentRoutes, dispositionName } from "./attachment-route.js";
import { createApp } from "./server.js";
import { startService } from "./service.js";
import { loadSettings } from "./settings.js";

const secret = "attachment-link-secret-for-tests";
const pdf = new TextEncoder().encode("%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n");
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>');

let t: TestCore;
let links: AttachmentLinks;
let app: ReturnType<typeof createApp>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await testCore();
  links = attachmentLinks({ secret, publicUrl: "https://helpdesk.test", days: 7, now: t.deps.now });
  app = createApp({ db: t.deps.db, log: silentLogger, state: { draining: false, inFlight: 0 } });
  app.route("/attachments", attachmentRoutes({ deps: t.deps, links }));
  const { messageId } = await ingestInbound(t.deps, {
    channel: "email",
    from: { email: "carol@customer.test" },
    subject: "Invoice wrong",
    text: "See attached.",
    attachments: [
      { filename: "invoice.pdf", contentType: "application/pdf", size: pdf.length, content: pdf },
      { filename: "scan.png", contentType: "image/png", size: png.length, content: png },
      { filename: "logo.svg", contentType: "image/svg+xml", size: svg.length, content: svg },
      { filename: 'we"ird/..\\名前.pdf', contentType: "application/pdf; name=x", size: pdf.length, content: pdf },
      { filename: "video.mov", contentType: "video/quicktime", size: 48 * 1024 * 1024, content: null },
    ],
  });
  const rows = await t.prisma.attachment.findMany({ where: { messageId } });
  for (const r of rows) ids[r.filename] = r.id;
});
afterAll(() => t.close());

/** The path and query of a signed link, for app.request. */
const pathOf = (url: string) => url.replace("https://helpdesk.test", "");
const open = (id: string) => app.request(pathOf(links.url(id)));

describe("GET /attachments/:id", () => {
  it("serves a PDF's bytes as a download under a safe name", async () => {
    const res = await open(ids["invoice.pdf"]!);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="invoice.pdf"; filename*=UTF-8''invoice.pdf`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("content-length")).toBe(String(pdf.length));
  });

  it("shows a PNG in the browser, with sniffing off", async () => {
    const res = await open(ids["scan.png"]!);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(png);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-disposition")).toBe(`inline; filename="scan.png"; filename*=UTF-8''scan.png`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
  });

  it("never shows an SVG inline: it is a download", async () => {
    const res = await open(ids["logo.svg"]!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="logo\.svg"/);
  });

  it("keeps quotes, slashes and leading dots out of the file name, and gives the full name in UTF-8", async () => {
    const res = await open(ids['we"ird/..\\名前.pdf']!);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="we_ird_..___.pdf"; filename*=UTF-8''we_ird_.._%E5%90%8D%E5%89%8D.pdf`,
    );
    expect(dispositionName("../../etc/passwd")).toBe(`filename="_.._etc_passwd"; filename*=UTF-8''_.._etc_passwd`);
    expect(dispositionName(".htaccess")).toBe(`filename="htaccess"; filename*=UTF-8''htaccess`);
    expect(dispositionName("a\u0000\r\nb")).toBe(`filename="a___b"; filename*=UTF-8''a___b`);
    expect(dispositionName("")).toBe(`filename="attachment"; filename*=UTF-8''attachment`);
  });

  it("refuses a tampered, borrowed or expired link with 403", async () => {
    const url = new URL(links.url(ids["invoice.pdf"]!));
    const sig = url.searchParams.get("sig")!;
    const exp = url.searchParams.get("exp")!;
    const path = url.pathname;
    const flipped = (sig[0] === "A" ? "B" : "A") + sig.slice(1);
    for (const q of [`exp=${exp}&sig=${flipped}`, `exp=${Number(exp) + 86_400}&sig=${sig}`, `exp=${exp}`, `sig=${sig}`, ""]) {
      const res = await app.request(`${path}?${q}`);
      expect(res.status, q).toBe(403);
      expect(await res.text()).toBe("This link is not valid.");
    }
    // The PDF's signature does not open the PNG.
    expect((await app.request(`/attachments/${ids["scan.png"]}?exp=${exp}&sig=${sig}`)).status).toBe(403);

    const later = links.url(ids["invoice.pdf"]!);
    t.advance(7 * 86_400_000 - 1000);
    expect((await app.request(pathOf(later))).status).toBe(200);
    t.advance(2000);
    const expired = await app.request(pathOf(later));
    expect(expired.status).toBe(403);
    expect(await expired.text()).toBe("This link has expired: links to attachments work for 7 days after they are posted in chat.");
    const inJapanese = await app.request(pathOf(later), { headers: { "Accept-Language": "ja-JP,ja;q=0.9,en;q=0.8" } });
    expect(await inJapanese.text()).toBe("このリンクは期限切れです。添付ファイルへのリンクは、チャットに投稿されてから 7 日間有効です。");
  });

  it("reads the browser's languages by preference", () => {
    expect(acceptedLanguages("fr-CH, fr;q=0.9, ja;q=0.95, *;q=0.5")).toEqual(["fr-CH", "ja", "fr"]);
    expect(acceptedLanguages("en;q=0, ja")).toEqual(["ja"]);
    expect(acceptedLanguages(undefined)).toEqual([]);
  });

  it("answers 404 for an unknown attachment, one too large to have been kept, and one of a deleted ticket", async () => {
    const unknown = await open("cnosuchattachment0000000");
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe("There is no such attachment.");
    const bigJa = await app.request(pathOf(links.url(ids["video.mov"]!)), { headers: { "Accept-Language": "ja" } });
    expect(await bigJa.text()).toBe("この添付ファイルは大きすぎて保存されませんでした。名前とサイズだけが記録されています。");
    const big = await open(ids["video.mov"]!);
    expect(big.status).toBe(404);
    expect(await big.text()).toBe("This attachment was too large to keep: only its name and size were saved.");

    const { messageId, ticket } = await ingestInbound(t.deps, {
      channel: "email",
      from: { email: "spam@spam.test" },
      subject: "You won",
      text: "open me",
      attachments: [{ filename: "prize.exe", contentType: "application/octet-stream", size: 3, content: new Uint8Array([1, 2, 3]) }],
    });
    const exe = (await t.prisma.attachment.findFirstOrThrow({ where: { messageId } })).id;
    expect((await open(exe)).status).toBe(200);
    await deleteTicket(t.deps, { ticketId: ticket.id }, as.ada);
    expect((await open(exe)).status).toBe(404);
  });
});

describe("attachment links in the running service", () => {
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("posts a link in the Slack thread that opens the file through the service", async () => {
    const db = await freshDatabase();
    await db.close();
    const slack = fakeSlackApi();
    nock.enableNetConnect("127.0.0.1");
    const config = join(mkdtempSync(join(tmpdir(), "helpdesk-attach-")), "config.json");
    writeFileSync(config, JSON.stringify({ slack: { triageChannels: [{ channel: "C0TRIAGE" }] } }));
    const settings = loadSettings({
      DATABASE_URL: db.url,
      HELPDESK_CONFIG: config,
      PORT: "0",
      HOST: "127.0.0.1",
      OUTBOX_POLL_MS: "20",
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_BOT_USER_ID: "U0BOT",
      SLACK_BOT_ID: "B0BOT",
      PUBLIC_URL: "https://helpdesk.example.org/",
      ATTACHMENT_LINK_SECRET: secret,
    });
    const svc = await startService(settings, silentLogger);
    try {
      await ingestInbound(svc.deps, {
        channel: "email",
        from: { email: "carol@customer.test" },
        subject: "Invoice wrong",
        text: "See attached.",
        attachments: [{ filename: "invoice.pdf", contentType: "application/pdf", size: pdf.length, content: pdf }],
      });
      const post = await until(() => slack.of("chat.postMessage").find((c) => c.body.thread_ts), "the thread post");
      const url = /<(https:\/\/helpdesk\.example\.org\/attachments\/[^|>]+)\|invoice\.pdf> \(\d+ B\)/.exec(
        JSON.stringify(post.body.blocks),
      )?.[1];
      expect(url).toBeDefined();
      const res = await fetch(url!.replace("https://helpdesk.example.org", `http://127.0.0.1:${svc.port}`));
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf);
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="invoice\.pdf"/);
    } finally {
      await svc.stop();
      slack.done();
      await db.drop();
    }
  });

  it("refuses a link secret without the public address, and a short secret", () => {
    expect(() => loadSettings({ ATTACHMENT_LINK_SECRET: secret })).toThrow(
      "invalid environment: ATTACHMENT_LINK_SECRET needs PUBLIC_URL, the address attachment links start with",
    );
    expect(() => loadSettings({ ATTACHMENT_LINK_SECRET: "short", PUBLIC_URL: "https://helpdesk.example.org" })).toThrow(
      /ATTACHMENT_LINK_SECRET: use at least 16 characters/,
    );
    expect(() => loadSettings({ PUBLIC_URL: "ftp://helpdesk.example.org" })).toThrow(/PUBLIC_URL: must be an http\(s\) URL/);
    expect(loadSettings({}).env.ATTACHMENT_LINK_DAYS).toBe(7);
  });
});
