// Assign: give a ticket to an agent, with `/ticket assign` or the card's More → Assign…, which
// opens a private user picker. Whoever is chosen must be an agent (listed, or of the agent role).
import { ComponentType } from "discord.js";
import { deferPrivately, done, subjectOf } from "../action-helpers.js";
import { row } from "../card-controls.js";
import { ticketFor } from "../command-options.js";
import { chosenAgent, speech, tell } from "../context.js";
import { pickCustomId } from "../custom-ids.js";
import { fitSafe } from "../escape.js";
import type { DiscordAction } from "./types.js";
import { assignTicket, invalid, msg } from "../../../core/index.js";

export const assign = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const user = i.options.getUser("owner", true);
    // A member of the agent role counts, as when they act themselves.
    const ownerId = await chosenAgent(ctx, i.guildId, user, i.options.getMember("owner"));
    const name = subjectOf(user.globalName ?? user.username);
    if (!ownerId) throw invalid(msg("manage.cannotOwn", { name }), { owner: msg("manage.notAnAgent") });
    const t = await assignTicket(ctx.deps, { ticketId: await ticketFor(ctx, i), ownerId }, actor);
    const owner = t.owner ? subjectOf(t.owner.name) : name;
    await tell(i, done(speech(ctx, i).say(msg("manage.ownedByNow", { number: t.number, owner }))));
  },
  more: {
    assign: (ctx, i, _actor, ticketId) => {
      const { say } = speech(ctx, i);
      return tell(i, say(msg("manage.whoShouldOwn", { id: ticketId })), {
        components: [
          row({
            type: ComponentType.UserSelect,
            custom_id: pickCustomId("assign", ticketId),
            placeholder: say(msg("manage.chooseAgent")),
            min_values: 1,
            max_values: 1,
          }),
        ],
      });
    },
  },
  pick: {
    async assign(ctx, i, actor, ticketId, say) {
      const user = i.isUserSelectMenu() ? i.users.first() : undefined;
      const ownerId = user && i.isUserSelectMenu() ? await chosenAgent(ctx, i.guildId, user, i.members.get(user.id)) : null;
      const sp = speech(ctx, i);
      if (!ownerId) return void (await say(`⚠️ ${sp.say(msg("manage.personNotAgentChoose"))}`, false));
      const t = await assignTicket(ctx.deps, { ticketId, ownerId }, actor);
      await say(`✅ ${sp.say(msg("manage.nowOwns", { id: ticketId, owner: t.owner ? fitSafe(t.owner.name, 100) : null }))}`);
    },
  },
} satisfies DiscordAction;
