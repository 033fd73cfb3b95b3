// Modals: opening the status modal when a status needs more, and what happens when an agent
// submits any of the adapter's modals. Every submission is deferred (privately) before its core
// work, so the 3-second answer never waits on the database; the result is told after.
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
import type { MessageComponentInteraction, ModalSubmitInteraction, RepliableInteraction } from "discord.js";
import { tell, type DiscordContext } from "./context.js";
import { fitSafe, oneLine } from "./escape.js";
import { parseModalId, type ModalKind } from "./custom-ids.js";
import { deferPrivately, done, subjectOf } from "./action-helpers.js";
import { submitCreateFromMessage, submitSendAsReply } from "./message-commands.js";
import { submitComment, submitCreate, submitMerge, submitReply, submitSplit, submitStatus } from "./modal-submissions.js";
import { modalLimits, statusModal, type StatusRequirement } from "./modal-views.js";
import {
  type Actor,
  type Catalog,
  changeStatus,
  missingRequirements,
  parseJsonObject,
  type StatusDefinition,
  ticketBrief,
} from "../../core/index.js";

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
 * refusal, is left to the core, so its message is the one the agent reads. Values typed with the
 * command (`properties`) go straight to the core, which names anything still missing; a status
 * missing more than a modal holds is explained instead of asked for in part.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
 */
export async function openStatusChange(
  ctx: DiscordContext,
  i: ModalOpener,
  actor: Actor,
  ticketId: number,
  statusId: string,
  properties?: Record<string, string>,
): Promise<void> {
  const { deps } = ctx;
  if (properties) {
    // Values typed with the command: the core checks them and names anything still missing.
    await deferPrivately(i);
    const t = await changeStatus(deps, { ticketId, statusId: await statusIdOf(ctx, ticketId, actor, statusId), properties }, actor);
    return void (await tell(i, done(`${t.number} is **${subjectOf(t.status.name)}** now.`)));
  }
  // The one read before the modal (which must be the first answer): the ticket, if the agent may see it.
  const row = await ticketBrief(deps, ticketId, actor);
  const pipeline = row ? deps.catalog.pipeline(row.pipelineId) : undefined;
  const wanted = statusId.trim().toLowerCase();
  const status = pipeline?.statuses.find((s) => s.id === statusId) ?? pipeline?.statuses.find((s) => s.name.toLowerCase() === wanted);
  const askable = row && status && status.id !== row.statusId && !row.deletedAt && row.mergedIntoId === null;
  const missing = askable ? statusRequirements(deps.catalog, status, row) : [];
  if (status && missing.length > modalLimits.components) return void (await tell(i, tooManyRequirements(ticketId, status.name, missing)));
  if (status && missing.length) return void (await i.showModal(statusModal(ticketId, status.id, missing, status.name)));
  await deferPrivately(i);
  const t = await changeStatus(deps, { ticketId, statusId: status?.id ?? statusId }, actor);
  await tell(i, done(`${t.number} is **${subjectOf(t.status.name)}** now.`));
}

/** A status typed by name (as in the command) becomes its id in the ticket's pipeline; anything else is left to the core. */
async function statusIdOf(ctx: DiscordContext, ticketId: number, actor: Actor, typed: string): Promise<string> {
  const row = await ticketBrief(ctx.deps, ticketId, actor);
  const statuses = (row && ctx.deps.catalog.pipeline(row.pipelineId)?.statuses) || [];
  const wanted = typed.trim().toLowerCase();
  return (statuses.find((s) => s.id === typed) ?? statuses.find((s) => s.name.toLowerCase() === wanted))?.id ?? typed;
}

/**
 * When a status needs more fields than one modal can ask (five), none is asked: a form that
 * could not be completed would only be refused on submit, losing what was typed. The agent is
 * told every field, and how to set the custom ones first by their keys.
 */
export function tooManyRequirements(ticketId: number, statusName: string, missing: readonly StatusRequirement[]): string {
  // Labels come from the config: escaped. Keys are shown as code, so agents can type them.
  const key = (name: string) => `\`${name.replace(/`/g, "'")}\``;
  const named = missing.map((r) => `${fitSafe(oneLine(r.label), 100)}${"property" in r ? ` (${key(r.name)})` : ""}`);
  const pairs = missing.filter((r) => "property" in r).map((r) => `${r.name.replace(/`/g, "'")}=…`);
  const status = subjectOf(statusName);
  return [
    `⚠️ To set **${status}**, #${ticketId} still needs ${missing.length} fields, more than one form can ask for (${modalLimits.components}): ${named.join(", ")}.`,
    pairs.length
      ? `Set the custom ones first with \`/ticket set properties: ${pairs.join(" ")}\` (or give them with \`/ticket status\` in its \`properties\` option), then choose **${status}** again.`
      : `Set some of them first (\`/ticket assign\`, \`/ticket set\`), then choose **${status}** again.`,
  ].join("\n");
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
