// Answering the survey: the first rating counts (also when two arrive at once), goes on the ticket
// and its timeline; late, unknown or someone else's answers are refused; the comment comes once.
import { afterEach, describe, expect, it } from "vitest";
import { withTx } from "../deps.js";
import { linkContact as linkChatContact } from "../chat/identities.js";
import type { TestCore } from "../../test/harness.js";
import { closedTicket, csatCore, day, outboxRows, sentSurvey, timeline } from "../../test/csat-kit.js";
import { answerSurvey } from "./answer-survey.js";
import { commentOnSurvey } from "./comment-on-survey.js";
import { surveyForm } from "./survey-form.js";

let t: TestCore;
afterEach(() => t?.close());
const link = { kind: "link" } as const;

describe("answerSurvey", () => {
  it("records the first rating on the survey, the ticket, its timeline and its card; a later one is told the first", async () => {
    t = await csatCore();
    const id = await closedTicket(t);
    const surveyId = await sentSurvey(t, id);
    t.advance(3_600_000);
    const answeredAt = t.deps.now();
    expect(await answerSurvey(t.deps, { surveyId, score: 2, via: link })).toEqual({
      outcome: "recorded",
      ticketId: id,
      score: 2,
      locale: "en",
    });
    expect(await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).toMatchObject({ csatScore: 2, csatAt: answeredAt });
    expect(await t.prisma.csatSurvey.findUniqueOrThrow({ where: { id: surveyId } })).toMatchObject({ score: 2, answeredAt });
    const contactId = (await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).contactId;
    expect(await timeline(t, id, "csat.received")).toEqual([
      { actorType: "contact", actorId: contactId, data: { score: 2, channel: "email", surveyId } },
    ]);
    expect((await outboxRows(t, "ticket.changed")).filter((r) => r.payload.change === "csat")).toEqual([
      { target: "chat", ticketId: id, payload: { ticketId: id, change: "csat" } },
    ]);
    t.advance(60_000);
    expect(await answerSurvey(t.deps, { surveyId, score: 5, via: link })).toEqual({
      outcome: "already_answered",
      ticketId: id,
      score: 2,
      locale: "en",
    });
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).csatScore).toBe(2);
    expect(await timeline(t, id, "csat.received")).toHaveLength(1);
  });

  it("takes no rating after the survey expired, and refuses unknown surveys and ratings outside 1 to 5", async () => {
    t = await csatCore({ csat: { expiresDays: 7 } });
    const id = await closedTicket(t);
    const surveyId = await sentSurvey(t, id);
    await expect(answerSurvey(t.deps, { surveyId: "nope", score: 3, via: link })).rejects.toMatchObject({ code: "not_found" });
    for (const score of [0, 6, 2.5, Number.NaN])
      await expect(answerSurvey(t.deps, { surveyId, score, via: link })).rejects.toMatchObject({ code: "invalid" });
    t.advance(7 * day);
    expect(await answerSurvey(t.deps, { surveyId, score: 4, via: link })).toMatchObject({ outcome: "expired", score: null });
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).csatScore).toBeNull();
    expect(await surveyForm(t.deps, surveyId)).toMatchObject({ ticketId: id, subject: "Printer on fire", score: null, expired: true });
  });

  it("takes a chat answer only from the account the survey was sent to", async () => {
    t = await csatCore();
    const id = await closedTicket(t, { source: "slack", requester: { surface: "slack", userId: "U0CAROL" } });
    const surveyId = await sentSurvey(t, id);
    // Someone else's Slack account (a known contact, too), and Carol's id on another surface.
    await closedTicket(t, { source: "slack", requester: { surface: "slack", userId: "U0MALLORY" } });
    const carol = (await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).contactId!;
    await withTx(t.deps, (tx) => linkChatContact(tx, "discord", "U0CAROL", carol, t.deps.now()));
    for (const via of [
      { kind: "chat", surface: "slack", userId: "U0MALLORY" },
      { kind: "chat", surface: "slack", userId: "U0NOBODY" },
      { kind: "chat", surface: "discord", userId: "U0CAROL" },
    ] as const)
      await expect(answerSurvey(t.deps, { surveyId, score: 1, via })).rejects.toMatchObject({ code: "forbidden" });
    expect(await answerSurvey(t.deps, { surveyId, score: 5, via: { kind: "chat", surface: "slack", userId: "U0CAROL" } })).toMatchObject({
      outcome: "recorded",
    });
    expect(await timeline(t, id, "csat.received")).toEqual([expect.objectContaining({ data: { score: 5, channel: "slack", surveyId } })]);
  });

  it("records one answer when several arrive at once", async () => {
    t = await csatCore();
    const id = await closedTicket(t);
    const surveyId = await sentSurvey(t, id);
    const results = await Promise.all([1, 2, 3, 4, 5].map((score) => answerSurvey(t.deps, { surveyId, score, via: link })));
    const recorded = results.filter((r) => r.outcome === "recorded");
    expect(recorded).toHaveLength(1);
    const winner = recorded[0]!.score;
    expect(results.filter((r) => r.outcome === "already_answered").map((r) => r.score)).toEqual([winner, winner, winner, winner]);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).csatScore).toBe(winner);
    expect((await t.prisma.csatSurvey.findUniqueOrThrow({ where: { id: surveyId } })).score).toBe(winner);
    expect(await timeline(t, id, "csat.received")).toHaveLength(1);
  });
});

describe("commentOnSurvey", () => {
  it("takes one comment after the rating, kept on the survey and on the timeline as the customer's words", async () => {
    t = await csatCore();
    const id = await closedTicket(t);
    const surveyId = await sentSurvey(t, id);
    expect(await commentOnSurvey(t.deps, { surveyId, comment: "Hi", via: link })).toEqual({
      outcome: "not_answered",
      ticketId: id,
      locale: "en",
    });
    await answerSurvey(t.deps, { surveyId, score: 4, via: link });
    await expect(commentOnSurvey(t.deps, { surveyId, comment: " \n ", via: link })).rejects.toMatchObject({ code: "invalid" });
    await expect(commentOnSurvey(t.deps, { surveyId, comment: "x".repeat(2001), via: link })).rejects.toMatchObject({ code: "invalid" });
    expect(await commentOnSurvey(t.deps, { surveyId, comment: "  Quick\r\nand kind.\u0000 ", via: link })).toMatchObject({
      outcome: "recorded",
    });
    expect(await t.prisma.csatSurvey.findUniqueOrThrow({ where: { id: surveyId } })).toMatchObject({
      comment: "Quick\nand kind.",
      commentedAt: t.deps.now(),
    });
    expect(await timeline(t, id, "csat.commented")).toEqual([
      expect.objectContaining({ actorType: "contact", data: { surveyId, channel: "email", comment: "Quick\nand kind." } }),
    ]);
    expect(await commentOnSurvey(t.deps, { surveyId, comment: "Again", via: link })).toMatchObject({ outcome: "already_commented" });
    expect(await surveyForm(t.deps, surveyId)).toMatchObject({ score: 4, comment: "Quick\nand kind.", expired: false });
  });

  it("takes a comment until a day after a rating given late, then no more", async () => {
    t = await csatCore({ csat: { expiresDays: 14 } });
    const [a, b] = [await closedTicket(t), await closedTicket(t, { requester: { email: "dan@customer.test" } })];
    const [sa, sb] = [await sentSurvey(t, a), await sentSurvey(t, b)];
    t.advance(14 * day - 3_600_000);
    await answerSurvey(t.deps, { surveyId: sa, score: 3, via: link });
    await answerSurvey(t.deps, { surveyId: sb, score: 3, via: link });
    t.advance(12 * 3_600_000);
    expect(await commentOnSurvey(t.deps, { surveyId: sa, comment: "Late but fine", via: link })).toMatchObject({ outcome: "recorded" });
    t.advance(12 * 3_600_000);
    expect(await surveyForm(t.deps, sb)).toMatchObject({ score: 3, comment: null, expired: true });
    expect(await commentOnSurvey(t.deps, { surveyId: sb, comment: "Too late", via: link })).toMatchObject({ outcome: "expired" });
  });
});
