// Modals: opening the status modal when a status needs more, and what happens when an agent
// submits any of the adapter's modals. Every submission is deferred (privately) before its core
// work, so the 3-second answer never waits on the database; the result is told after.
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
import type { MessageComponentInteraction, ModalSubmitInteraction, RepliableInteraction } from "discord.js";
import type { Catalog, StatusDefinition } from "../../core/config.js";
import type { Actor } from "../../core/deps.js";
import { changeStatus } from "../../core/tickets/change-status.js";
import { missingRequirements } from "../../core/tickets/status-rules.js";
import { parseJsonObject } from "../../core/json.js";
import { tell, type DiscordContext } from "./context.js";
import { parseModalId, type ModalKind } from "./custom-ids.js";
import { deferPrivately, done, subjectOf } from "./action-helpers.js";
import { submitCreateFromMessage, submitSendAsReply } from "./message-commands.js";
import { submitComment, submitCreate, submitMerge, submitReply, submitSplit, submitStatus } from "./modal-submissions.js";
import { statusModal, type StatusRequirement } from "./modal-views.js";

export {
  commentModal,
  createModal,
  fieldIds,
  mergeModal,
  modalLimits,
  replyModal,
  requirementField,
  splitModal,
  statusModal,
  type CreatePrefill,
  type ReplyModalOptions,
  type StatusRequirement,
} from "./modal-views.js";

/** An interaction that can still answer with a modal (a modal submission cannot open another). */
export type ModalOpener = Exclude<RepliableInteraction, ModalSubmitInteraction> | MessageComponentInteraction;

/** What a status still needs on a ticket, with what the status modal needs to ask for it. */
export function statusRequirements(
  catalog: Catalog,
  status: StatusDefinition,
  ticket: { ownerId: string | null; teamId: string | null; contactId: string | null; properties: string },
): StatusRequirement[] {
  const missing = missingRequirements(catalog, status, { ...ticket, properties: parseJsonObject(ticket.properties) });
  return missing.flatMap((name): StatusRequirement[] => {
    if (name === "owner") return [{ name, label: "Owner" }];
    if (name === "contact") return [{ name, label: "Requester email" }];
    if (name === "team") return [{ name, label: "Team", teams: catalog.config.teams.map((t) => ({ id: t.id, name: t.name })) }];
    const property = catalog.property(name);
    return property ? [{ name, label: property.label, property }] : [];
  });
}

/**
 * Moves a ticket to a status of its pipeline (given by id, or by name as typed): right away when
 * nothing more is needed (deferring first), or by opening the status modal as the first answer
 * when the status requires fields the ticket lacks. A ticket the agent may not see, or any other
 * refusal, is left to the core, so its message is the one the agent reads.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
 */
export async function openStatusChange(ctx: DiscordContext, i: ModalOpener, actor: Actor, ticketId: number, statusId: string): Promise<void> {
  const { deps } = ctx;
  // The one read before the modal (which must be the first answer): the ticket and who asks.
  const [row, agent] = await Promise.all([
    deps.db.ticket.findUnique({
      where: { id: ticketId },
      select: { pipelineId: true, statusId: true, ownerId: true, teamId: true, contactId: true, properties: true, deletedAt: true, mergedIntoId: true },
    }),
    actor.type === "agent" ? deps.db.agent.findUnique({ where: { id: actor.agentId }, select: { role: true, teams: { select: { teamId: true } } } }) : null,
  ]);
  const visible = !!row && !!agent && (row.teamId === null || agent.role === "admin" || agent.teams.some((t) => t.teamId === row.teamId));
  const pipeline = row ? deps.catalog.pipeline(row.pipelineId) : undefined;
  const wanted = statusId.trim().toLowerCase();
  const status = pipeline?.statuses.find((s) => s.id === statusId) ?? pipeline?.statuses.find((s) => s.name.toLowerCase() === wanted);
  const askable = visible && row && status && status.id !== row.statusId && !row.deletedAt && row.mergedIntoId === null;
  const missing = askable ? statusRequirements(deps.catalog, status, row) : [];
  if (status && missing.length) return void (await i.showModal(statusModal(ticketId, status.id, missing, status.name)));
  await deferPrivately(i);
  const t = await changeStatus(deps, { ticketId, statusId: status?.id ?? statusId }, actor);
  await tell(i, done(`${t.number} is **${subjectOf(t.status.name)}** now.`));
}

type Submit = (ctx: DiscordContext, i: ModalSubmitInteraction, actor: Actor, parts: string[]) => Promise<void>;

/** Every modal kind's submission (a new kind without one is a compile error). */
const submitters: Record<ModalKind, Submit> = {
  reply: submitReply,
  comment: submitComment,
  split: submitSplit,
  merge: submitMerge,
  status: submitStatus,
  new: submitCreate,
  // Wrapped: message-commands.ts imports this module's builders, and a cycle must not read its
  // bindings before they exist.
  from_message: (ctx, i, actor, parts) => submitCreateFromMessage(ctx, i, actor, parts),
  send_reply: (ctx, i, actor, parts) => submitSendAsReply(ctx, i, actor, parts),
};

/**
 * Routes a modal submission on its custom id (`modal:<kind>:<parts>`).
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-modal-submit-data-structure
 */
export async function handleModalSubmit(ctx: DiscordContext, i: ModalSubmitInteraction, actor: Actor): Promise<void> {
  const parsed = parseModalId(i.customId);
  if (!parsed) return void (await tell(i, "⚠️ This form is out of date; please open it again."));
  await submitters[parsed.kind](ctx, i, actor, parsed.parts);
}

