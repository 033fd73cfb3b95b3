// The card's buttons, selects and overflow menu (block_actions), routed to the action they start
// (see actions/). Each listener acks first, then works: the card itself is updated by the outbox
// once the core has committed.
import type { App, BlockAction, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { slackActions } from "./actions/index.js";
import type { OpenModal, OverflowEntry } from "./actions/types.js";
import { cardActions } from "./card.js";
import { actorFor, errorText, refusalText, slackReader, type SlackContext, speech, type Speech } from "./context.js";
import { exactly } from "./listen.js";
import { homeNotice } from "./home.js";
import type { Actor } from "../../core/index.js";

/** Ephemeral to the clicking agent; the card stays as it is. */
export const whisper = (respond: RespondFn, text: string) => respond({ response_type: "ephemeral", replace_original: false, text });

type ActionBody = BlockAction;

/** Resolves the agent, runs `fn`, and tells the agent (privately) what went wrong, if anything. */
export async function asAgent(
  ctx: SlackContext,
  body: ActionBody,
  respond: RespondFn,
  client: WebClient,
  fn: (actor: Actor, speech: Speech) => Promise<string | void>,
): Promise<void> {
  // A click on the App Home tab has no response_url: its answer goes on the republished tab.
  const tell = async (text: string) => void (homeNotice(body, text) || (await whisper(respond, text)));
  const actor = await actorFor(ctx, { id: body.user.id, teamId: body.user.team_id, requestTeamId: body.team?.id });
  if (!actor) {
    await tell(refusalText(ctx, body.user.id));
    return;
  }
  await ctx.locales?.learn(client, body.user.id);
  try {
    const said = await fn(actor, speech(ctx, body.user.id));
    if (said) await tell(said);
  } catch (e) {
    await tell(errorText(ctx, e, slackReader(body.user.id)));
  }
}

/** The ticket a card element belongs to: its value, or the id in its block's id. */
function ticketOf(action: { value?: string; block_id?: string }): number {
  const n = Number(action.value ?? /(\d+)$/.exec(action.block_id ?? "")?.[1]);
  if (!Number.isInteger(n)) throw new Error("card element without a ticket");
  return n;
}

/** Opens a modal for the trigger of the click (valid for 3 seconds, hence right after the ack). */
const modalOpener =
  (client: WebClient, triggerId: string): OpenModal =>
  async (view) => {
    await client.views.open({ trigger_id: triggerId, view });
  };

export function registerCardActions(app: App, ctx: SlackContext): void {
  // One listener for every card control, which finds the control by its action id: Bolt tries
  // every listener's constraints on every request before its ack, so a listener per control
  // would make each request pay for all of them.
  const cards = new Map(Object.values(slackActions).flatMap(({ card }) => (card ? [[card.actionId, card] as const] : [])));
  app.action<ActionBody>(exactly(cards.keys()), async ({ ack, body, action, respond, client }) => {
    await ack();
    const card = cards.get(action.action_id);
    if (!card) return;
    await asAgent(ctx, body, respond, client, (actor, speech) =>
      card.run(ctx, {
        actor,
        speech,
        action,
        ticketId: () => ticketOf(action as { value?: string; block_id?: string }),
        open: modalOpener(client, body.trigger_id),
      }),
    );
  });

  // The overflow menu: one element, its chosen option naming the entry and the ticket.
  const entries = new Map<string, OverflowEntry>(
    Object.values(slackActions).flatMap(({ overflow }) => (overflow ? [[overflow.item, overflow] as const] : [])),
  );
  app.action<ActionBody>(cardActions.more, async ({ ack, body, action, respond, client }) => {
    await ack();
    const [item, ticket] = ((action as { selected_option?: { value: string } }).selected_option?.value ?? "").split(":");
    const ticketId = Number(ticket);
    const entry = entries.get(item ?? "");
    if (!entry) return;
    await asAgent(ctx, body, respond, client, (actor, speech) =>
      entry.run(ctx, { actor, ticketId, speech, open: modalOpener(client, body.trigger_id) }),
    );
  });
}
