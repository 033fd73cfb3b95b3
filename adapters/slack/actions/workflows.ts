// Workflows: the configured workflows and their last runs, for admins. `/ticket workflows`.
import { fitEscaped, limits, truncate } from "../escape.js";
import { slackDate } from "../card.js";
import type { SlackAction } from "./types.js";
import { describeWorkflows, listWorkflows, msg } from "../../../core/index.js";

export const workflows = {
  command: {
    word: "workflows",
    usage: "workflows",
    async run({ deps }, inv) {
      const list = await listWorkflows(deps, { runs: 3 }, inv.actor);
      const { say, f } = inv.speech;
      if (!list.length) return say(msg("workflows.none"));
      const entries = describeWorkflows(list, f, (at) => slackDate(at, "{date_short_pretty} {time}"));
      return {
        text: say(msg("workflows.title")),
        blocks: [
          { type: "header", text: { type: "plain_text", text: say(msg("workflows.title")) } },
          // Slack caps a message at 50 blocks: the header and 49 workflows.
          ...entries.slice(0, limits.blocksPerMessage - 1).map((e) => ({
            type: "section" as const,
            text: { type: "mrkdwn" as const, text: truncate(`*${fitEscaped(e.title, 300).text}*\n${e.detail}`, limits.sectionText) },
          })),
        ],
      };
    },
  },
} satisfies SlackAction;
