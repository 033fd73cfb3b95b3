// What the card's controls and the pickers they open share: answering a click quietly, putting a
// select back after a choice, reading a choice, and the one-control rows of the private pickers.
// @see https://discord.com/developers/docs/components/reference
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
import {
  ComponentType,
  Routes,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type MessageComponentInteraction,
} from "discord.js";
import { cardComponents } from "./card.js";
import { deferQuietly, discordReader, errorText, tell, type DiscordContext } from "./context.js";
import { noMentions } from "./escape.js";
import { msg, type Msg, ticketCardView } from "../../core/index.js";

/** What a control that no longer works (an old message's, a picker's after a restart) says. */
export const staleNotice = (say: (m: Msg) => string): string => `⌛ ${say(msg("chat.staleControl"))}`;

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

/** An action row holding one component (a picker's select or button). */
export const row = (component: APIComponentInMessageActionRow): Row => ({ type: ComponentType.ActionRow, components: [component] });

/** The chosen value of a one-choice string select, or null for any other component. */
export const choice = (i: MessageComponentInteraction): string | null => (i.isStringSelectMenu() ? (i.values[0] ?? null) : null);

/** Acknowledges without a visible answer, then acts; the card shows the result, a failure is told privately. */
export async function quietly(ctx: DiscordContext, i: MessageComponentInteraction, act: () => Promise<unknown>): Promise<void> {
  await deferQuietly(i);
  try {
    await act();
  } catch (e) {
    await tell(i, errorText(ctx, e, discordReader(i)));
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
export async function thenResetCard(
  ctx: DiscordContext,
  i: MessageComponentInteraction,
  ticketId: number,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (e) {
    try {
      await tell(i, errorText(ctx, e, discordReader(i)));
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
