// Setting an agent away or back from Discord, shared by `/ticket away` and `/ticket back`
// (actions/): who is meant (the `agent` option, else the one asking) and what they are told.
import type { ChatInputCommandInteraction } from "discord.js";
import { deferPrivately, subjectOf } from "./action-helpers.js";
import { chosenAgent, type DiscordContext, speech, tell } from "./context.js";
import { type Actor, invalid, msg, setAway } from "../../core/index.js";

/** `/ticket away|back [agent]`: the agent chosen in the option, else the one asking. */
export async function setAvailability(ctx: DiscordContext, i: ChatInputCommandInteraction, actor: Actor, away: boolean): Promise<void> {
  await deferPrivately(i);
  const user = i.options.getUser("agent");
  // A member of the agent role counts, as when they act themselves.
  const agentId = user ? await chosenAgent(ctx, i.guildId, user, i.options.getMember("agent")) : undefined;
  if (agentId === null) throw invalid(msg("manage.personNotAgent"), { agent: msg("manage.notAnAgent") });
  const a = await setAway(ctx.deps, { agentId, away }, actor);
  const name = actor.type === "agent" && actor.agentId === a.id ? null : subjectOf(a.name);
  const key = a.away ? (a.changed ? "nowAway" : "alreadyAway") : a.changed ? "nowBack" : "alreadyBack";
  await tell(i, `${a.away ? "🌴" : "👋"} ${speech(ctx, i).say(msg(`assignment.${key}`, { name }))}`);
}
