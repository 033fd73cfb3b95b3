// `/ticket <subcommand>`: every catalogue action as text (each one's subcommand is in actions/).
// Acks at once (empty), then answers ephemerally through the response_url, or opens a modal.
// @see https://api.slack.com/interactivity/slash-commands
import type { App } from "@slack/bolt";
import { slackActions } from "./actions/index.js";
import type { OpenModal, Subcommand } from "./actions/types.js";
import { connectHelp } from "./connect-command.js";
import { actorFor, errorText, refusalText, slackReader, type SlackContext, speech } from "./context.js";
import { helpText, type Answer } from "./render.js";
import { snippetCommand } from "./snippets.js";
import type { ActionName } from "../../core/index.js";

/** How each catalogue action is typed after `/ticket` (the help text and the manifest hint). */
export const commandUsage = Object.fromEntries(
  Object.entries(slackActions).map(([name, action]) => [name, action.command.usage]),
) as Record<ActionName, string>;

/** Each subcommand by every word agents may type for it. */
const subcommands = new Map<string, Subcommand>([
  ...Object.values(slackActions).flatMap(({ command }) => [command.word, ...(command.aliases ?? [])].map((w) => [w, command.run] as const)),
  /** Not a catalogue action: `/ticket snippet add <name> <text>` (admins), `/ticket snippet list`. */
  ["snippet", snippetCommand],
]);

export function registerCommands(app: App, ctx: SlackContext, command = "/ticket"): void {
  app.command(command, async ({ ack, command: cmd, respond, client }) => {
    await ack();
    const say = (a: Answer | string) => respond({ response_type: "ephemeral", ...(typeof a === "string" ? { text: a } : a) });
    const words = cmd.text.trim().split(/\s+/).filter(Boolean);
    const run = subcommands.get(words[0]?.toLowerCase() ?? "help");
    // A command comes from the user's own workspace: one other than ours is no agent's.
    const actor = await actorFor(ctx, { id: cmd.user_id, teamId: cmd.team_id, requestTeamId: cmd.team_id });
    // Only agents' client languages are asked for; the help is shown to anyone.
    if (actor) await ctx.locales?.learn(client, cmd.user_id);
    if (!run) return void (await say(helpText(commandUsage, speech(ctx, cmd.user_id), connectHelp)));
    if (!actor) return void (await say(refusalText(ctx, cmd.user_id)));
    const rest = cmd.text.trim().split(/\s+/).slice(2).join(" ");
    const open: OpenModal = async (view) => {
      await client.views.open({ trigger_id: cmd.trigger_id, view });
    };
    try {
      const answer = await run(ctx, { actor, args: words.slice(1), rest, open, speech: speech(ctx, cmd.user_id) });
      if (answer) await say(answer);
    } catch (e) {
      await say(errorText(ctx, e, slackReader(cmd.user_id)));
    }
  });
}
