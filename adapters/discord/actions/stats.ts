// Stats: the headline KPIs of a period against their targets, in a private embed.
// `/ticket stats [period] [team]` (the team by autocomplete; "none" for tickets without a team).
import { deferPrivately } from "../action-helpers.js";
import { teamOption } from "../command-options.js";
import { speech, tell } from "../context.js";
import { statsEmbed } from "../stats-render.js";
import type { DiscordAction } from "./types.js";
import { readStats } from "../../../core/index.js";

export const stats = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const period = i.options.getString("period") ?? undefined;
    const teamId = teamOption(ctx, i.options.getString("team"));
    const s = speech(ctx, i);
    const described = await readStats(ctx.deps, actor, { period, teamId }, s.f);
    await tell(i, "", { embeds: [statsEmbed(described)] });
  },
} satisfies DiscordAction;
