// What a workflow's actions do, inside the transaction that runs them, as the system: the same
// writes, timeline events and outbox rows the agents' use cases make (status rules through
// applyStatusChange, properties through the property rules, assignment through its rules), each
// event marked with the workflow (core/timeline.ts). Returns what was done, for the run's record.
import { canSeeTeam, loadAgent, type ActingParty } from "../access.js";
import { assignByRule } from "../assignment/assign-by-rule.js";
import { assignOnEntry } from "../assignment/default-assignment.js";
import type { CoreDeps } from "../deps.js";
import type { Tx } from "../db.js";
import { isHelpdeskError } from "../errors.js";
import { Formats, type LocalizedName } from "../i18n/format.js";
import { locales } from "../i18n/locale.js";
import { ticketNames } from "../i18n/names.js";
import { deskFormats } from "../i18n/reader.js";
import { msg, render } from "../i18n/translate.js";
import { parseJsonObject } from "../json.js";
import { enqueue, messagePosted, notifyAgents, ticketChanged, type OutboxItem } from "../outbox/enqueue.js";
import { sendSurvey } from "../csat/send-survey.js";
import { callWebhook } from "../webhooks/call-webhook.js";
import { change } from "../timeline.js";
import { recordEvent } from "../timeline.js";
import { applyStatusChange, assertKeepsStatusRequirements, propertyChanges } from "../tickets/apply-status-change.js";
import { insertMessage } from "../tickets/insert-ticket.js";
import { applyProperties, validateProperties } from "../tickets/properties.js";
import { readTicketView } from "../tickets/view.js";
import type { WorkflowTicket } from "./conditions.js";
import type { WorkflowAction } from "./workflow-config.js";

const system: ActingParty = { type: "system" };

/** One action's outcome: what it did ("done"), found nothing to do ("unchanged"), or why it could not ("failed"). */
export type ActionResult = { do: WorkflowAction["do"]; outcome: "done" | "unchanged" | "failed"; detail?: Record<string, unknown> };

export async function performAction(
  tx: Tx,
  deps: Pick<CoreDeps, "catalog" | "now">,
  a: WorkflowAction,
  ticketId: number,
  at: Date,
): Promise<ActionResult> {
  const t = await tx.selectFrom("Ticket").selectAll().where("id", "=", ticketId).executeTakeFirstOrThrow();
  const result = (outcome: ActionResult["outcome"], detail?: Record<string, unknown>): ActionResult => ({
    do: a.do,
    outcome,
    ...(detail ? { detail } : {}),
  });
  try {
    switch (a.do) {
      case "post_to_channel": {
        const text = await fill(tx, deps, a.text, t);
        const rows: OutboxItem[] = [];
        if (a.slack) rows.push({ target: "slack", topic: "chat.post", payload: { ticketId, channelId: a.slack, text } });
        if (a.discord) rows.push({ target: "discord", topic: "chat.post", payload: { ticketId, channelId: a.discord, text } });
        await enqueue(tx, at, ...rows);
        return result("done", { text });
      }
      case "notify": {
        const to = await visibleTo(tx, await recipients(tx, a.to, t), t);
        if (!to.length) return result("unchanged", { to: [] });
        // Each agent reads it in their language: the text goes in every language.
        const text = await fillEach(tx, deps, a.text, t);
        const rows: OutboxItem[] = [];
        if (a.via.includes("chat")) rows.push(...notifyAgents(ticketId, to, "workflow").map((r) => withText(r, text)));
        if (a.via.includes("email")) rows.push({ target: "email", topic: "workflow.email", payload: { ticketId, agentIds: to, text } });
        await enqueue(tx, at, ...rows);
        return result("done", { to, via: a.via });
      }
      case "set_priority":
        if (t.priority === a.priority) return result("unchanged");
        await tx.updateTable("Ticket").set({ priority: a.priority, updatedAt: at }).where("id", "=", ticketId).execute();
        await recordEvent(tx, at, ticketId, system, "ticket.properties_updated", { priority: change(t.priority, a.priority) });
        await enqueue(tx, at, ticketChanged(ticketId, "properties"));
        return result("done", { priority: a.priority });
      case "set_status": {
        if (t.statusId === a.status) return result("unchanged");
        const changed = await applyStatusChange(tx, deps, system, t, a.status, undefined, at);
        if (!changed) return result("unchanged");
        await tx
          .updateTable("Ticket")
          .set({ ...changed.data, updatedAt: at })
          .where("id", "=", ticketId)
          .execute();
        await enqueue(tx, at, ticketChanged(ticketId, "status"));
        return result("done", { status: a.status });
      }
      case "set_team":
        if (t.teamId === a.team) return result("unchanged");
        // Not away from what its status requires (an Escalated ticket keeps a team).
        assertKeepsStatusRequirements(deps.catalog, t, { teamId: a.team });
        await tx.updateTable("Ticket").set({ teamId: a.team, updatedAt: at }).where("id", "=", ticketId).execute();
        await recordEvent(tx, at, ticketId, system, "ticket.properties_updated", { team: change(t.teamId, a.team) });
        await enqueue(tx, at, ticketChanged(ticketId, "properties"));
        // Entering a team, it is given an owner by the team's rule, as when an agent moves it.
        await assignOnEntry(tx, deps, at, ticketId, { team: true });
        return result("done", { team: a.team });
      case "set_property": {
        if (a.property === "priority" || a.property === "team" || a.property === "subject")
          return result("failed", { reason: `use set_${a.property === "subject" ? "property" : a.property}` });
        const current = parseJsonObject(t.properties);
        const next = applyProperties(current, validateProperties(deps.catalog, { [a.property]: a.value }));
        const props = propertyChanges(current, next);
        if (!props) return result("unchanged");
        // Not clearing what its status requires (a Resolved ticket keeps its Resolution).
        assertKeepsStatusRequirements(deps.catalog, t, { properties: next });
        await tx
          .updateTable("Ticket")
          .set({ properties: JSON.stringify(next), updatedAt: at })
          .where("id", "=", ticketId)
          .execute();
        await recordEvent(tx, at, ticketId, system, "ticket.properties_updated", { properties: props });
        await enqueue(tx, at, ticketChanged(ticketId, "properties"));
        return result("done", { property: a.property, value: a.value });
      }
      case "assign": {
        // A rule gives tickets nobody holds: an agent's claim, or a closed ticket, stays as it is.
        if (t.ownerId !== null || !t.open) return result("unchanged", { rule: a.rule, reason: t.ownerId !== null ? "owned" : "closed" });
        const r = await assignByRule(tx, deps, a.rule, ticketId, at);
        return r.assigned ? result("done", { rule: a.rule, owner: r.owner.id }) : result("unchanged", { rule: a.rule, reason: r.reason });
      }
      case "add_follower": {
        // As following it themselves: only an agent who may see the ticket's team.
        if ((await visibleTo(tx, [a.agent], t)).length === 0) return result("failed", { reason: "cannot_see_ticket", agent: a.agent });
        const added = await tx
          .insertInto("Follower")
          .values({ agentId: a.agent, ticketId, createdAt: at })
          .onConflict((oc) => oc.columns(["agentId", "ticketId"]).doNothing())
          .returning("agentId")
          .executeTakeFirst();
        if (!added) return result("unchanged");
        await recordEvent(tx, at, ticketId, system, "ticket.followed", { agentId: a.agent });
        return result("done", { agent: a.agent });
      }
      case "add_note": {
        const text = await fill(tx, deps, a.text, t);
        const message = await insertMessage(tx, at, ticketId, { kind: "COMMENT", text, channel: "system" });
        await recordEvent(tx, at, ticketId, system, "message.commented", { messageId: message.id, mentioned: [] });
        await enqueue(tx, at, messagePosted(ticketId, message.id));
        return result("done", { messageId: message.id });
      }
      case "send_survey": {
        const r = await sendSurvey(tx, deps, ticketId);
        return r.sent ? result("done", { surveyId: r.surveyId, channel: r.channel }) : result("unchanged", { reason: r.reason });
      }
      case "call_webhook": {
        const call = await callWebhook(tx, deps, a, ticketId, at);
        return result(call.outcome, call.detail);
      }
    }
  } catch (e) {
    // A rule of the help desk refused it (a status's required property missing): the run says so,
    // and the change that set the workflow off still commits. Anything else is a real failure.
    if (isHelpdeskError(e)) return result("failed", { reason: e.messageIn(deskFormats(deps.catalog)) });
    throw e;
  }
}

/** The agents a notification goes to: the owner (none when unowned), the team's active members, the active admins, or a named agent. */
async function recipients(tx: Tx, to: Extract<WorkflowAction, { do: "notify" }>["to"], t: WorkflowTicket): Promise<string[]> {
  if (to === "owner") return t.ownerId ? [t.ownerId] : [];
  if (to === "admins") {
    const rows = await tx.selectFrom("Agent").select("id").where("role", "=", "admin").where("active", "=", true).orderBy("id").execute();
    return rows.map((r) => r.id);
  }
  if (to === "team") {
    if (t.teamId === null) return [];
    const rows = await tx
      .selectFrom("AgentTeam as m")
      .innerJoin("Agent as a", "a.id", "m.agentId")
      .select("a.id")
      .where("m.teamId", "=", t.teamId)
      .where("a.active", "=", true)
      .orderBy("a.id")
      .execute();
    return rows.map((r) => r.id);
  }
  return [to.agent];
}

/** Of `agentIds`, the active agents who may see the ticket (its team's, admins, anyone's for a ticket without a team). */
async function visibleTo(tx: Tx, agentIds: string[], t: WorkflowTicket): Promise<string[]> {
  const out: string[] = [];
  for (const id of agentIds) {
    const agent = await loadAgent(tx, id);
    if (agent && canSeeTeam(agent, t.teamId)) out.push(id);
  }
  return out;
}

const withText = (row: OutboxItem, text: LocalizedName): OutboxItem =>
  row.topic === "agents.notify" ? { ...row, payload: { ...row.payload, text } } : row;

/** The action's text filled in every language, for readers who each read theirs. */
async function fillEach(tx: Tx, deps: Pick<CoreDeps, "catalog">, text: string | LocalizedName, t: WorkflowTicket): Promise<LocalizedName> {
  const each: LocalizedName = {};
  for (const l of locales) each[l] = await fill(tx, deps, text, t, new Formats(l, deps.catalog.timeZone));
  return each;
}

/**
 * The action's text in the language of `f` (the help desk's unless said), its {fields} filled from the ticket: {number},
 * {subject}, {status}, {priority}, {team}, {owner}, {requester}, {pipeline}, {rating} (the
 * customer's satisfaction rating, 1 to 5, once given). An unknown name is
 * left as written.
 */
async function fill(
  tx: Tx,
  deps: Pick<CoreDeps, "catalog">,
  text: string | Partial<Record<string, string>>,
  t: WorkflowTicket,
  f: Formats = deskFormats(deps.catalog),
): Promise<string> {
  const view = await readTicketView(tx, deps.catalog, t.id);
  const names = ticketNames(deps.catalog, view, f);
  const fields: Record<string, string> = {
    number: view.number,
    subject: view.subject,
    status: names.status,
    priority: render(msg(`priority.${view.priority}`), f),
    team: names.team ?? "",
    owner: view.owner?.name ?? "",
    requester: view.contact?.name ?? view.contact?.email ?? "",
    pipeline: names.pipeline,
    rating: t.csatScore === null ? "" : String(t.csatScore),
  };
  return f.name(text).replace(/\{(\w+)\}/g, (whole, name: string) => fields[name] ?? whole);
}
