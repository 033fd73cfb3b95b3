// The card's buttons and selects, and the small private pickers they open (assign, move, delete),
// routed to the action that owns each (actions/). Each answers Discord first (a silent
// acknowledgement, a modal or a private message), then works; the card itself is edited by the
// outbox once the core has committed. After a choice on one of the card's selects, its controls
// are put back at once (a select keeps showing what was picked).
// @see https://discord.com/developers/docs/components/reference
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
import type { MessageComponentInteraction } from "discord.js";
import { handlersOf } from "./actions/index.js";
import { parseCardCustomId } from "./card.js";
import { choice, staleNotice, thenResetCard } from "./card-controls.js";
import { discordReader, errorText, speech, tell, type DiscordContext } from "./context.js";
import { parsePickCustomId } from "./custom-ids.js";
import { limits, noMentions, truncate } from "./escape.js";
import type { Actor } from "../../core/index.js";

const cardHandlers = handlersOf("card");
const moreHandlers = handlersOf("more");
const pickHandlers = handlersOf("pick");

/**
 * Handles a click or choice on a ticket's card, or on a picker it opened. Anything else (an old
 * message's controls) is told privately that it no longer works.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-message-component-data-structure
 */
export async function handleComponent(ctx: DiscordContext, i: MessageComponentInteraction, actor: Actor): Promise<void> {
  const card = parseCardCustomId(i.customId);
  if (card?.action === "more") {
    // The More select: the chosen entry's action answers, then the select is put back.
    const item = choice(i);
    const handler = item === null ? undefined : moreHandlers.get(item);
    if (!handler) return tell(i, staleNotice(speech(ctx, i).say));
    return thenResetCard(ctx, i, card.ticketId, () => handler(ctx, i, actor, card.ticketId));
  }
  const onCard = card && cardHandlers.get(card.action);
  if (card && onCard) return onCard(ctx, i, actor, card.ticketId);
  const pick = parsePickCustomId(i.customId);
  const onPick = pick && pickHandlers.get(pick.kind);
  if (pick && onPick) return picked(ctx, i, (say) => onPick(ctx, i, actor, pick.ticketId, say));
  await tell(i, staleNotice(speech(ctx, i).say));
}

/**
 * A choice on one of the private pickers. The picker message is the agent's own, so it is edited
 * to say what happened (and loses its control once done).
 */
async function picked(
  ctx: DiscordContext,
  i: MessageComponentInteraction,
  work: (say: (content: string, done?: boolean) => Promise<unknown>) => Promise<void>,
): Promise<void> {
  await i.deferUpdate();
  const say = (content: string, done = true) =>
    i.editReply({ content: truncate(content, limits.messageContent), allowedMentions: noMentions, ...(done ? { components: [] } : {}) });
  try {
    await work(say);
  } catch (e) {
    await say(errorText(ctx, e, discordReader(i)), false);
  }
}
