// Workflows: the configured workflows and their last runs, for admins, privately. `/ticket workflows`.
import { deferPrivately } from "../action-helpers.js";
import { discordTimestamp } from "../card.js";
import { showAnswer } from "../command-options.js";
import { speech } from "../context.js";
import { fitSafe, limits, truncate } from "../escape.js";
import type { DiscordAction } from "./types.js";
import { describeWorkflows, listWorkflows, msg } from "../../../core/index.js";

export const workflows = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const list = await listWorkflows(ctx.deps, { runs: 3 }, actor);
    const s = speech(ctx, i);
    if (!list.length) return showAnswer(i, { content: s.say(msg("workflows.none")), embeds: [] });
    const entries = describeWorkflows(list, s.f, (at) => discordTimestamp(at));
    await showAnswer(i, {
      content: "",
      embeds: [
        {
          title: s.say(msg("workflows.title")),
          // An embed holds 25 fields.
          fields: entries.slice(0, 25).map((e) => ({
            name: truncate(fitSafe(e.title, 200), limits.embedFieldName),
            value: truncate(e.detail, limits.embedFieldValue),
          })),
        },
      ],
    });
  },
} satisfies DiscordAction;
