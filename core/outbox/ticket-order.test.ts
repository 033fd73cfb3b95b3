import { describe, expect, it } from "vitest";
import { ticketChains, type OrderedRow } from "./ticket-order.js";

const at = new Date("2026-01-05T09:00:00.000Z");
const row = (id: string, ticketId: number | null, target = "slack", parentId: string | null = null, createdAt = at): OrderedRow => ({
  id,
  ticketId,
  target,
  createdAt,
  parentId,
});

describe("ticketChains", () => {
  it("orders rows written in one instant by the row they were fanned out from", () => {
    // Parents p1 (card) then p2 (mirror) in one transaction; a replica fanned p2 out first.
    const mirror = row("c1", 7, "slack", "p2");
    const card = row("c2", 7, "slack", "p1");
    const reply = row("p3", 7, "slack");
    expect(ticketChains([mirror, card, reply], [mirror, card, reply])).toEqual([[card, mirror, reply]]);
  });

  it("starts a ticket's chain at its earliest pending row, and stops before one that is not due", () => {
    const held = row("a1", 1, "email", null, new Date(at.getTime() - 1000));
    const waiting = [row("a2", 1, "email"), row("a3", 1, "email")];
    const b = [
      row("b1", 2, "email"),
      row("b2", 2, "email", null, new Date(at.getTime() + 1)),
      row("b3", 2, "email", null, new Date(at.getTime() + 2)),
    ];
    const otherTarget = row("a4", 1, "slack");
    const loose = row("z1", null, "email", null, new Date(at.getTime() - 5000));
    const due = [...waiting, b[0]!, b[2]!, otherTarget, loose];
    expect(ticketChains(due, [held, ...waiting, ...b, otherTarget, loose])).toEqual([[loose], [otherTarget], [b[0]]]);
  });
});
