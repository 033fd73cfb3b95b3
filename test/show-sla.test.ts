// `/ticket show` carries the ticket's SLA line as its card does, on Slack and Discord, read from
// the clocks the last change settled.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Formats } from "../core/i18n/format.js";
import { speechIn } from "../core/i18n/translate.js";
import { createTicket } from "../core/tickets/create-ticket.js";
import { showTicket } from "../core/tickets/show-ticket.js";
import { as, testCore, type TestCore } from "./harness.js";
import { slaConfigInput } from "./sla-config.js";
import { ticketDetail as slackDetail } from "../adapters/slack/render.js";
import { ticketDetail as discordDetail } from "../adapters/discord/render.js";

let t: TestCore;
beforeEach(async () => {
  // Monday 2026-01-05 09:00 UTC; first response due 14:00.
  t = await testCore(slaConfigInput);
});
afterEach(() => t.close());

describe("/ticket show and the SLA", () => {
  it("shows the most urgent target in the detail on both surfaces", async () => {
    const { id } = await createTicket(t.deps, { subject: "printer", teamId: "tier1", requester: { email: "carol@customer.test" } }, as.bob);
    const detail = await showTicket(t.deps, { ticketId: id }, as.bob);
    expect(detail.ticket.sla).toMatchObject({ metric: "first_response", dueAt: new Date("2026-01-05T14:00:00Z"), paused: false });
    const en = speechIn(new Formats("en"));
    const unix = Date.parse("2026-01-05T14:00:00Z") / 1000;
    expect(JSON.stringify(slackDetail(detail, en, t.deps.catalog))).toContain(`First response due <!date^${unix}^`);
    expect(discordDetail(detail, en, t.deps.catalog).embeds[0]!.description).toContain(`First response due <t:${unix}:`);
  });
});
