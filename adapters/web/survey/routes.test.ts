// The survey's landing page in-process (app.request): opening a link records nothing (mail scanners
// open every link) and shows the rating with a form our script sends; its post records the rating
// and shows it with a comment form, in the requester's language; a later click shows the first
// rating; the comment is taken once; bad, changed and expired links get a clear page (400, 410),
// never a 500.
import { afterEach, describe, expect, it } from "vitest";
import { surveyToken } from "../../../core/csat/survey-token.js";
import type { TestCore } from "../../../test/harness.js";
import { closedTicket, csatCore, day, sentSurvey, timeline } from "../../../test/csat-kit.js";
import { surveyRoutes } from "./routes.js";

const secret = "survey-link-secret-for-tests";
const hour = 60 * 60 * 1000;
let t: TestCore;
afterEach(() => t?.close());

async function setUp(locale?: "ja") {
  t = await csatCore();
  const id = await closedTicket(t, { subject: "Printer <b>on</b> fire" });
  if (locale) {
    const contactId = (await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).contactId!;
    await t.prisma.contact.update({ where: { id: contactId }, data: { locale } });
  }
  const surveyId = await sentSurvey(t, id);
  const survey = await t.prisma.csatSurvey.findUniqueOrThrow({ where: { id: surveyId } });
  const app = surveyRoutes({ deps: t.deps, surveySecret: secret });
  const link = (score: number) => `/${surveyToken(secret, surveyId, score, survey.expiresAt)}`;
  return { id, surveyId, app, link };
}

/** The form's action, as a path under the routes' mount point. */
const actionOf = (html: string) => {
  const m = /action="\/survey(\/[^"]+)"/.exec(html);
  if (!m) throw new Error("no comment form on the page");
  return m[1]!;
};
const post = (comment: string) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ comment }).toString(),
});
/** What the confirmation form sends: nothing but its address. */
const send = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" };

describe("the survey page", () => {
  it("records nothing on opening a link: it shows the rating with a form our script sends", async () => {
    const { id, surveyId, app, link } = await setUp();
    // A scanner fetching every link in order, and a link checker's HEAD.
    for (const n of [1, 2, 3, 4, 5]) expect((await app.request(link(n))).status).toBe(200);
    expect((await app.request(link(1), { method: "HEAD" })).status).toBe(200);
    expect((await t.prisma.csatSurvey.findUniqueOrThrow({ where: { id: surveyId } })).score).toBeNull();
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).csatScore).toBeNull();
    expect(await timeline(t, id, "csat.received")).toEqual([]);

    const res = await app.request(link(2));
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const page = await res.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain("Your rating: 2 of 5 (Dissatisfied)");
    expect(page).toContain(`Request #${id}: Printer &lt;b&gt;on&lt;/b&gt; fire`);
    expect(page).toContain(`<form method="post" action="/survey${link(2)}" id="send-rating">`);
    expect(page).toContain("Send my rating");
    expect(page).toContain('<script src="/survey/survey.js" defer="">');
    expect(page).not.toContain("<textarea");
    // The script, served as a file of ours, sends that form.
    const script = await app.request("/survey.js");
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await script.text()).toContain('document.getElementById("send-rating")');
  });

  it("records the posted rating, shows it with a comment form; a later click shows the first rating without a post", async () => {
    const { id, surveyId, app, link } = await setUp();
    const res = await app.request(link(2), send);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const page = await res.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain("Thank you for your rating!");
    expect(page).toContain("Your rating: 2 of 5 (Dissatisfied)");
    // The subject is the customer's text, escaped.
    expect(page).toContain(`Request #${id}: Printer &lt;b&gt;on&lt;/b&gt; fire`);
    expect(page).not.toContain("<b>on</b>");
    expect(page).toContain('<textarea id="comment" name="comment" maxlength="2000"');
    expect(page).not.toContain("survey.js");
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).csatScore).toBe(2);

    // Another link of the answered survey: the rating given, the comment form, nothing to send.
    const again = await app.request(link(5));
    expect(again.status).toBe(200);
    const second = await again.text();
    expect(second).toContain("You have already rated this request");
    expect(second).toContain("Your rating: 2 of 5 (Dissatisfied)");
    expect(second).not.toContain("send-rating");
    expect(second).toContain('<textarea id="comment"');
    const posted = await (await app.request(link(5), send)).text();
    expect(posted).toContain("You have already rated this request");
    expect(posted).toContain("Your rating: 2 of 5 (Dissatisfied)");
    expect(await timeline(t, id, "csat.received")).toEqual([expect.objectContaining({ data: { score: 2, channel: "email", surveyId } })]);
    expect((await t.prisma.csatSurvey.findUniqueOrThrow({ where: { id: surveyId } })).score).toBe(2);
    const css = await app.request("/survey.css");
    expect(css.headers.get("content-type")).toContain("text/css");
  });

  it("takes the comment once, escaped on the page; too long is said and kept to correct", async () => {
    const { id, surveyId, app, link } = await setUp();
    const action = actionOf(await (await app.request(link(4), send)).text());
    const long = await app.request(action, post("x".repeat(2001)));
    expect(long.status).toBe(400);
    const longPage = await long.text();
    expect(longPage).toContain("A comment can be at most 2,000 characters.");
    expect(longPage).toContain(`${"x".repeat(2000)}</textarea>`);
    const ok = await app.request(action, post("Fast <script>alert(1)</script> & kind"));
    expect(ok.status).toBe(200);
    const okPage = await ok.text();
    expect(okPage).toContain("Thank you, we have received your comment.");
    expect(okPage).toContain("Fast &lt;script&gt;alert(1)&lt;/script&gt; &amp; kind");
    expect(okPage).not.toContain("<script>");
    expect(okPage).not.toContain("<textarea");
    const twice = await app.request(action, post("Again"));
    expect(await twice.text()).toContain("We already have your comment on this request.");
    expect((await t.prisma.csatSurvey.findUniqueOrThrow({ where: { id: surveyId } })).comment).toBe(
      "Fast <script>alert(1)</script> & kind",
    );
    expect(await timeline(t, id, "csat.commented")).toHaveLength(1);
    // Far too big a post is refused before it is read, saying so.
    const huge = await app.request(action, post("y".repeat(70_000)));
    expect(huge.status).toBe(413);
    const hugePage = await huge.text();
    expect(hugePage).toContain('<html lang="en">');
    expect(hugePage).toContain("This comment is too long");
    expect(hugePage).toContain("A comment can be at most 2,000 characters. Please go back, shorten it and send it again.");
    expect(hugePage).not.toContain("This link does not work");
  });

  it("shows a Japanese requester the page in Japanese", async () => {
    const { app, link } = await setUp("ja");
    const confirm = await (await app.request(link(5))).text();
    expect(confirm).toContain('<html lang="ja">');
    expect(confirm).toContain("評価を送信する");
    const page = await (await app.request(link(5), send)).text();
    expect(page).toContain('<html lang="ja">');
    expect(page).toContain("評価をお寄せいただきありがとうございます。");
    expect(page).toContain("あなたの評価：5段階中 5（とても満足）");
    expect(page).toContain("コメントを送信");
    const huge = await app.request(actionOf(page), post("y".repeat(70_000)));
    expect(huge.status).toBe(413);
    const hugePage = await huge.text();
    expect(hugePage).toContain('<html lang="ja">');
    expect(hugePage).toContain("コメントは2,000文字以内でお願いします。");
    expect(hugePage).not.toContain("This comment is too long");
  });

  it("shows an answered survey's rating on a link past its time, with the comment form while comments are taken", async () => {
    const { surveyId, app, link } = await setUp();
    const { expiresAt } = await t.prisma.csatSurvey.findUniqueOrThrow({ where: { id: surveyId } });
    // Rated an hour before the links stop working: a comment is taken for a day after the rating.
    t.advance(expiresAt.getTime() - t.deps.now().getTime() - hour);
    expect((await app.request(link(4), send)).status).toBe(200);
    t.advance(2 * hour);
    for (const res of [await app.request(link(1)), await app.request(link(4)), await app.request(link(2), send)]) {
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(page).toContain("You have already rated this request");
      expect(page).toContain("Your rating: 4 of 5 (Satisfied)");
      expect(page).toContain('<textarea id="comment"');
    }
    const action = actionOf(await (await app.request(link(4))).text());
    expect(await (await app.request(action, post("Late but kind"))).text()).toContain("Thank you, we have received your comment.");
    t.advance(2 * day);
    const closed = await app.request(link(4));
    expect(closed.status).toBe(200);
    const page = await closed.text();
    expect(page).toContain("Your rating: 4 of 5 (Satisfied)");
    expect(page).toContain("Late but kind");
    expect(page).not.toContain("<textarea");
    expect((await t.prisma.csatSurvey.findUniqueOrThrow({ where: { id: surveyId } })).score).toBe(4);
  });

  it("answers a bad or changed link 400 and a late one 410, recording nothing", async () => {
    const { surveyId, app, link } = await setUp();
    const good = link(3).slice(1);
    const [sid, , exp, sig] = good.split(".");
    for (const bad of ["/nonsense", `/${sid}.5.${exp}.${sig}`, `/${good}x`, "/a.b.c.d", `/${"z".repeat(3000)}`]) {
      const res = await app.request(bad, { headers: { "accept-language": "ja,en;q=0.8" } });
      expect(res.status, bad).toBe(400);
      const page = await res.text();
      expect(page).toContain('<html lang="ja">');
      expect(page).toContain("このリンクは使えません");
      expect(page).toContain("This link does not work");
      expect(page).toContain('<link rel="stylesheet" href="/survey/survey.css" />');
    }
    expect((await app.request(`/${sid}.5.${exp}.${sig}`, send)).status).toBe(400);
    expect((await app.request(`/${good}/comment`, post("Hi"))).status).toBe(400);
    expect((await app.request("/nonsense/comment", post("Hi"))).status).toBe(400);
    t.advance(14 * day);
    const late = await app.request(link(3));
    expect(late.status).toBe(410);
    expect(await late.text()).toContain("This survey has closed");
    expect((await app.request(link(3), send)).status).toBe(410);
    expect((await t.prisma.csatSurvey.findUniqueOrThrow({ where: { id: surveyId } })).score).toBeNull();
    // Without the secret no link is read.
    const off = surveyRoutes({ deps: t.deps });
    expect((await off.request(link(3))).status).toBe(400);
  });
});
