// Update properties: a ticket's subject, priority, team or other fields, with `/ticket set`.
import { deferPrivately, done, subjectOf } from "../action-helpers.js";
import { priorityOption, propertiesOption, teamOption, ticketFor } from "../command-options.js";
import { tell } from "../context.js";
import type { DiscordAction } from "./types.js";
import { invalid, updateProperties as updateTicketProperties } from "../../../core/index.js";

export const updateProperties = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const subject = i.options.getString("subject") ?? undefined;
    const priority = priorityOption(i);
    const teamId = teamOption(ctx, i.options.getString("team"));
    const properties = propertiesOption(i);
    if (subject === undefined && priority === undefined && teamId === undefined && properties === undefined) {
      throw invalid("Say what to change: subject, priority, team or other fields (properties: key=value).");
    }
    const ticketId = await ticketFor(ctx, i);
    const t = await updateTicketProperties(ctx.deps, { ticketId, subject, priority, teamId, properties }, actor);
    const fields = properties ? Object.keys(properties).map((k) => ctx.deps.catalog.property(k)?.label ?? k) : [];
    const also = fields.length ? ` ${subjectOf(fields.join(", "))} set.` : "";
    await tell(
      i,
      done(`${t.number} updated: ${t.priority} priority, ${t.team ? subjectOf(t.team.name) : "every agent"} can see it.${also}`),
    );
  },
} satisfies DiscordAction;
