// Routes each interaction the gateway delivers to its handler, after one check that the user is
// a help desk agent (a customer's survey and support panel interactions are told apart otherwise).
// Every handler answers (or defers) before its slow work, within Discord's 3 s.
// @see https://discord.com/developers/docs/interactions/receiving-and-responding
import type {
  AutocompleteInteraction,
  BaseInteraction,
  ChatInputCommandInteraction,
  Interaction,
  MessageComponentInteraction,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
} from "discord.js";
import { handleAutocomplete } from "./autocomplete.js";
import { handleChatInput } from "./commands.js";
import { handleComponent } from "./components.js";
import { handleSurveyInteraction, isSurveyInteraction } from "./csat-survey.js";
import {
  actorFor,
  discordReader,
  errorText,
  memberRoleIds,
  refusalText,
  speech,
  tell,
  type DiscordContext,
  type DiscordUser,
} from "./context.js";
import { handleMessageCommand } from "./message-commands.js";
import { handleModalSubmit } from "./modals.js";
import { handlePanelInteraction, isPanelInteraction } from "./panel-ticket.js";
import { type Actor, msg } from "../../core/index.js";

/** One handler per kind of interaction; each is given the agent who acts. */
export interface InteractionHandlers {
  chatInput(ctx: DiscordContext, i: ChatInputCommandInteraction, actor: Actor): Promise<void>;
  autocomplete(ctx: DiscordContext, i: AutocompleteInteraction, actor: Actor): Promise<void>;
  component(ctx: DiscordContext, i: MessageComponentInteraction, actor: Actor): Promise<void>;
  modalSubmit(ctx: DiscordContext, i: ModalSubmitInteraction, actor: Actor): Promise<void>;
  messageCommand(ctx: DiscordContext, i: MessageContextMenuCommandInteraction, actor: Actor): Promise<void>;
}

export const interactionHandlers: InteractionHandlers = {
  chatInput: handleChatInput,
  autocomplete: handleAutocomplete,
  component: handleComponent,
  modalSubmit: handleModalSubmit,
  messageCommand: handleMessageCommand,
};

/** The acting user as the help desk sees them. */
export function userOf(i: BaseInteraction): DiscordUser {
  const member = i.member;
  const nick = member && "nick" in member ? member.nick : null;
  return {
    id: i.user.id,
    displayName: nick ?? i.user.globalName ?? i.user.username,
    bot: i.user.bot,
    guildId: i.guildId,
    roles: memberRoleIds(member),
  };
}

/** Handles one interaction; never throws (what fails is told to the agent and logged). */
export async function handleInteraction(
  ctx: DiscordContext,
  i: Interaction,
  handlers: InteractionHandlers = interactionHandlers,
): Promise<void> {
  try {
    // A satisfaction survey's buttons and modal are the customer's, not an agent's: answered before the agent check.
    if (isSurveyInteraction(i)) return await handleSurveyInteraction(ctx, i);
    // The support panel's button, form and Close button are a customer's, never refused: whether the
    // user is an agent is asked only after they are acknowledged (it may take a database write).
    if (isPanelInteraction(i)) return await handlePanelInteraction(ctx, i, () => actorFor(ctx, userOf(i)));
    const actor = await actorFor(ctx, userOf(i));
    if (i.isAutocomplete()) {
      // Suggestions are no action: a non-agent simply gets none.
      if (!actor) return void (await i.respond([]));
      return await handlers.autocomplete(ctx, i, actor);
    }
    if (!actor) return void (i.isRepliable() ? await tell(i, refusalText(ctx, discordReader(i))) : undefined);
    if (i.isChatInputCommand()) await handlers.chatInput(ctx, i, actor);
    else if (i.isMessageContextMenuCommand()) await handlers.messageCommand(ctx, i, actor);
    else if (i.isMessageComponent()) await handlers.component(ctx, i, actor);
    else if (i.isModalSubmit()) await handlers.modalSubmit(ctx, i, actor);
    else if (i.isRepliable()) await tell(i, `⚠️ ${speech(ctx, i).say(msg("chat.notHandled"))}`);
  } catch (e) {
    await answerFailure(ctx, i, e);
  }
}

async function answerFailure(ctx: DiscordContext, i: Interaction, e: unknown): Promise<void> {
  try {
    if (i.isAutocomplete()) {
      if (!i.responded) await i.respond([]);
      ctx.log.warn("discord autocomplete failed", { err: e instanceof Error ? e.message : String(e) });
    } else if (i.isRepliable()) {
      await tell(i, errorText(ctx, e, discordReader(i)));
    }
  } catch (e2) {
    // The interaction expired or Discord is away: nothing more can be said to the agent.
    ctx.log.warn("discord interaction could not be answered", {
      err: e2 instanceof Error ? e2.message : String(e2),
      first: e instanceof Error ? e.message : String(e),
    });
  }
}
