// Modal submissions, routed on the modal's kind to the action that opened it (actions/). Every
// submission is deferred (privately) before its core work, so the 3-second answer never waits on
// the database; the result is told after.
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
import type { ModalSubmitInteraction } from "discord.js";
import { handlersOf } from "./actions/index.js";
import { speech, tell, type DiscordContext } from "./context.js";
import { parseModalId } from "./custom-ids.js";
import { type Actor, msg } from "../../core/index.js";

const submitters = handlersOf("submit");

/**
 * Routes a modal submission on its custom id (`modal:<kind>:<parts>`).
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-modal-submit-data-structure
 */
export async function handleModalSubmit(ctx: DiscordContext, i: ModalSubmitInteraction, actor: Actor): Promise<void> {
  const parsed = parseModalId(i.customId);
  const submit = parsed && submitters.get(parsed.kind);
  if (!parsed || !submit) return void (await tell(i, `⚠️ ${speech(ctx, i).say(msg("chat.formOutOfDate"))}`));
  await submit(ctx, i, actor, parsed.parts);
}
