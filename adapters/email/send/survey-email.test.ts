// The survey email as the SMTP target sends it: one message per survey to the requester, in their
// language, five one-click links whose tokens verify to the survey and each rating, plain text and
// HTML, its own Message-ID answering nothing; nothing sent once the survey is answered.
import PostalMime from "postal-mime";
import { afterEach, describe, expect, it } from "vitest";
import { coreJobs } from "../../../core/jobs/core-jobs.js";
import { silentLogger } from "../../../core/log.js";
import { OutboxDispatcher } from "../../../core/outbox/dispatcher.js";
import { answerSurvey } from "../../../core/csat/answer-survey.js";
import { readSurveyToken } from "../../../core/csat/survey-token.js";
import type { TestCore } from "../../../test/harness.js";
import { closedTicket, csatCore, day, sentSurvey } from "../../../test/csat-kit.js";
import { startSmtpSink, type SmtpSink } from "../testing/smtp-sink.js";
import { testInboxes } from "../testing/app.js";
import { smtpDeliveryTarget, smtpTransport } from "./smtp-target.js";

const secret = "survey-link-secret-for-tests";
const publicUrl = "https://help.acme.test";
let t: TestCore;
let sink: SmtpSink;
let target: ReturnType<typeof smtpDeliveryTarget>;
afterEach(async () => {
  target.close();
  await sink.close();
  await t.close();
});

async function setUp() {
  t = await csatCore();
  sink = await startSmtpSink();
  target = smtpDeliveryTarget({
    deps: t.deps,
    inboxes: testInboxes,
    transport: smtpTransport(sink.url),
    surveyLinks: { secret, publicUrl },
  });
  return new OutboxDispatcher({ deps: t.deps, targets: { email: target }, jobs: coreJobs, log: silentLogger });
}

/** The tokens of the survey links in `text`, in order. */
const tokensIn = (text: string) => [...text.matchAll(/https:\/\/help\.acme\.test\/survey\/([A-Za-z0-9._-]+)/g)].map((m) => m[1]!);

describe("the survey email", () => {
  it("sends the requester one message with five signed one-click links, from the ticket's inbox, answering nothing", async () => {
    const worker = await setUp();
    const id = await closedTicket(t);
    const surveyId = await sentSurvey(t, id);
    await worker.runOnce();
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]!.rcptTo).toEqual(["carol@customer.test"]);
    const mail = await PostalMime.parse(sink.received[0]!.raw);
    expect(mail.subject).toBe(`How did we do? #${id}: Printer on fire`);
    expect(mail.from).toMatchObject({ address: "support@acme.test", name: "Acme Support" });
    expect(mail.to).toEqual([{ address: "carol@customer.test", name: "Carol" }]);
    expect(mail.replyTo).toEqual([expect.objectContaining({ address: `support+t${id}@acme.test` })]);
    expect(mail.messageId).toBe(`<csat.${surveyId}@acme.test>`);
    expect(mail.inReplyTo).toBeUndefined();
    expect(mail.references).toBeUndefined();
    expect(mail.headers.find((h) => h.key === "auto-submitted")?.value).toBe("auto-generated");
    expect(mail.text).toContain("Hello Carol,");
    expect(mail.text).toContain("1 - Very dissatisfied: https://help.acme.test/survey/");
    expect(mail.text).toContain("5 - Very satisfied: https://help.acme.test/survey/");
    const now = t.deps.now();
    const read = (tokens: string[]) => tokens.map((k) => readSurveyToken(secret, k, now));
    const rated = [1, 2, 3, 4, 5].map((score) => ({ surveyId, score }));
    expect(read(tokensIn(mail.text!))).toEqual(rated);
    expect(read(tokensIn(mail.html!))).toEqual(rated);
    expect(mail.html).toContain("Very satisfied");
    // The links stop working when the survey does.
    expect(tokensIn(mail.text!).map((k) => readSurveyToken(secret, k, new Date(now.getTime() + 14 * day)))).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    // Sent once.
    await worker.runOnce();
    expect(sink.received).toHaveLength(1);
  });

  it("writes to a Japanese requester in Japanese", async () => {
    const worker = await setUp();
    const id = await closedTicket(t, { requester: { email: "taro@customer.test", name: "山田太郎" } });
    const contactId = (await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).contactId!;
    await t.prisma.contact.update({ where: { id: contactId }, data: { locale: "ja" } });
    await sentSurvey(t, id);
    await worker.runOnce();
    const mail = await PostalMime.parse(sink.received[0]!.raw);
    expect(mail.subject).toBe(`サポートの評価のお願い #${id}：Printer on fire`);
    expect(mail.text).toContain("山田太郎 様");
    expect(mail.text).toContain("1 - とても不満: https://help.acme.test/survey/");
    expect(mail.html).toContain('lang="ja"');
  });

  it("escapes the customer's words in the HTML part", async () => {
    const worker = await setUp();
    await sentSurvey(t, await closedTicket(t, { subject: `<script>alert("x")</script> & 'more'` }));
    await worker.runOnce();
    const mail = await PostalMime.parse(sink.received[0]!.raw);
    expect(mail.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;more&#39;");
    expect(mail.html).not.toContain("<script>");
    expect(mail.text).toContain(`<script>alert("x")</script> & 'more'`);
  });

  it("sends nothing for a survey answered before its email went out", async () => {
    const worker = await setUp();
    const surveyId = await sentSurvey(t, await closedTicket(t));
    await answerSurvey(t.deps, { surveyId, score: 4, via: { kind: "link" } });
    await worker.runOnce();
    expect(sink.received).toEqual([]);
    expect(await t.prisma.outbox.findFirstOrThrow({ where: { topic: "csat.email" } })).toMatchObject({ deliveredAt: expect.any(Date) });
  });
});
