// Setting an agent away or back from Slack, shared by `/ticket away`, `/ticket back` (actions/) and
// the App Home tab's Away / Back button (home.ts): who is meant, and what the agent is told.
import type { Invocation } from "./actions/types.js";
import type { SlackContext, Speech } from "./context.js";
import { escapeText } from "./escape.js";
import { type Actor, type AgentAvailability, agentByChatUser, invalid, msg, setAway } from "../../core/index.js";

/** What an agent is told after setting someone away or back: "You …" for themselves, else by name. */
export function availabilityText(a: AgentAvailability, actor: Actor, { say }: Speech): string {
  const name = actor.type === "agent" && actor.agentId === a.id ? null : escapeText(a.name);
  const key = a.away ? (a.changed ? "nowAway" : "alreadyAway") : a.changed ? "nowBack" : "alreadyBack";
  return `${a.away ? ":palm_tree:" : ":wave:"} ${say(msg(`assignment.${key}`, { name }))}`;
}

/** `/ticket away|back [@agent|me]`: the agent named (an @mention of an agent), else the one typing. */
export async function setAvailability({ deps }: SlackContext, inv: Invocation, away: boolean): Promise<string> {
  const who = inv.args[0];
  let agentId: string | undefined;
  if (who !== undefined && !/^me$/i.test(who)) {
    const slackId = /^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/.exec(who)?.[1];
    const agent = slackId ? await agentByChatUser(deps, "slack", slackId) : null;
    if (!agent?.active) throw invalid(msg("assignment.nameAgent"));
    agentId = agent.id;
  }
  return availabilityText(await setAway(deps, { agentId, away }, inv.actor), inv.actor, inv.speech);
}
