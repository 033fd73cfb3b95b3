// The App Home tab: the agent's availability for assignment rules with an Away / Back button (and
// who else is away), the agent's open tickets and the unassigned queue of their teams, each with
// the card's own buttons (same action ids, so the card handlers in actions/ serve both), oldest
// first or by SLA due time as the agent picks; the pick rides in the view's private_metadata, so
// a click or a later visit to the tab keeps it.
// A click on the Home tab has no message to update and no response_url: what the handler would
// have said privately is shown at the top of the Home tab, which is republished after the click.
// @see https://api.slack.com/surfaces/app-home
// @see https://api.slack.com/events/app_home_opened
import type { App, BlockAction } from "@slack/bolt";
import type { ActionsBlock, HomeView, KnownBlock, PlainTextOption } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { cardBlocks, slackDate } from "./card.js";
import { availabilityText } from "./availability.js";
import { actorFor, errorText, refusalText, slackReader, type SlackContext, type SlackUser, speech, type Speech } from "./context.js";
import { escapeText, fitEscaped, truncate } from "./escape.js";
import { slaDueText } from "./render.js";
import {
  type Actor,
  awayAgents,
  type Catalog,
  type CoreDeps,
  type ListTicketsInput,
  listTickets,
  msg,
  setAway,
  type TicketPage,
  ticketNames,
  type TicketView,
} from "../../core/index.js";

/** Tickets per list: two blocks each, both lists and the frame within the Home tab's 100 blocks. */
export const homePageSize = 20;
export const homeIds = { refresh: "home.refresh", sort: "home.sort", away: "home.away" } as const;

/** The orders the Home tab offers (the core's `sort` values). */
export const homeSorts = ["created", "sla_due"] as const satisfies readonly NonNullable<ListTicketsInput["sort"]>[];
const HomeSort = z.enum(homeSorts);
export type HomeSort = z.infer<typeof HomeSort>;

/** What the Home tab keeps in its private_metadata: the order picked. Anything else reads as the default. */
const HomeMetadata = z.object({ sort: HomeSort });
type HomeMetadata = z.infer<typeof HomeMetadata>;

/** The order a published Home tab was in (its private_metadata), or oldest first. */
export function homeSortOf(privateMetadata: string | undefined): HomeSort {
  if (!privateMetadata) return "created";
  try {
    const parsed = HomeMetadata.safeParse(JSON.parse(privateMetadata));
    return parsed.success ? parsed.data.sort : "created";
  } catch {
    return "created";
  }
}

const priorityMark: Record<TicketView["priority"], string> = {
  low: "",
  medium: "",
  high: ":small_red_triangle: ",
  urgent: ":rotating_light: ",
};

function ticketLine(catalog: Catalog, sp: Speech, t: TicketView): string {
  const { f, say } = sp;
  const who = t.contact ? escapeText(t.contact.name ?? t.contact.email ?? "") : "";
  const names = ticketNames(catalog, t, f);
  const facts = [
    escapeText(names.status),
    `${priorityMark[t.priority]}${say(msg(`priority.${t.priority}`))}`,
    names.team ? escapeText(names.team) : null,
    say(msg("home.opened", { when: slackDate(t.createdAt) })),
    slaDueText(t, sp),
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

function frame({ say }: Speech, blocks: KnownBlock[], notice: string[], sort: HomeSort = "created"): HomeView {
  const head: KnownBlock[] = [{ type: "header", text: { type: "plain_text", text: say(msg("home.title")) } }];
  if (notice.length)
    head.push({ type: "section", block_id: "home.notice", text: { type: "mrkdwn", text: truncate(notice.join("\n"), 3000) } });
  const metadata: HomeMetadata = { sort };
  return { type: "home", callback_id: "home", private_metadata: JSON.stringify(metadata), blocks: [...head, ...blocks] };
}

/**
 * The agent's availability for assignment rules, with the button that turns it over (its value
 * says which way: "away" or "back"), and who else is away now.
 * @see https://api.slack.com/reference/block-kit/blocks#section
 */
async function availability(deps: CoreDeps, actor: Actor, { say }: Speech): Promise<KnownBlock[]> {
  const away = await awayAgents(deps, actor);
  const me = away.find((a) => actor.type === "agent" && a.id === actor.agentId);
  const text = me
    ? `:palm_tree: ${say(msg("assignment.homeAway", { since: me.awaySince && slackDate(me.awaySince) }))}`
    : say(msg("assignment.homeAvailable"));
  const blocks: KnownBlock[] = [
    {
      type: "section",
      block_id: "home.availability",
      text: { type: "mrkdwn", text },
      accessory: {
        type: "button",
        action_id: homeIds.away,
        value: me ? "back" : "away",
        text: { type: "plain_text", text: say(msg(me ? "assignment.comeBack" : "assignment.goAway")) },
      },
    },
  ];
  const others = away.filter((a) => a !== me).map((a) => escapeText(a.name));
  if (others.length)
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: truncate(say(msg("assignment.awayNow", { names: others })), 3000) }],
    });
  return [...blocks, { type: "divider" }];
}

/**
 * The order picker, beside Refresh: a static select whose pick republishes the tab.
 * @see https://api.slack.com/reference/block-kit/block-elements#static_select
 */
function sortSelect({ say }: Speech, sort: HomeSort) {
  const label: Record<HomeSort, string> = { created: say(msg("lists.sortCreated")), sla_due: say(msg("lists.sortSlaDue")) };
  const option = (s: HomeSort): PlainTextOption => ({ text: { type: "plain_text", text: label[s] }, value: s });
  return {
    type: "static_select" as const,
    action_id: homeIds.sort,
    placeholder: { type: "plain_text" as const, text: say(msg("lists.sortPlaceholder")) },
    options: homeSorts.map(option),
    initial_option: option(sort),
  };
}

/**
 * The Home tab for a Slack user as things are now (a refusal for anyone who is not an agent), its
 * lists in the order given.
 */
export async function homeViewFor(
  ctx: SlackContext,
  user: SlackUser,
  notice: string[] = [],
  sort: HomeSort = "created",
): Promise<HomeView> {
  const actor = await actorFor(ctx, user);
  const sp = speech(ctx, user.id);
  const { say } = sp;
  if (!actor) {
    const text = `:no_entry: ${say(msg("home.notAgent"))}`;
    return frame(sp, [{ type: "section", block_id: "home.not-agent", text: { type: "mrkdwn", text } }], []);
  }
  const { catalog } = ctx.deps;
  try {
    const mine = await listTickets(ctx.deps, { queue: "mine", sort, limit: homePageSize }, actor);
    const unassigned = await listTickets(ctx.deps, { queue: "unassigned", sort, limit: homePageSize }, actor);
    return frame(
      sp,
      [
        ...(await availability(ctx.deps, actor, sp)),
        ...list(catalog, sp, say(msg("home.mine")), mine, say(msg("home.moreMine"))),
        { type: "divider" },
        ...list(catalog, sp, say(msg("home.unassigned")), unassigned, say(msg("home.moreUnassigned"))),
        { type: "divider" },
        {
          type: "actions",
          block_id: "home.controls",
          elements: [
            { type: "button", action_id: homeIds.refresh, text: { type: "plain_text", text: say(msg("home.refresh")) } },
            sortSelect(sp, sort),
          ],
        },
      ],
      notice,
      sort,
    );
  } catch (e) {
    return frame(sp, [{ type: "section", text: { type: "mrkdwn", text: errorText(ctx, e, slackReader(user.id)) } }], notice, sort);
  }
}

export async function publishHome(
  ctx: SlackContext,
  client: WebClient,
  user: SlackUser,
  notice: string[] = [],
  sort: HomeSort = "created",
): Promise<void> {
  await client.views.publish({ user_id: user.id, view: await homeViewFor(ctx, user, notice, sort) });
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
  view?: { type?: string; private_metadata?: string };
  user?: { id: string; team_id?: string };
  team?: { id?: string } | null;
  actions?: { action_id?: string; selected_option?: { value?: string } | null }[];
}

/** The order to republish a Home-tab click in: the one just picked, else the tab's own. */
function clickedSort(b: HomeActionBody): HomeSort {
  const picked = HomeSort.safeParse(b.actions?.find((a) => a.action_id === homeIds.sort)?.selected_option?.value);
  return picked.success ? picked.data : homeSortOf(b.view?.private_metadata);
}

export function registerHome(app: App, ctx: SlackContext): void {
  app.event("app_home_opened", async ({ event, body, client }) => {
    if (event.tab !== "home") return;
    await ctx.locales?.learn(client, event.user);
    // The tab as last published comes with the event, its order in the private_metadata.
    const sort = homeSortOf(event.view?.private_metadata);
    await publishHome(ctx, client, { id: event.user, requestTeamId: (body as { team_id?: string }).team_id }, [], sort);
  });

  // The Refresh button and the order picker: the middleware below republishes after every
  // Home-tab click, in the order picked.
  app.action(homeIds.refresh, async ({ ack }) => {
    await ack();
  });
  app.action(homeIds.sort, async ({ ack }) => {
    await ack();
  });

  // Away / Back: what it did is told at the top of the tab the middleware below republishes.
  app.action<BlockAction>(homeIds.away, async ({ ack, body, action }) => {
    await ack();
    const user = body.user.id;
    const actor = await actorFor(ctx, { id: user, teamId: body.user.team_id, requestTeamId: body.team?.id });
    if (!actor) return void homeNotice(body, refusalText(ctx, user));
    try {
      const a = await setAway(ctx.deps, { away: (action as { value?: string }).value !== "back" }, actor);
      homeNotice(body, availabilityText(a, actor, speech(ctx, user)));
    } catch (e) {
      homeNotice(body, errorText(ctx, e, slackReader(user)));
    }
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
      await publishHome(ctx, client, user, notices.get(body) ?? [], clickedSort(b)).catch((e: unknown) =>
        ctx.log.warn("slack home not refreshed", { err: e instanceof Error ? e.message : String(e) }),
      );
      notices.delete(body);
    }
  });
}
