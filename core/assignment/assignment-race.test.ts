// Assignment with several replicas (PostgreSQL): tickets created at the same moment, each in its
// own transaction on its own connection, queue on the rule's cursor row, so round-robin gives
// them to different agents in turn and least-open sees each assignment before the next.
import { afterEach, describe, expect, it } from "vitest";
import { createTicket } from "../tickets/create-ticket.js";
import { ingestInbound } from "../tickets/ingest-inbound.js";
import { as, testConfigInput, testCore, testProvider, type TestCore } from "../../test/harness.js";

const config = (method: "round_robin" | "least_open") => ({
  ...testConfigInput,
  agents: [...testConfigInput.agents, { id: "eve", name: "Eve", email: "eve@helpdesk.test", teams: ["tier1"] }],
  assignmentRules: [{ id: "tier1", team: "tier1", method }],
});

let t: TestCore;
afterEach(() => t?.close());

/** How many of the tickets each agent owns. */
async function owned(ids: number[]): Promise<Record<string, number>> {
  const rows = await t.prisma.ticket.findMany({ where: { id: { in: ids } } });
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.ownerId ?? "nobody"] = (counts[r.ownerId ?? "nobody"] ?? 0) + 1;
  return counts;
}

describe.runIf(testProvider === "postgresql")("assignment under concurrency (PostgreSQL)", () => {
  it("gives two tickets created at once to two different agents under round-robin", async () => {
    t = await testCore(config("round_robin"));
    for (let round = 0; round < 5; round++) {
      const [a, b] = await Promise.all([1, 2].map((n) => createTicket(t.deps, { subject: `Race ${round}.${n}`, teamId: "tier1" }, as.ada)));
      expect(a!.owner).not.toBeNull();
      expect(b!.owner).not.toBeNull();
      expect(a!.owner!.id).not.toBe(b!.owner!.id);
    }
  });

  it("shares a burst of tickets from every source evenly, in turn", async () => {
    t = await testCore(config("round_robin"));
    const made = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        n % 2
          ? createTicket(t.deps, { subject: `Burst ${n}`, teamId: "tier1" }, as.ada).then((v) => v.id)
          : ingestInbound(t.deps, {
              channel: "email",
              from: { email: `c${n}@customer.test` },
              subject: `Burst ${n}`,
              text: "Help",
              externalId: `<burst-${n}@mail.test>`,
              route: { teamId: "tier1" },
            }).then((r) => r.ticket.id),
      ),
    );
    expect(await owned(made)).toEqual({ bob: 4, cy: 4, eve: 4 });
    // In turn: in the order they were assigned (event ids sort by creation), the owners cycle through the pool.
    const events = await t.prisma.timelineEvent.findMany({ where: { type: "ticket.assigned" }, orderBy: { id: "asc" } });
    const owners = events.map((e) => (JSON.parse(e.data) as { owner: { after: string } }).owner.after);
    expect(owners).toEqual(Array.from({ length: 12 }, (_, i) => ["bob", "cy", "eve"][i % 3]));
  });

  it("balances a burst under least-open", async () => {
    t = await testCore(config("least_open"));
    const made = await Promise.all(
      Array.from({ length: 9 }, (_, n) => createTicket(t.deps, { subject: `Least ${n}`, teamId: "tier1" }, as.ada).then((v) => v.id)),
    );
    expect(await owned(made)).toEqual({ bob: 3, cy: 3, eve: 3 });
  });
});
