// Assign: give a ticket to an agent, with `/ticket assign` or the card's More → Assign…, which
// opens a private user picker. Whoever is chosen must be an agent (listed, or of the agent role).
import { ComponentType } from "discord.js";
import { deferPrivately, done, subjectOf } from "../action-helpers.js";
import { row } from "../card-controls.js";
import { ticketFor } from "../command-options.js";
import { chosenAgent, tell } from "../context.js";
import { pickCustomId } from "../custom-ids.js";
import { fitSafe } from "../escape.js";
import type { DiscordAction } from "./types.js";
import { assignTicket, invalid } from "../../../core/index.js";

export const assign = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const user = i.options.getUser("owner", true);
    // A member of the agent role counts, as when they act themselves.
    const ownerId = await chosenAgent(ctx, i.guildId, user, i.options.getMember("owner"));
    const name = subjectOf(user.globalName ?? user.username);
    if (!ownerId) throw invalid(`${name} is not a help desk agent, so they cannot own tickets.`, { owner: "Not an agent." });
    const t = await assignTicket(ctx.deps, { ticketId: await ticketFor(ctx, i), ownerId }, actor);
    await tell(i, done(`${t.number} is owned by ${t.owner ? subjectOf(t.owner.name) : name} now.`));
  },
  more: {
    assign: (_ctx, i, _actor, ticketId) =>
      tell(i, `Who should own #${ticketId}?`, {
        components: [
          row({
            type: ComponentType.UserSelect,
            custom_id: pickCustomId("assign", ticketId),
            placeholder: "Choose an agent",
            min_values: 1,
            max_values: 1,
          }),
        ],
      }),
  },
  pick: {
    async assign(ctx, i, actor, ticketId, say) {
      const user = i.isUserSelectMenu() ? i.users.first() : undefined;
      const ownerId = user && i.isUserSelectMenu() ? await chosenAgent(ctx, i.guildId, user, i.members.get(user.id)) : null;
      if (!ownerId) return void (await say("⚠️ That person is not a help desk agent; choose an agent.", false));
      const t = await assignTicket(ctx.deps, { ticketId, ownerId }, actor);
      await say(`✅ #${ticketId} is now ${fitSafe(t.owner?.name ?? "assigned", 100)}'s.`);
    },
  },
} satisfies DiscordAction;
