// The card's buttons, selects and overflow menu (block_actions). Each listener acks first, then
// works: the card itself is updated by the outbox once the core has committed.
import type { App, BlockAction, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { cardActions, overflowItems, type OverflowItem } from "./card.js";
import { actorFor, errorText, refusalText, type SlackContext } from "./context.js";
import { homeNotice } from "./home.js";
import {
  commentModal,
  mergeModal,
  moveModal,
  replyModal,
  splitModal,
  statusModal,
  unofferableFields,
  type StatusModalChoices,
} from "./modals.js";
import {
  activeAgents,
  type Actor,
  agentByChatUser,
  assignTicket,
  canSeeTeam,
  changeStatus,
  claimTicket,
  deleteTicket,
  followTicket,
  getDraft,
  invalid,
  isHelpdeskError,
  listSnippets,
  releaseTicket,
  restoreTicket,
  showTicket,
  type TicketView,
  unfollowTicket,
} from "../../core/index.js";

/** Ephemeral to the clicking agent; the card stays as it is. */
export const whisper = (respond: RespondFn, text: string) => respond({ response_type: "ephemeral", replace_original: false, text });

type ActionBody = BlockAction;

/** Resolves the agent, runs `fn`, and tells the agent (privately) what went wrong, if anything. */
export async function asAgent(
  ctx: SlackContext,
  body: ActionBody,
  respond: RespondFn,
  fn: (actor: Actor) => Promise<string | void>,
): Promise<void> {
  // A click on the App Home tab has no response_url: its answer goes on the republished tab.
  const tell = async (text: string) => void (homeNotice(body, text) || (await whisper(respond, text)));
  const actor = await actorFor(ctx, { id: body.user.id, teamId: body.user.team_id, requestTeamId: body.team?.id });
  if (!actor) {
    await tell(refusalText);
    return;
  }
  try {
    const said = await fn(actor);
    if (said) await tell(said);
  } catch (e) {
    await tell(errorText(ctx, e));
  }
}

/** The ticket a card element belongs to: its value, or the id in its block's id. */
function ticketOf(action: { value?: string; block_id?: string }): number {
  const n = Number(action.value ?? /(\d+)$/.exec(action.block_id ?? "")?.[1]);
  if (!Number.isInteger(n)) throw new Error("card element without a ticket");
  return n;
}

/** Opens a modal for the trigger of the click (valid for 3 seconds, hence right after the ack). */
export async function openModal(
  client: WebClient,
  triggerId: string,
  view: Parameters<WebClient["views"]["open"]>[0]["view"],
): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view });
}

export function registerCardActions(app: App, ctx: SlackContext): void {
  const { deps } = ctx;
  const simple = (actionId: string, run: (actor: Actor, ticketId: number) => Promise<unknown>) =>
    app.action<ActionBody>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      await asAgent(ctx, body, respond, async (actor) => {
        await run(actor, ticketOf(action as { value?: string }));
      });
    });

  simple(cardActions.claim, (actor, ticketId) => claimTicket(deps, { ticketId }, actor));
  simple(cardActions.release, (actor, ticketId) => releaseTicket(deps, { ticketId }, actor));
  simple(cardActions.restore, (actor, ticketId) => restoreTicket(deps, { ticketId }, actor));

  app.action<ActionBody>(cardActions.reply, async ({ ack, body, action, respond, client }) => {
    await ack();
    await asAgent(ctx, body, respond, async (actor) => {
      const ticketId = ticketOf(action as { value?: string });
      const d = await showTicket(deps, { ticketId }, actor);
      const draft = await getDraft(deps, { ticketId }, actor);
      await openModal(
        client,
        body.trigger_id,
        replyModal(deps.catalog, { id: ticketId, pipelineId: d.ticket.pipeline.id }, draft, await listSnippets(deps, {}, actor)),
      );
    });
  });

  app.action<ActionBody>(cardActions.comment, async ({ ack, body, action, respond, client }) => {
    await ack();
    await asAgent(ctx, body, respond, async () => openModal(client, body.trigger_id, commentModal(ticketOf(action as { value?: string }))));
  });

  app.action<ActionBody>(cardActions.status, async ({ ack, body, action, respond, client }) => {
    await ack();
    const [statusId, ticket] = ((action as { selected_option?: { value: string } }).selected_option?.value ?? "").split(":");
    const ticketId = Number(ticket);
    await asAgent(ctx, body, respond, async (actor) => {
      try {
        await changeStatus(deps, { ticketId, statusId: statusId! }, actor);
      } catch (e) {
        // A status that needs properties: ask for them in a modal instead of refusing.
        const missing = isHelpdeskError(e) && e.code === "invalid" ? Object.keys(e.fields ?? {}) : [];
        const d = missing.length ? await showTicket(deps, { ticketId }, actor) : null;
        const status = d && deps.catalog.status(d.ticket.pipeline.id, statusId!);
        if (!d || !status?.requiredProperties.some((p) => missing.includes(p))) throw e;
        const choices = await statusChoices(actor, d.ticket);
        // A required field the modal cannot offer (a team, and none the agent may choose; an owner,
        // and nobody who may own it): the modal could never be submitted, so refuse now instead.
        const cannot = unofferableFields(status, choices);
        if (cannot.length) {
          const why = cannot.map((f) =>
            f === "team" ? "a team, and you are in no team you could put it in" : "an owner, and no agent can see its team",
          );
          throw invalid(`To be ${status.name}, #${ticketId} needs ${why.join("; and ")}. Ask an admin or a member of the right team.`);
        }
        const view = statusModal(deps.catalog, ticketId, status, choices);
        // Nothing the agent could fill in here: refuse with the core's own message.
        if (!view.blocks.length) throw e;
        await openModal(client, body.trigger_id, view);
      }
    });
  });

  /** The owners and teams the status modal offers, and which of the ticket's own fields it lacks. */
  async function statusChoices(actor: Actor, ticket: TicketView): Promise<StatusModalChoices> {
    const missing = [...(ticket.owner ? [] : ["owner"]), ...(ticket.team ? [] : ["team"]), ...(ticket.contact ? [] : ["contact"])];
    const agents = await activeAgents(deps);
    const me = actor.type === "agent" ? agents.find((a) => a.id === actor.agentId) : undefined;
    return {
      missing,
      // An owner must see the ticket; while its team is still to be chosen, any agent may be picked (the core checks the pair).
      agents: agents.filter((a) => canSeeTeam(a, ticket.team?.id ?? null)),
      teams: deps.catalog.config.teams.filter((t) => me && canSeeTeam(me, t.id)),
      properties: ticket.properties,
      teamId: ticket.team?.id ?? null,
    };
  }

  app.action<ActionBody>(cardActions.assign, async ({ ack, body, action, respond }) => {
    await ack();
    await asAgent(ctx, body, respond, async (actor) => {
      const slackUser = (action as { selected_user?: string }).selected_user;
      const owner = slackUser ? await agentByChatUser(deps, "slack", slackUser) : null;
      if (!owner?.active) return ":warning: That person is not a help desk agent.";
      await assignTicket(deps, { ticketId: ticketOf(action as { block_id?: string }), ownerId: owner.id }, actor);
    });
  });

  app.action<ActionBody>(cardActions.more, async ({ ack, body, action, respond, client }) => {
    await ack();
    const [item, ticket] = ((action as { selected_option?: { value: string } }).selected_option?.value ?? "").split(":");
    const ticketId = Number(ticket);
    if (!overflowItems.includes(item as OverflowItem)) return;
    await asAgent(ctx, body, respond, (actor) => overflow(item as OverflowItem, actor, ticketId, client, body.trigger_id));
  });

  async function overflow(
    item: OverflowItem,
    actor: Actor,
    ticketId: number,
    client: WebClient,
    triggerId: string,
  ): Promise<string | void> {
    switch (item) {
      case "split": {
        const d = await showTicket(deps, { ticketId }, actor);
        return openModal(client, triggerId, splitModal(ticketId, d.messages));
      }
      case "merge":
        return openModal(client, triggerId, mergeModal(ticketId));
      case "move": {
        const d = await showTicket(deps, { ticketId }, actor);
        if (deps.catalog.config.pipelines.length < 2) return ":information_source: There is only one pipeline.";
        return openModal(client, triggerId, moveModal(deps.catalog, { id: ticketId, pipelineId: d.ticket.pipeline.id }));
      }
      case "follow":
        return toggleFollow(actor, ticketId);
      case "delete":
        await deleteTicket(deps, { ticketId }, actor);
        return `:wastebasket: #${ticketId} deleted. An admin can restore it from its card.`;
    }
  }

  /** One menu entry for both: follow, or unfollow when already following. */
  async function toggleFollow(actor: Actor, ticketId: number): Promise<string> {
    try {
      await followTicket(deps, { ticketId }, actor);
      return `:bell: You now follow #${ticketId}.`;
    } catch (e) {
      if (!isHelpdeskError(e) || e.code !== "conflict") throw e;
      await unfollowTicket(deps, { ticketId }, actor);
      return `:no_bell: You no longer follow #${ticketId}.`;
    }
  }
}
