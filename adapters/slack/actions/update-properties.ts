// Update properties: subject, priority, team and custom properties, as `key=value` pairs.
// `/ticket set #n priority=high subject="…" team=none …` (or `edit`, `update`).
import { keyValues, ticketArg } from "../context.js";
import { done } from "../render.js";
import type { SlackAction } from "./types.js";
import { invalid, msg, priorities, type Priority, updateProperties } from "../../../core/index.js";

export const update_properties = {
  command: {
    word: "set",
    aliases: ["edit", "update"],
    usage: 'set <#n> priority=high subject="…" team=none …',
    async run({ deps }, inv) {
      const { subject, priority, team, ...properties } = keyValues(inv.rest);
      if (priority !== undefined && !(priorities as readonly string[]).includes(priority))
        throw invalid(msg("manage.notAPriority", { priority, items: priorities }));
      const t = await updateProperties(
        deps,
        {
          ticketId: ticketArg(inv.args),
          subject,
          priority: priority as Priority | undefined,
          teamId: team === undefined ? undefined : /^(none|everyone)$/i.test(team) ? null : team,
          properties: Object.keys(properties).length ? properties : undefined,
        },
        inv.actor,
      );
      return done(inv.speech.say(msg("manage.updated", { number: t.number })));
    },
  },
} satisfies SlackAction;
