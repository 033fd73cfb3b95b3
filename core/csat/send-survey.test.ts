// Sending the satisfaction survey: by email or in chat, in the requester's language, sampled by
// ticket, a cooldown per contact, nothing twice, and the reasons it is skipped.
import { afterEach, describe, expect, it } from "vitest";
import { createTicket } from "../tickets/create-ticket.js";
import { as, type TestCore } from "../../test/harness.js";
import { closedTicket, csatCore, day, outboxRows, survey, timeline } from "../../test/csat-kit.js";
import { inSample } from "./send-survey.js";

let t: TestCore;
afterEach(() => t?.close());

describe("sendSurvey", () => {
  it("emails the requester once: a survey row in their language, a csat.email row outside the ticket's chain, csat.sent on the timeline", async () => {
    t = await csatCore();
    const id = await closedTicket(t);
    const first = await survey(t, id);
    expect(first).toEqual({ sent: true, surveyId: expect.any(String), channel: "email" });
    const rows = await t.prisma.csatSurvey.findMany({ where: { ticketId: id } });
    expect(rows).toEqual([
      expect.objectContaining({
        channel: "email",
        locale: "en",
        sentAt: t.deps.now(),
        expiresAt: new Date(t.deps.now().getTime() + 14 * day),
        score: null,
        comment: null,
      }),
    ]);
    expect(await outboxRows(t, "csat.email")).toEqual([
      { target: "email", ticketId: null, payload: { surveyId: rows[0]!.id, ticketId: id } },
    ]);
    // The ticket says when (the KPIs count the surveys of a period off it).
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).csatSentAt).toEqual(t.deps.now());
    expect(await timeline(t, id, "csat.sent")).toEqual([
      { actorType: "system", actorId: null, data: { surveyId: rows[0]!.id, channel: "email" } },
    ]);
    // Nothing twice, even a day later (a replayed job, a second workflow).
    t.advance(day);
    expect(await survey(t, id)).toEqual({ sent: false, reason: "already_surveyed" });
    expect(await t.prisma.csatSurvey.count()).toBe(1);
    expect(await outboxRows(t, "csat.email")).toHaveLength(1);
  });

  it("writes to a Japanese requester in Japanese, as replies are written", async () => {
    t = await csatCore();
    const id = await closedTicket(t);
    const contactId = (await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).contactId!;
    await t.prisma.contact.update({ where: { id: contactId }, data: { locale: "ja" } });
    await survey(t, id);
    expect((await t.prisma.csatSurvey.findFirstOrThrow({ where: { ticketId: id } })).locale).toBe("ja");
    // Without a stored language, the first customer message decides.
    const other = await closedTicket(t, {
      requester: { email: "taro@customer.test" },
      text: "プリンターが動きません。至急対応をお願いします。",
    });
    await survey(t, other);
    expect((await t.prisma.csatSurvey.findFirstOrThrow({ where: { ticketId: other } })).locale).toBe("ja");
  });

  it("asks in chat a requester who came from chat and has an account there", async () => {
    t = await csatCore();
    const id = await closedTicket(t, { source: "slack", requester: { surface: "slack", userId: "U0CAROL", name: "Carol" } });
    const r = await survey(t, id);
    expect(r).toEqual({ sent: true, surveyId: expect.any(String), channel: "slack" });
    expect(await outboxRows(t, "csat.chat")).toEqual([
      {
        target: "slack",
        ticketId: null,
        payload: { surveyId: r.sent && r.surveyId, ticketId: id, subject: "Printer on fire", userId: "U0CAROL", locale: "en" },
      },
    ]);
    expect(await outboxRows(t, "csat.email")).toEqual([]);
  });

  it("says why it skips: no requester, no email address, email surveys off", async () => {
    t = await csatCore({ surveysByEmail: false });
    const bare = await createTicket(t.deps, { subject: "No one asked" }, as.bob);
    expect(await survey(t, bare.id)).toEqual({ sent: false, reason: "no_requester" });
    // A chat requester whose ticket an agent made by hand (not from chat): email only, and they have none.
    const manual = await closedTicket(t, { source: "manual", requester: { surface: "discord", userId: "200000000000000002" } });
    expect(await survey(t, manual)).toEqual({ sent: false, reason: "no_email" });
    expect(await survey(t, await closedTicket(t))).toEqual({ sent: false, reason: "email_surveys_off" });
    // Chat still works without email surveys.
    const chat = await closedTicket(t, { source: "discord", requester: { surface: "discord", userId: "200000000000000003" } });
    expect(await survey(t, chat)).toMatchObject({ sent: true, channel: "discord" });
    expect(await survey(t, 999_999)).toEqual({ sent: false, reason: "no_ticket" });
    expect(await t.prisma.csatSurvey.count()).toBe(1);
  });

  it("asks a contact at most once per cooldown", async () => {
    t = await csatCore({ csat: { cooldownDays: 30 } });
    await survey(t, await closedTicket(t));
    t.advance(29 * day);
    const second = await closedTicket(t);
    expect(await survey(t, second)).toEqual({ sent: false, reason: "cooldown" });
    // Another contact is asked meanwhile.
    expect(await survey(t, await closedTicket(t, { requester: { email: "dan@customer.test" } }))).toMatchObject({ sent: true });
    t.advance(1 * day + 1000);
    expect(await survey(t, second)).toMatchObject({ sent: true });
  });

  it("samples tickets by their id: the same ticket is always in or out, about the configured share", async () => {
    const ids = Array.from({ length: 2000 }, (_, i) => i + 1);
    const share = ids.filter((id) => inSample(id, 0.25)).length / ids.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.3);
    expect(ids.filter((id) => inSample(id, 0.25))).toEqual(ids.filter((id) => inSample(id, 0.25)));
    expect(ids.every((id) => inSample(id, 1))).toBe(true);
    expect(ids.some((id) => inSample(id, 0))).toBe(false);

    t = await csatCore({ csat: { sampling: 0.5, cooldownDays: 0 } });
    const made: number[] = [];
    for (let i = 0; i < 8; i++) made.push(await closedTicket(t, { requester: { email: `c${i}@customer.test` } }));
    const results = [];
    for (const id of made) results.push(await survey(t, id));
    expect(results).toEqual(
      made.map((id) => (inSample(id, 0.5) ? expect.objectContaining({ sent: true }) : { sent: false, reason: "not_sampled" })),
    );
    // A ticket left out stays out when asked again.
    const out = made.find((id) => !inSample(id, 0.5));
    if (out !== undefined) expect(await survey(t, out)).toEqual({ sent: false, reason: "not_sampled" });
  });

  it("refuses a survey configuration out of range, naming it", async () => {
    const { HelpdeskConfig } = await import("../config.js");
    const issues = (csat: unknown) => {
      const r = HelpdeskConfig.safeParse({ csat });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(issues({})).toEqual([]);
    expect(HelpdeskConfig.parse({}).csat).toEqual({ sampling: 1, cooldownDays: 30, expiresDays: 14 });
    expect(issues({ sampling: 1.5 })).toEqual(["csat.sampling: csat.sampling is at most 1 (all tickets)"]);
    expect(issues({ cooldownDays: -1 })).toEqual(["csat.cooldownDays: csat.cooldownDays is at least 0"]);
    expect(issues({ expiresDays: 0.5 })).toEqual(["csat.expiresDays: csat.expiresDays is a whole number of days"]);
    expect(issues({ sample: 1 })).toEqual([expect.stringContaining("sample")]);
  });
});
