// Buttons that open a web page (the dashboard's sign-in link). Slack opens the URL in the browser
// and still sends the app a block_actions for the click; it is acknowledged and nothing else, so
// the button shows no warning.
// @see https://api.slack.com/reference/block-kit/block-elements#button
import type { App } from "@slack/bolt";
import type { Button } from "@slack/types";

/** The action id every link button carries. */
export const linkButtonAction = "link.open";

/** A primary button that opens `url`. */
export function linkButton(text: string, url: string): Button {
  return { type: "button", action_id: linkButtonAction, style: "primary", text: { type: "plain_text", text }, url };
}

export function registerLinkButtons(app: App): void {
  app.action(linkButtonAction, async ({ ack }) => {
    await ack();
  });
}
