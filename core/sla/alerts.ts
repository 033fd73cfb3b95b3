// What an SLA warning, breach or late answer tells, and whom: the timeline, the ticket's thread and
// card on every chat surface, the owner (else the team) by direct message, and by email when the
// policy asks. Written in the transaction of the clock change that fires it (clocks.ts).
import type { Tx } from "../db.js";
import { enqueueKnowing, notifyAgents, ticketChanged, type OutboxItem, type SlaAlertKind, type SlaMetric } from "../outbox/enqueue.js";
import { recordEvent } from "../timeline.js";
import type { SlaPolicyDefinition } from "./sla-config.js";

/** What an alert needs of its ticket. */
export interface AlertedTicket {
  id: number;
  ownerId: string | null;
  teamId: string | null;
  quarantined: boolean;
}

/**
 * A warning, breach or late answer: on the timeline, in the ticket's thread on every chat surface,
 * on its card, and (warning and breach) to the owner by direct message, or the team when unowned,
 * and by email too when the policy says so.
 */
export async function slaAlert(
  tx: Tx,
  now: Date,
  t: AlertedTicket,
  metric: SlaMetric,
  kind: SlaAlertKind,
  dueAt: Date,
  at: Date,
  policy: SlaPolicyDefinition,
): Promise<void> {
  if (kind !== "met_late") {
    await recordEvent(tx, now, t.id, { type: "system" }, kind === "warning" ? "sla.warning" : "sla.breached", {
      metric,
      dueAt: dueAt.toISOString(),
    });
  }
  const told = kind === "met_late" ? [] : await whoToTell(tx, t);
  // Whether the ticket is filed apart is known: it has no clocks if so.
  await enqueueKnowing(tx, now, new Map([[t.id, t.quarantined]]), [
    ticketChanged(t.id, `sla.${kind}`),
    { target: "chat", topic: "sla.alert", payload: { ticketId: t.id, metric, kind, dueAt: dueAt.toISOString(), at: at.toISOString() } },
    ...notifyAgents(t.id, told, kind === "warning" ? "sla_warning" : "sla_breach"),
    // One email row per agent: one address refused for good does not keep the others from theirs.
    ...(policy.emailAlerts && kind !== "met_late"
      ? told.map((agentId): OutboxItem => ({
          target: "email",
          topic: "sla.email",
          payload: { ticketId: t.id, agentIds: [agentId], metric, kind, dueAt: dueAt.toISOString() },
        }))
      : []),
  ]);
}

/** A team's members, read once per transaction (a batch of timers is often one team's). */
const teamsRead = new WeakMap<object, Map<string, string[]>>();

async function whoToTell(tx: Tx, t: AlertedTicket): Promise<string[]> {
  if (t.ownerId) return [t.ownerId];
  if (!t.teamId) return [];
  let read = teamsRead.get(tx);
  if (!read) teamsRead.set(tx, (read = new Map()));
  const known = read.get(t.teamId);
  if (known) return known;
  const members = await tx
    .selectFrom("AgentTeam as at")
    .innerJoin("Agent as a", "a.id", "at.agentId")
    .select("a.id")
    .where("at.teamId", "=", t.teamId)
    .where("a.active", "=", true)
    .execute();
  const ids = members.map((m) => m.id);
  read.set(t.teamId, ids);
  return ids;
}
