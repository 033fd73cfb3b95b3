// Update properties: a ticket's subject, priority, team or other fields, with `/ticket set`.
import { deferPrivately, done, subjectOf } from "../action-helpers.js";
import { priorityOption, propertiesOption, teamOption, ticketFor } from "../command-options.js";
import { speech, tell } from "../context.js";
import type { DiscordAction } from "./types.js";
import { invalid, msg, ticketNames, updateProperties as updateTicketProperties } from "../../../core/index.js";

export const updateProperties = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const subject = i.options.getString("subject") ?? undefined;
    const priority = priorityOption(i);
    const teamId = teamOption(ctx, i.options.getString("team"));
    const properties = propertiesOption(i);
    if (subject === undefined && priority === undefined && teamId === undefined && properties === undefined) {
      throw invalid(msg("manage.sayWhatToChange"));
    }
    const ticketId = await ticketFor(ctx, i);
    const t = await updateTicketProperties(ctx.deps, { ticketId, subject, priority, teamId, properties }, actor);
    const { f, say } = speech(ctx, i);
    const fields = properties
      ? Object.keys(properties).map((k) => {
          const p = ctx.deps.catalog.property(k);
          return p ? f.name(p.labels) : k;
        })
      : [];
    const team = ticketNames(ctx.deps.catalog, t, f).team;
    const updated = {
      number: t.number,
      priority: t.priority,
      team: team === null ? null : subjectOf(team),
      fields: fields.length ? subjectOf(fields.join(", ")) : null,
    };
    await tell(i, done(say(msg("manage.updatedTo", updated))));
  },
} satisfies DiscordAction;
