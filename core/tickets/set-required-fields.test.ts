import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { changeStatus } from "./change-status.js";
import { claimTicket } from "./claim-ticket.js";
import { createTicket } from "./create-ticket.js";
import { precheckRequiredFields } from "./set-required-fields.js";

const config = {
  ...testConfigInput,
  pipelines: [
    {
      id: "support",
      name: "Support",
      default: true,
      statuses: [
        { id: "new", name: "New", category: "OPEN" },
        { id: "handed_over", name: "Handed over", category: "OPEN", requiredProperties: ["owner", "team", "contact"] },
        { id: "closed", name: "Closed", category: "CLOSED" },
      ],
    },
  ],
};

let t: TestCore;
beforeAll(async () => {
  t = await testCore(config);
});
afterAll(() => t.close());

const row = (id: number) => t.prisma.ticket.findUniqueOrThrow({ where: { id } });

describe("changeStatus with the ticket's own required fields", () => {
  it("sets owner, team and requester with the status in one action, and keeps the old requester as cc", async () => {
    const { id } = await createTicket(t.deps, { subject: "x", requester: { email: "old@customer.test" } }, as.ada);
    const v = await changeStatus(
      t.deps,
      { ticketId: id, statusId: "handed_over", ownerId: "bob", teamId: "tier1", requester: { email: "New@Customer.test", name: "Nu" } },
      as.cy,
    );
    expect(v).toMatchObject({
      status: { id: "handed_over" },
      owner: { id: "bob" },
      team: { id: "tier1" },
      contact: { email: "new@customer.test" },
    });
    const links = await t.prisma.ticketContact.findMany({ where: { ticketId: id }, include: { contact: true }, orderBy: { role: "asc" } });
    expect(links.map((l) => [l.role, l.contact.email])).toEqual([
      ["cc", "old@customer.test"],
      ["requester", "new@customer.test"],
    ]);
    const notify = await t.prisma.outbox.findMany({ where: { ticketId: id, topic: "agents.notify" } });
    expect(notify.map((n) => JSON.parse(n.payload))).toEqual([{ ticketId: id, agentIds: ["bob"], reason: "assigned" }]);
  });

  it("writes nothing when any part is refused", async () => {
    const { id } = await createTicket(t.deps, { subject: "y" }, as.ada);
    const before = await t.prisma.timelineEvent.count({ where: { ticketId: id } });
    // Cy may not choose the VIP team; Dee cannot own a Tier 1 ticket; the status still lacks a requester.
    await expect(
      changeStatus(
        t.deps,
        { ticketId: id, statusId: "handed_over", ownerId: "cy", teamId: "vip", requester: { email: "a@b.test" } },
        as.cy,
      ),
    ).rejects.toMatchObject({ code: "invalid", fields: { team: "Not your team." } });
    await expect(
      changeStatus(
        t.deps,
        { ticketId: id, statusId: "handed_over", ownerId: "dee", teamId: "tier1", requester: { email: "a@b.test" } },
        as.cy,
      ),
    ).rejects.toMatchObject({ code: "invalid", fields: { owner: "Not in the ticket's team." } });
    await expect(
      changeStatus(t.deps, { ticketId: id, statusId: "handed_over", ownerId: "bob", teamId: "tier1" }, as.cy),
    ).rejects.toMatchObject({ code: "invalid", fields: { contact: expect.any(String) } });
    expect(await row(id)).toMatchObject({ statusId: "new", ownerId: null, teamId: null, contactId: null });
    expect(await t.prisma.timelineEvent.count({ where: { ticketId: id } })).toBe(before);
  });

  it("does not move a ticket into a team its owner cannot see", async () => {
    const { id } = await createTicket(t.deps, { subject: "z", requester: { email: "z@customer.test" } }, as.ada);
    await claimTicket(t.deps, { ticketId: id }, as.bob);
    await expect(changeStatus(t.deps, { ticketId: id, statusId: "handed_over", teamId: "vip" }, as.ada)).rejects.toMatchObject({
      code: "invalid",
      fields: { team: "Bob is not in this team." },
    });
    await changeStatus(t.deps, { ticketId: id, statusId: "handed_over", teamId: "vip", ownerId: "dee" }, as.ada);
    expect(await row(id)).toMatchObject({ statusId: "handed_over", ownerId: "dee", teamId: "vip" });
  });
});

describe("precheckRequiredFields (the configuration's half, before any database work)", () => {
  const catalog = () => t.deps.catalog;
  const slackBob = { surface: "slack" as const, userId: "U0BOB" };
  const discordBob = { surface: "discord" as const, userId: "100000000000000001" };

  it("refuses an unknown team, a team the submitter is not in (by either surface's account), and an owner outside the team", () => {
    expect(() => precheckRequiredFields(catalog(), slackBob, { teamId: "nope" }, null)).toThrow('There is no team "nope".');
    for (const bob of [slackBob, discordBob]) {
      expect(() => precheckRequiredFields(catalog(), bob, { teamId: "vip" }, null)).toThrow(
        expect.objectContaining({ code: "invalid", fields: { team: "Not your team." } }),
      );
    }
    expect(() => precheckRequiredFields(catalog(), slackBob, { ownerId: "dee" }, "tier1")).toThrow(
      expect.objectContaining({ fields: { owner: "Dee is not in Tier 1." } }),
    );
    expect(() => precheckRequiredFields(catalog(), slackBob, { teamId: "tier1", ownerId: "dee" }, null)).toThrow(
      expect.objectContaining({ fields: { owner: "Dee is not in Tier 1." } }),
    );
  });

  it("passes what the configuration allows, and leaves agents it does not list to the core", () => {
    expect(() => precheckRequiredFields(catalog(), slackBob, { teamId: "tier1", ownerId: "cy" }, null)).not.toThrow();
    expect(() => precheckRequiredFields(catalog(), { surface: "slack", userId: "U0UNLISTED" }, { teamId: "vip" }, null)).not.toThrow();
    expect(() => precheckRequiredFields(catalog(), slackBob, { ownerId: "slack-u0zed" }, "tier1")).not.toThrow();
  });
});
