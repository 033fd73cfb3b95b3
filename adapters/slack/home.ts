// The App Home tab: the agent's open tickets and the unassigned queue of their teams, each with
// the card's own buttons (same action ids, so the card handlers in actions/ serve both).
// A click on the Home tab has no message to update and no response_url: what the handler would
// have said privately is shown at the top of the Home tab, which is republished after the click.
// @see https://api.slack.com/surfaces/app-home
// @see https://api.slack.com/events/app_home_opened
import type { App } from "@slack/bolt";
import type { ActionsBlock, HomeView, KnownBlock } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import { cardBlocks, slackDate } from "./card.js";
import { actorFor, errorText, slackReader, type SlackContext, type SlackUser, speech, type Speech } from "./context.js";
import { escapeText, fitEscaped, truncate } from "./escape.js";
import { type Catalog, listTickets, msg, type TicketPage, ticketNames, type TicketView } from "../../core/index.js";

/** Tickets per list: two blocks each, both lists and the frame within the Home tab's 100 blocks. */
export const homePageSize = 20;
export const homeIds = { refresh: "home.refresh" } as const;

const priorityMark: Record<TicketView["priority"], string> = {
  low: "",
  medium: "",
  high: ":small_red_triangle: ",
  urgent: ":rotating_light: ",
};

function ticketLine(catalog: Catalog, { f, say }: Speech, t: TicketView): string {
  const who = t.contact ? escapeText(t.contact.name ?? t.contact.email ?? "") : "";
  const names = ticketNames(catalog, t, f);
  const facts = [
    escapeText(names.status),
    `${priorityMark[t.priority]}${say(msg(`priority.${t.priority}`))}`,
    names.team ? escapeText(names.team) : null,
    say(msg("home.opened", { when: slackDate(t.createdAt) })),
    who || null,
  ].filter(Boolean);
  return truncate(`*${t.number}* ${fitEscaped(t.subject, 150).text}\n${facts.join(" · ")}`, 3000);
}

/** The card's actions block for a ticket: same elements, same action ids, same block id, in the agent's language. */
function ticketActions(catalog: Catalog, { f }: Speech, t: TicketView): ActionsBlock | undefined {
  return cardBlocks(t, catalog, f).find((b): b is ActionsBlock => b.type === "actions");
}

function list(catalog: Catalog, sp: Speech, title: string, page: TicketPage, more: string): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: `*${title}*` } }];
  if (!page.tickets.length) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: sp.say(msg("lists.nothingHere")) }] });
  for (const t of page.tickets) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: ticketLine(catalog, sp, t) } });
    const actions = ticketActions(catalog, sp, t);
    if (actions) blocks.push(actions);
  }
  if (page.nextCursor) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: more }] });
  return blocks;
}

function frame({ say }: Speech, blocks: KnownBlock[], notice: string[]): HomeView {
  const head: KnownBlock[] = [{ type: "header", text: { type: "plain_text", text: say(msg("home.title")) } }];
  if (notice.length)
    head.push({ type: "section", block_id: "home.notice", text: { type: "mrkdwn", text: truncate(notice.join("\n"), 3000) } });
  return { type: "home", callback_id: "home", blocks: [...head, ...blocks] };
}

/** The Home tab for a Slack user as things are now (a refusal for anyone who is not an agent). */
export async function homeViewFor(ctx: SlackContext, user: SlackUser, notice: string[] = []): Promise<HomeView> {
  const actor = await actorFor(ctx, user);
  const sp = speech(ctx, user.id);
  const { say } = sp;
  if (!actor) {
    const text = `:no_entry: ${say(msg("home.notAgent"))}`;
    return frame(sp, [{ type: "section", block_id: "home.not-agent", text: { type: "mrkdwn", text } }], []);
  }
  const { catalog } = ctx.deps;
  try {
    const mine = await listTickets(ctx.deps, { queue: "mine", limit: homePageSize }, actor);
    const unassigned = await listTickets(ctx.deps, { queue: "unassigned", limit: homePageSize }, actor);
    return frame(
      sp,
      [
        ...list(catalog, sp, say(msg("home.mine")), mine, say(msg("home.moreMine"))),
        { type: "divider" },
        ...list(catalog, sp, say(msg("home.unassigned")), unassigned, say(msg("home.moreUnassigned"))),
        { type: "divider" },
        {
          type: "actions",
          block_id: "home.controls",
          elements: [{ type: "button", action_id: homeIds.refresh, text: { type: "plain_text", text: say(msg("home.refresh")) } }],
        },
      ],
      notice,
    );
  } catch (e) {
    return frame(sp, [{ type: "section", text: { type: "mrkdwn", text: errorText(ctx, e, slackReader(user.id)) } }], notice);
  }
}

export async function publishHome(ctx: SlackContext, client: WebClient, user: SlackUser, notice: string[] = []): Promise<void> {
  await client.views.publish({ user_id: user.id, view: await homeViewFor(ctx, user, notice) });
}

/** What card handlers would have whispered, per Home-tab click (keyed by the request's body). */
const notices = new WeakMap<object, string[]>();

/**
 * For a click on the Home tab, keeps what a handler wants to tell the agent and returns true (it
 * is shown when the Home tab is republished); false for clicks anywhere else.
 */
export function homeNotice(body: object, text: string): boolean {
  const n = notices.get(body);
  if (!n) return false;
  n.push(text);
  return true;
}

interface HomeActionBody {
  type?: string;
  view?: { type?: string };
  user?: { id: string; team_id?: string };
  team?: { id?: string } | null;
}

export function registerHome(app: App, ctx: SlackContext): void {
  app.event("app_home_opened", async ({ event, body, client }) => {
    if (event.tab !== "home") return;
    await ctx.locales?.learn(client, event.user);
    await publishHome(ctx, client, { id: event.user, requestTeamId: (body as { team_id?: string }).team_id });
  });

  // The Refresh button: the middleware below republishes after every Home-tab click.
  app.action(homeIds.refresh, async ({ ack }) => {
    await ack();
  });

  // Every block_actions from the Home tab: run the listeners (which ack first), then republish
  // the Home tab with the tickets as they are now and anything the handler had to say.
  app.use(async ({ body, next, client }) => {
    const b = body as HomeActionBody;
    if (b.type !== "block_actions" || b.view?.type !== "home" || !b.user) return next();
    notices.set(body, []);
    try {
      await next();
    } finally {
      const user = { id: b.user.id, teamId: b.user.team_id, requestTeamId: b.team?.id };
      await publishHome(ctx, client, user, notices.get(body) ?? []).catch((e: unknown) =>
        ctx.log.warn("slack home not refreshed", { err: e instanceof Error ? e.message : String(e) }),
      );
      notices.delete(body);
    }
  });
}
