// API tokens for admins: `/ticket token create <name> [@agent|agent id] [read|write]`,
// `/ticket token revoke <name>`, `/ticket token list`. The answer is ephemeral, so the secret a
// create shows reaches the admin who asked and nobody else.
import type { SlackAction } from "./types.js";
import { escapeText } from "../escape.js";
import { agentByChatUser, apiTokenAction, invalid, msg } from "../../../core/index.js";

export const token = {
  command: {
    word: "token",
    aliases: ["tokens"],
    usage: "token create|revoke|list [name] [@agent] [read|write]",
    async run({ deps }, inv) {
      const [command = "list", name, ...rest] = inv.args;
      let agentId: string | undefined;
      let scope: string | undefined;
      for (const word of rest) {
        if (/^(read|write)$/i.test(word)) scope = word.toLowerCase();
        else {
          const slackId = /^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/.exec(word)?.[1];
          if (slackId) {
            const agent = await agentByChatUser(deps, "slack", slackId);
            if (!agent?.active) throw invalid(msg("assignment.nameAgent"));
            agentId = agent.id;
          } else agentId = word;
        }
      }
      const answer = await apiTokenAction(deps, { command, name, agentId, scope }, inv.actor);
      const text = answer.lines.map((m) => escapeText(inv.speech.say(m))).join("\n");
      // In a code block: the secret's underscores would otherwise read as italics, and be lost in a copy.
      return answer.secret ? `${text}\n\`\`\`${answer.secret}\`\`\`` : text;
    },
  },
} satisfies SlackAction;
