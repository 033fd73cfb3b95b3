// What a ticket's SLA clocks should be, read from the ticket as it is now: its policy, whether its
// status pauses the clock, and for each metric when the clock started and whether its target was
// reached. clocks.ts moves the stored clocks to match.
import type { Selectable } from "kysely";
import type { DB, Tx } from "../db.js";
import type { CoreDeps } from "../deps.js";
import type { SlaMetric } from "../outbox/enqueue.js";
import type { SlaSetup } from "./policies.js";
import { targetOf, warnAtSec, type SlaPolicyDefinition } from "./sla-config.js";

export type Clock = Omit<Selectable<DB["SlaClock"]>, ClockScopeColumn>;

/** What a clock carries of its ticket for SLA met % (core/kpis), kept by core/sla/clocks.ts apart from the clock's own state. */
export type ClockScopeColumn = "teamId" | "ownerId" | "pipelineId" | "source" | "counted";
export type ClockScope = Pick<Selectable<DB["SlaClock"]>, ClockScopeColumn>;

/** What a clock should be, read from the ticket. */
export interface Wanted {
  policy: SlaPolicyDefinition;
  calendar: string | null;
  targetSec: number;
  warnSec: number;
  startedAt: Date;
  /** When its target was reached (a reply, the resolution), or null while it is not. */
  metAt: Date | null;
  paused: boolean;
}

export type TicketFacts = Pick<
  Selectable<DB["Ticket"]>,
  | "id"
  | "pipelineId"
  | "statusId"
  | "open"
  | "priority"
  | "teamId"
  | "ownerId"
  | "source"
  | "createdAt"
  | "firstResponseAt"
  | "resolvedAt"
  | "closedAt"
  | "deletedAt"
  | "mergedIntoId"
  | "quarantined"
  | "slaDueAt"
>;

export async function wantedClock(
  tx: Tx,
  deps: Pick<CoreDeps, "catalog" | "now">,
  setup: SlaSetup,
  t: TicketFacts,
  policy: SlaPolicyDefinition,
  metric: SlaMetric,
  clock: Clock | null,
): Promise<Wanted | null> {
  const targetSec = targetOf(policy, metric);
  if (targetSec === undefined) return null;
  const base = {
    policy,
    calendar: setup.calendarFor(policy, t.teamId),
    targetSec,
    warnSec: warnAtSec(policy, targetSec),
    paused: deps.catalog.status(t.pipelineId, t.statusId)?.pausesSla ?? false,
  };
  if (metric === "resolution") {
    return { ...base, startedAt: t.createdAt, metAt: t.open ? null : (t.resolvedAt ?? t.closedAt ?? deps.now()) };
  }
  if (metric === "first_response") {
    // Closed without an answer: there is nothing left to respond to.
    if (!t.open && !t.firstResponseAt) return null;
    return { ...base, startedAt: t.createdAt, metAt: t.firstResponseAt };
  }
  // Next response: the customer's first message since the agents last replied, once there was a
  // first response (before it, the first-response clock is the one running).
  if (!t.firstResponseAt || !t.open) return null;
  const lastReply = await tx
    .selectFrom("Message")
    .select((eb) => eb.fn.max("createdAt").as("at"))
    .where("ticketId", "=", t.id)
    .where("kind", "=", "REPLY")
    .executeTakeFirst();
  const repliedAt = lastReply?.at ? new Date(lastReply.at) : t.firstResponseAt;
  const since = repliedAt > t.firstResponseAt ? repliedAt : t.firstResponseAt;
  const waiting = await tx
    .selectFrom("Message")
    .select((eb) => eb.fn.min("createdAt").as("at"))
    .where("ticketId", "=", t.id)
    .where("kind", "=", "INBOUND")
    // An out-of-office reply or a bounce is nobody waiting for an answer.
    .where("auto", "=", false)
    .where("createdAt", ">", since)
    .executeTakeFirst();
  if (waiting?.at) return { ...base, startedAt: new Date(waiting.at), metAt: null };
  // Nothing waits: a clock still going was answered by the last reply.
  if (clock && (clock.state === "running" || clock.state === "paused")) return { ...base, startedAt: clock.startedAt, metAt: since };
  return null;
}
