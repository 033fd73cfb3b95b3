// Assign: the ticket gets an owner, or none. `/ticket assign #n <@user|me|nobody>`, or the card's
// Assign… user picker.
import { cardActions } from "../card.js";
import { ticketArg } from "../context.js";
import { done } from "../render.js";
import type { SlackAction } from "./types.js";
import { agentByChatUser, assignTicket, invalid, msg } from "../../../core/index.js";

export const assign = {
  command: {
    word: "assign",
    usage: "assign <#n> <@user|me|nobody>",
    async run({ deps }, inv) {
      const who = inv.args[1] ?? "";
      const slackId = /^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/.exec(who)?.[1];
      let ownerId: string | null;
      if (/^(nobody|none)$/i.test(who)) ownerId = null;
      else if (/^me$/i.test(who) && inv.actor.type === "agent") ownerId = inv.actor.agentId;
      else {
        const agent = slackId ? await agentByChatUser(deps, "slack", slackId) : null;
        if (!agent?.active) throw invalid(msg("manage.nameNewOwner"));
        ownerId = agent.id;
      }
      const t = await assignTicket(deps, { ticketId: ticketArg(inv.args), ownerId }, inv.actor);
      return done(inv.speech.say(msg("manage.ownedOrUnassigned", { number: t.number, owner: t.owner?.name ?? null })));
    },
  },
  card: {
    actionId: cardActions.assign,
    async run({ deps }, { actor, action, ticketId, speech }) {
      const slackUser = (action as { selected_user?: string }).selected_user;
      const owner = slackUser ? await agentByChatUser(deps, "slack", slackUser) : null;
      if (!owner?.active) return `:warning: ${speech.say(msg("manage.personNotAgent"))}`;
      await assignTicket(deps, { ticketId: ticketId(), ownerId: owner.id }, actor);
    },
  },
} satisfies SlackAction;
