// API tokens for admins: `/ticket token command:create|revoke|list [name] [agent] [scope]`, in a
// private reply, so the secret a create shows reaches the admin who asked and nobody else.
import { deferPrivately } from "../action-helpers.js";
import { chosenAgent, speech, tell } from "../context.js";
import { fitSafe } from "../escape.js";
import type { DiscordAction } from "./types.js";
import { apiTokenAction, invalid, msg } from "../../../core/index.js";

export const token = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const user = i.options.getUser("agent");
    const agentId = user ? await chosenAgent(ctx, i.guildId, user, i.options.getMember("agent")) : undefined;
    if (agentId === null) throw invalid(msg("manage.personNotAgent"), { agent: msg("manage.notAnAgent") });
    const answer = await apiTokenAction(
      ctx.deps,
      {
        command: i.options.getString("command") ?? "list",
        name: i.options.getString("name") ?? undefined,
        agentId,
        scope: i.options.getString("scope") ?? undefined,
      },
      actor,
    );
    const { say } = speech(ctx, i);
    const text = answer.lines.map((m) => fitSafe(say(m), Math.floor(1900 / Math.max(1, answer.lines.length)))).join("\n");
    // In a code block: the secret's underscores would otherwise read as italics, and be lost in a copy.
    await tell(i, answer.secret ? `${text}\n\`\`\`${answer.secret}\`\`\`` : text);
  },
} satisfies DiscordAction;
