// What each of the adapter's modals does when submitted. Each one defers privately first, reads
// and checks its fields (a bad value is told naming its field), runs the core use case, and tells
// the result. A refused reply is kept as the agent's draft, since Discord loses what a modal held.
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-modal-submit-data-structure
import type { ModalSubmitInteraction } from "discord.js";
import { checkEmail, deferPrivately, done, emailList, subjectOf, withAgentHandles } from "./action-helpers.js";
import { chosenAgent, errorText, parseTicketNumber, tell, type DiscordContext } from "./context.js";
import { limits, truncate } from "./escape.js";
import { fieldIds, requirementField } from "./modal-views.js";
import {
  type Actor,
  changeStatus,
  commentOnTicket,
  createTicket,
  invalid,
  isHelpdeskError,
  mergeTickets,
  priorities,
  type Priority,
  replyToTicket,
  saveDraft,
  splitTicket,
  validateProperties,
} from "../../core/index.js";

/** A text input's value ("" when absent: Discord sends empty optional inputs as ""). */
function textField(i: ModalSubmitInteraction, id: string): string {
  const f = i.fields.fields.get(id);
  return f && "value" in f && typeof f.value === "string" ? f.value : "";
}

/** A select's chosen values (string or user select), none when absent. */
function selectValues(i: ModalSubmitInteraction, id: string): readonly string[] {
  const f = i.fields.fields.get(id);
  return f && "values" in f && Array.isArray(f.values) ? f.values : [];
}

/** The ticket a modal was opened for; a custom id without one is our bug, not the agent's. */
function ticketPart(parts: string[]): number {
  const n = Number(parts[0]);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error("modal custom id without its ticket");
  return n;
}

export async function submitReply(ctx: DiscordContext, i: ModalSubmitInteraction, actor: Actor, parts: string[]): Promise<void> {
  await deferPrivately(i);
  const ticketId = ticketPart(parts);
  const text = textField(i, fieldIds.text);
  const cc = emailList(textField(i, fieldIds.cc));
  const bcc = emailList(textField(i, fieldIds.bcc));
  const statusId = selectValues(i, fieldIds.status)[0];
  if (!text.trim()) return void (await tell(i, "⚠️ Reply to the customer: write something to send."));
  try {
    const r = await replyToTicket(ctx.deps, { ticketId, text, cc, bcc, statusId }, actor);
    const status = r.ticket.status.id === statusId ? ` It is **${subjectOf(r.ticket.status.name)}** now.` : "";
    await tell(i, done(`Reply sent on ${r.ticket.number}.${status}`));
  } catch (e) {
    await tell(i, `${errorText(ctx, e)}\n${await keepReply(ctx, actor, { ticketId, text, cc, bcc })}`);
  }
}

/** Keeps a refused reply as the agent's draft (the reply modal opens with it), else quotes it back. */
export async function keepReply(
  ctx: DiscordContext,
  actor: Actor,
  reply: { ticketId: number; text: string; cc: string[]; bcc: string[] },
): Promise<string> {
  // Without the copies too: a bad address may be what was refused.
  for (const attempt of [reply, { ...reply, cc: [], bcc: [] }]) {
    try {
      await saveDraft(ctx.deps, attempt, actor);
      return `Your reply was not sent. It is kept as your draft: run \`/ticket reply\` on #${reply.ticketId} again to pick it up.`;
    } catch (e) {
      if (!isHelpdeskError(e))
        ctx.log.error("discord reply draft not kept", { ticket: reply.ticketId, err: e instanceof Error ? e.message : String(e) });
    }
  }
  const intro = "Your reply was not sent; here it is to copy:\n";
  return `${intro}\`\`\`\n${truncate(reply.text.replace(/```/g, "`\u200b``"), limits.messageContent - 400)}\n\`\`\``;
}

export async function submitComment(ctx: DiscordContext, i: ModalSubmitInteraction, actor: Actor, parts: string[]): Promise<void> {
  await deferPrivately(i);
  const ticketId = ticketPart(parts);
  const text = textField(i, fieldIds.text);
  if (!text.trim()) return void (await tell(i, "⚠️ Internal note: write something to save."));
  const r = await commentOnTicket(ctx.deps, { ticketId, text: await withAgentHandles(ctx, text) }, actor);
  await tell(
    i,
    done(`Note saved on ${r.ticket.number}.${r.mentioned.length ? ` Mentioned agents are notified (${r.mentioned.length}).` : ""}`),
  );
}

export async function submitSplit(ctx: DiscordContext, i: ModalSubmitInteraction, actor: Actor, parts: string[]): Promise<void> {
  await deferPrivately(i);
  const messageIds = [...selectValues(i, fieldIds.messages)];
  if (!messageIds.length) return void (await tell(i, "⚠️ Messages for the new ticket: choose at least one."));
  const subject = textField(i, fieldIds.subject).trim() || undefined;
  const r = await splitTicket(ctx.deps, { ticketId: ticketPart(parts), messageIds, subject }, actor);
  await tell(
    i,
    done(`${messageIds.length} message(s) of ${r.original.number} are now ${r.created.number}: ${subjectOf(r.created.subject)}.`),
  );
}

export async function submitMerge(ctx: DiscordContext, i: ModalSubmitInteraction, actor: Actor, parts: string[]): Promise<void> {
  await deferPrivately(i);
  const primaryId = ticketPart(parts);
  const typed = textField(i, fieldIds.secondary);
  const secondaryId = parseTicketNumber(typed);
  if (secondaryId === null)
    return void (await tell(i, `⚠️ Ticket to fold in: “${subjectOf(typed)}” is not a ticket number; write it like #123.`));
  const t = await mergeTickets(ctx.deps, { primaryId, secondaryId }, actor);
  await tell(i, done(`#${secondaryId} was merged into ${t.number}.`));
}

/**
 * Fills what the status requires and changes the status in one core action: owner, team,
 * requester and custom properties are set with the change, or, when it is refused, not at all.
 */
export async function submitStatus(ctx: DiscordContext, i: ModalSubmitInteraction, actor: Actor, parts: string[]): Promise<void> {
  await deferPrivately(i);
  const { deps } = ctx;
  const ticketId = ticketPart(parts);
  const statusId = parts[1] ?? "";
  // A text input stands in for a select whose options do not fit one: typed, so trimmed.
  const value = (name: string) => textField(i, requirementField(name)).trim() || selectValues(i, requirementField(name))[0] || "";
  const names = [...i.fields.fields.keys()]
    .filter((id) => id.startsWith(requirementField("")))
    .map((id) => id.slice(requirementField("").length));
  const builtIn = new Set(["owner", "team", "contact"]);
  // Checked before anything is written, so a bad value changes nothing.
  const properties = validateProperties(deps.catalog, Object.fromEntries(names.filter((n) => !builtIn.has(n)).map((n) => [n, value(n)])));
  let ownerId: string | undefined;
  if (names.includes("owner")) {
    // A member of the agent role counts, as when they act themselves.
    const id = requirementField("owner");
    const user = i.fields.getSelectedUsers(id)?.first();
    const chosen = user ? await chosenAgent(ctx, i.guildId, user, i.fields.getSelectedMembers(id)?.get(user.id)) : null;
    if (!chosen) throw invalid("Owner: choose someone who is a help desk agent.", { owner: "Not an agent." });
    ownerId = chosen;
  }
  const typedTeam = names.includes("team") ? value("team") : "";
  const team =
    deps.catalog.config.teams.find((t) => t.id === typedTeam) ??
    deps.catalog.config.teams.find((t) => t.name.toLowerCase() === typedTeam.toLowerCase());
  if (names.includes("team") && !team) throw invalid("Team: choose one of the teams.", { team: "Unknown team." });
  const teamId = team?.id ?? "";
  const email = names.includes("contact") ? checkEmail("Requester email", value("contact").trim()) : "";
  const t = await changeStatus(
    deps,
    { ticketId, statusId, properties, ownerId, teamId: teamId || undefined, requester: email ? { email } : undefined },
    actor,
  );
  await tell(i, done(`${t.number} is **${subjectOf(t.status.name)}** now.`));
}

export async function submitCreate(ctx: DiscordContext, i: ModalSubmitInteraction, actor: Actor, parts: string[]): Promise<void> {
  await deferPrivately(i);
  const { deps } = ctx;
  const subject = textField(i, fieldIds.subject).trim();
  if (!subject) return void (await tell(i, "⚠️ Subject: a ticket needs one."));
  const requester = textField(i, fieldIds.requester).trim();
  const email = requester ? checkEmail("Requester email", requester) : undefined;
  const priority = selectValues(i, fieldIds.priority)[0];
  if (priority !== undefined && !(priorities as readonly string[]).includes(priority))
    throw invalid(`Priority: choose one of ${priorities.join(", ")}.`);
  const pipelineId = selectValues(i, fieldIds.pipeline)[0];
  if (pipelineId !== undefined && !deps.catalog.pipeline(pipelineId)) throw invalid("Pipeline: choose one of the pipelines.");
  const text = textField(i, fieldIds.text).trim() || undefined;
  const t = await createTicket(
    deps,
    {
      subject,
      text,
      requester: email ? { email } : undefined,
      priority: priority as Priority | undefined,
      pipelineId,
      teamId: parts[0] || undefined,
    },
    actor,
  );
  await tell(i, done(`Created ${t.number}: ${subjectOf(t.subject)}. Its post appears in the forum in a moment.`));
}
