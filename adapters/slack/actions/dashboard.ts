// Dashboard: a one-time sign-in link to the web dashboard, for the asking agent only (the answer
// is ephemeral). `/ticket dashboard`. Without PUBLIC_URL there is no dashboard, and it says so.
import { linkButton } from "../link-button.js";
import type { SlackAction } from "./types.js";
import { issueSignInLink, msg, signInUrl } from "../../../core/index.js";

export const dashboard = {
  command: {
    word: "dashboard",
    usage: "dashboard",
    async run(ctx, inv) {
      const { say } = inv.speech;
      if (!ctx.publicUrl) return `:information_source: ${say(msg("web.notConfigured"))}`;
      const link = await issueSignInLink(ctx.deps, inv.actor);
      // The link sits in the button only: a message's text may be unfurled, which would use it up.
      return {
        text: say(msg("web.linkIntro")),
        blocks: [
          { type: "section", text: { type: "mrkdwn", text: `:bar_chart: ${say(msg("web.linkIntro"))}` } },
          { type: "actions", elements: [linkButton(say(msg("web.linkButton")), signInUrl(ctx.publicUrl, link.token))] },
          { type: "context", elements: [{ type: "mrkdwn", text: say(msg("web.linkExpires", { at: link.expiresAt })) }] },
        ],
      };
    },
  },
} satisfies SlackAction;
