// Dashboard: a one-time sign-in link to the web dashboard, in a private reply with a link button.
// `/ticket dashboard`. Without PUBLIC_URL there is no dashboard, and it says so.
import { ButtonStyle, ComponentType } from "discord.js";
import { deferPrivately } from "../action-helpers.js";
import { speech, tell } from "../context.js";
import type { DiscordAction } from "./types.js";
import { issueSignInLink, msg, signInUrl } from "../../../core/index.js";

export const dashboard = {
  async command(ctx, i, actor) {
    await deferPrivately(i);
    const { say } = speech(ctx, i);
    if (!ctx.publicUrl) return tell(i, `ℹ️ ${say(msg("web.notConfigured"))}`);
    const link = await issueSignInLink(ctx.deps, actor);
    // The link sits in the button only: Discord previews links written in the text, which would use it up.
    await tell(i, `📊 ${say(msg("web.linkIntro"))}\n${say(msg("web.linkExpires", { at: link.expiresAt }))}`, {
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.Button,
              style: ButtonStyle.Link,
              label: say(msg("web.linkButton")),
              url: signInUrl(ctx.publicUrl, link.token),
            },
          ],
        },
      ],
    });
  },
} satisfies DiscordAction;
