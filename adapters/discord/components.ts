// The card's buttons and selects, and the small private pickers they open (assign, move, delete).
// Each answers Discord first (a silent acknowledgement, a modal or a private message), then works;
// the card itself is edited by the outbox once the core has committed. After a choice on one of the
// card's selects, its controls are put back at once (a select keeps showing what was picked).
// @see https://discord.com/developers/docs/components/reference
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  Routes,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type MessageComponentInteraction,
} from "discord.js";
import { splitCandidates } from "./action-helpers.js";
import { cardComponents, moreItems, parseCardCustomId, type CardAction, type MoreItem } from "./card.js";
import { chosenAgent, deferQuietly, errorText, tell, type DiscordContext } from "./context.js";
import { fitSafe, limits, noMentions, oneLine, truncate } from "./escape.js";
import { commentModal, mergeModal, openStatusChange, replyModal, splitModal } from "./modals.js";
import {
  type Actor,
  assignTicket,
  claimTicket,
  deleteTicket,
  followTicket,
  getReplyForm,
  isHelpdeskError,
  moveTicket,
  releaseTicket,
  restoreTicket,
  showTicket,
  ticketCardView,
  unfollowTicket,
} from "../../core/index.js";

/** The private pickers a More choice opens: `pick:<kind>:<ticket id>`. */
export const pickKinds = ["assign", "move", "delete"] as const;
export type PickKind = (typeof pickKinds)[number];

/**
 * A picker control's custom id, well under Discord's 100 characters; like the card's, it carries
 * all the handler needs, so any replica can handle the click.
 * @see https://discord.com/developers/docs/components/reference#anatomy-of-a-component-custom-id
 */
export function pickCustomId(kind: PickKind, ticketId: number): string {
  return `pick:${kind}:${ticketId}`;
}

/** The picker and ticket a custom id names, or null when it is no picker of ours. */
export function parsePickCustomId(customId: string): { kind: PickKind; ticketId: number } | null {
  const m = /^pick:([a-z]+):(\d{1,15})$/.exec(customId);
  if (!m || !(pickKinds as readonly string[]).includes(m[1]!)) return null;
  return { kind: m[1] as PickKind, ticketId: Number(m[2]) };
}

export const staleText = "⌛ This control no longer works. Use the buttons on the ticket's card, or `/ticket`.";

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

/**
 * Handles a click or choice on a ticket's card, or on a picker it opened. Anything else (an old
 * message's controls) is told privately that it no longer works.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-message-component-data-structure
 */
export async function handleComponent(ctx: DiscordContext, i: MessageComponentInteraction, actor: Actor): Promise<void> {
  const card = parseCardCustomId(i.customId);
  if (card) return cardAction(ctx, i, actor, card.action, card.ticketId);
  const pick = parsePickCustomId(i.customId);
  if (pick) return picked(ctx, i, actor, pick.kind, pick.ticketId);
  await tell(i, staleText);
}

/** The chosen value of a one-choice string select, or null for any other component. */
const choice = (i: MessageComponentInteraction) => (i.isStringSelectMenu() ? (i.values[0] ?? null) : null);

async function cardAction(
  ctx: DiscordContext,
  i: MessageComponentInteraction,
  actor: Actor,
  action: CardAction,
  ticketId: number,
): Promise<void> {
  const { deps } = ctx;
  switch (action) {
    case "claim":
      return quietly(ctx, i, () => claimTicket(deps, { ticketId }, actor));
    case "release":
      return quietly(ctx, i, () => releaseTicket(deps, { ticketId }, actor));
    case "restore":
      return quietly(ctx, i, () => restoreTicket(deps, { ticketId }, actor));
    case "reply": {
      // The modal must be the first answer: one short read of what it starts from.
      const form = await getReplyForm(deps, { ticketId }, actor);
      const statuses = (deps.catalog.pipeline(form.pipelineId)?.statuses ?? []).map((s) => ({ id: s.id, name: s.name }));
      const { draft } = form;
      const fromDraft = draft ? { draft: draft.text, cc: draft.cc, bcc: draft.bcc, statusId: draft.statusId } : {};
      return i.showModal(replyModal(ticketId, { ...fromDraft, statuses, currentStatusId: form.statusId }));
    }
    case "comment":
      return i.showModal(commentModal(ticketId));
    case "status": {
      const statusId = choice(i);
      if (!statusId || !i.isStringSelectMenu()) return tell(i, staleText);
      return thenResetCard(ctx, i, ticketId, () => openStatusChange(ctx, i, actor, ticketId, statusId));
    }
    case "more": {
      const item = choice(i);
      if (!item || !(moreItems as readonly string[]).includes(item)) return tell(i, staleText);
      return thenResetCard(ctx, i, ticketId, () => more(ctx, i, actor, item as MoreItem, ticketId));
    }
  }
}

/**
 * Handles a choice on one of the card's selects, then puts the card's controls back as the
 * ticket is now. Discord keeps showing the option picked (and sends nothing when the same one is
 * picked again), so without this More → Assign, or a status whose modal was cancelled, could not
 * be picked a second time. A failure is told first (the answer is due within 3 s); the reset
 * comes after the first answer, and its own failure is only logged.
 * @see https://discord.com/developers/docs/resources/message#edit-message
 */
async function thenResetCard(
  ctx: DiscordContext,
  i: MessageComponentInteraction,
  ticketId: number,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (e) {
    try {
      await tell(i, errorText(ctx, e));
    } catch (e2) {
      ctx.log.warn("discord interaction could not be answered", { ticketId, err: e2 instanceof Error ? e2.message : String(e2) });
    }
  }
  try {
    const view = await ticketCardView(ctx.deps, ticketId);
    if (!view) return void ctx.log.warn("discord card controls not reset: the ticket is gone", { ticketId });
    await i.client.rest.patch(Routes.channelMessage(i.channelId, i.message.id), {
      body: { components: cardComponents(view, ctx.deps.catalog), allowed_mentions: noMentions },
    });
  } catch (e) {
    ctx.log.warn("discord card controls not reset", { ticketId, err: e instanceof Error ? e.message : String(e) });
  }
}

/** Acknowledges without a visible answer, then acts; the card shows the result, a failure is told privately. */
async function quietly(ctx: DiscordContext, i: MessageComponentInteraction, act: () => Promise<unknown>): Promise<void> {
  await deferQuietly(i);
  try {
    await act();
  } catch (e) {
    await tell(i, errorText(ctx, e));
  }
}

async function more(ctx: DiscordContext, i: MessageComponentInteraction, actor: Actor, item: MoreItem, ticketId: number): Promise<void> {
  switch (item) {
    case "assign":
      return tell(i, `Who should own #${ticketId}?`, {
        components: [
          row({
            type: ComponentType.UserSelect,
            custom_id: pickCustomId("assign", ticketId),
            placeholder: "Choose an agent",
            min_values: 1,
            max_values: 1,
          }),
        ],
      });
    case "split": {
      const messages = await splitCandidates(ctx, ticketId, actor);
      if (!messages.length) return tell(i, `⚠️ #${ticketId} has no messages to split off.`);
      return i.showModal(splitModal(ticketId, messages));
    }
    case "merge":
      return i.showModal(mergeModal(ticketId));
    case "move":
      return offerPipelines(ctx, i, actor, ticketId);
    case "follow": {
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      return tell(i, await toggleFollow(ctx, actor, ticketId));
    }
    case "delete":
      return tell(i, `Delete #${ticketId}? It leaves the queues; an admin can restore it from its card.`, {
        components: [
          row({
            type: ComponentType.Button,
            style: ButtonStyle.Danger,
            label: `Delete #${ticketId}`,
            custom_id: pickCustomId("delete", ticketId),
          }),
        ],
      });
  }
}

const row = (component: APIComponentInMessageActionRow): Row => ({ type: ComponentType.ActionRow, components: [component] });

/** One menu entry for both: follow, or unfollow when already following. */
async function toggleFollow(ctx: DiscordContext, actor: Actor, ticketId: number): Promise<string> {
  try {
    await followTicket(ctx.deps, { ticketId }, actor);
    return `🔔 You now follow #${ticketId}: you get a DM on its replies and notes.`;
  } catch (e) {
    if (!isHelpdeskError(e) || e.code !== "conflict") throw e;
    await unfollowTicket(ctx.deps, { ticketId }, actor);
    return `🔕 You no longer follow #${ticketId}.`;
  }
}

/** A private select of the pipelines the ticket can move to. */
async function offerPipelines(ctx: DiscordContext, i: MessageComponentInteraction, actor: Actor, ticketId: number): Promise<void> {
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  const { ticket } = await showTicket(ctx.deps, { ticketId }, actor);
  const others = ctx.deps.catalog.config.pipelines.filter((p) => p.id !== ticket.pipeline.id).slice(0, limits.selectOptions);
  if (!others.length) return tell(i, "ℹ️ There is no other pipeline to move it to.");
  return tell(i, `Move #${ticketId} from ${fitSafe(oneLine(ticket.pipeline.name), 100)} to…`, {
    components: [
      row({
        type: ComponentType.StringSelect,
        custom_id: pickCustomId("move", ticketId),
        placeholder: "Choose a pipeline",
        options: others.map((p) => ({ label: truncate(p.name, limits.selectOptionLabel), value: p.id })),
        min_values: 1,
        max_values: 1,
      }),
    ],
  });
}

/**
 * A choice on one of the private pickers. The picker message is the agent's own, so it is edited
 * to say what happened (and loses its control once done).
 */
async function picked(ctx: DiscordContext, i: MessageComponentInteraction, actor: Actor, kind: PickKind, ticketId: number): Promise<void> {
  await i.deferUpdate();
  const say = (content: string, done = true) =>
    i.editReply({ content: truncate(content, limits.messageContent), allowedMentions: noMentions, ...(done ? { components: [] } : {}) });
  try {
    switch (kind) {
      case "assign": {
        const user = i.isUserSelectMenu() ? i.users.first() : undefined;
        const ownerId = user && i.isUserSelectMenu() ? await chosenAgent(ctx, i.guildId, user, i.members.get(user.id)) : null;
        if (!ownerId) return void (await say("⚠️ That person is not a help desk agent; choose an agent.", false));
        const t = await assignTicket(ctx.deps, { ticketId, ownerId }, actor);
        return void (await say(`✅ #${ticketId} is now ${fitSafe(t.owner?.name ?? "assigned", 100)}'s.`));
      }
      case "move": {
        const pipelineId = choice(i);
        if (!pipelineId) return void (await say(staleText));
        const t = await moveTicket(ctx.deps, { ticketId, pipelineId }, actor);
        return void (await say(`➡️ #${ticketId} moved to ${fitSafe(oneLine(t.pipeline.name), 100)} (${fitSafe(t.status.name, 100)}).`));
      }
      case "delete":
        await deleteTicket(ctx.deps, { ticketId }, actor);
        return void (await say(`🗑️ #${ticketId} deleted. An admin can restore it from its card.`));
    }
  } catch (e) {
    await say(errorText(ctx, e), false);
  }
}
