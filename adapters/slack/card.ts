// The ticket card: one message per ticket in its triage channel, updated in place.
import type { ActionsBlock, KnownBlock, PlainTextOption } from "@slack/types";
import { escapeText, fitEscaped, limits, truncate } from "./escape.js";
import {
  deskFormats,
  type Formats,
  msg,
  ratingText,
  render,
  ticketNames,
  type Catalog,
  type Msg,
  type TicketView,
} from "../../core/index.js";

/** The card speaks the help desk's language (HELPDESK_LOCALE): everyone in the channel reads the same one. */
function cardSpeech(catalog: Catalog) {
  const f = deskFormats(catalog);
  return { f, t: (m: Msg) => render(m, f) };
}

/** action_ids of the card's elements; the interaction handlers listen for these. */
export const cardActions = {
  claim: "ticket.claim",
  release: "ticket.release",
  reply: "ticket.reply",
  comment: "ticket.comment",
  status: "ticket.status",
  assign: "ticket.assign",
  more: "ticket.more",
  restore: "ticket.restore",
} as const;

/**
 * What the overflow menu offers. Slack allows at most five overflow options, so Assign is a user
 * picker of its own beside the menu rather than a sixth entry.
 * @see https://api.slack.com/reference/block-kit/block-elements#overflow
 */
export const overflowItems = ["split", "merge", "move", "follow", "delete"] as const;
export type OverflowItem = (typeof overflowItems)[number];

const overflowLabels: Record<OverflowItem, Msg> = {
  split: msg("card.split"),
  merge: msg("card.merge"),
  move: msg("card.move"),
  follow: msg("card.follow"),
  delete: msg("card.delete"),
};

const priorityMark: Record<TicketView["priority"], string> = { low: "", medium: "", high: "", urgent: ":rotating_light: " };

/** A value that carries the ticket and, for the overflow, what was chosen: "<ticketId>" or "<item>:<ticketId>". */
export function overflowValue(item: OverflowItem, ticketId: number): string {
  return `${item}:${ticketId}`;
}

/** Slack renders this in each viewer's time zone; `{ago}` keeps the age right without updates. */
export function slackDate(at: Date, format = "{ago}"): string {
  const fallback = at.toISOString().replace("T", " ").slice(0, 16) + " UTC";
  return `<!date^${Math.floor(at.getTime() / 1000)}^${format}|${fallback}>`;
}

/**
 * The ticket's most urgent SLA target as a card line: when it falls due, since when it is overdue,
 * or that it is paused; null when it has none. Dates are Slack's tokens, in each viewer's zone.
 * @see https://api.slack.com/reference/surfaces/formatting#date-formatting
 */
export function slaLine(t: Pick<TicketView, "sla">, say: (m: Msg) => string): string | null {
  const s = t.sla;
  if (!s) return null;
  const when = (at: Date) => ({ metric: s.metric, date: slackDate(at, "{date_short_pretty} {time}"), ago: slackDate(at) });
  if (s.paused && s.breachedAt) return `:red_circle: ${say(msg("sla.pausedOverdue", when(s.breachedAt)))}`;
  if (s.paused || !s.dueAt) return `:double_vertical_bar: ${say(msg("sla.paused", { metric: s.metric }))}`;
  if (s.breachedAt) return `:red_circle: ${say(msg("sla.overdue", when(s.dueAt)))}`;
  return `:hourglass_flowing_sand: ${say(msg("sla.due", when(s.dueAt)))}`;
}

function requester(t: TicketView, say: (m: Msg) => string): string {
  const c = t.contact;
  if (!c) return `_${say(msg("card.none"))}_`;
  if (c.name && c.email) return `${escapeText(c.name)} (${escapeText(c.email)})`;
  return escapeText(c.name ?? c.email ?? say(msg("card.unknown")));
}

/** The card's fallback text: what notifications and screen readers show. */
export function cardText(t: TicketView, catalog: Catalog): string {
  const names = ticketNames(catalog, t, deskFormats(catalog));
  return truncate(`${t.number} ${escapeText(t.subject)} · ${names.status}`, limits.messageText);
}

/**
 * What a card becomes once its ticket has moved to another triage channel: where it went, and no
 * buttons (the card there is the one to work from). Its thread keeps the history.
 */
export function movedCard(t: TicketView, channel: string, catalog: Catalog): { text: string; blocks: KnownBlock[] } {
  const { f, t: say } = cardSpeech(catalog);
  const names = ticketNames(catalog, t, f);
  const where = names.team
    ? say(msg("card.teamPlace", { team: escapeText(names.team) }))
    : say(msg("card.pipelinePlace", { pipeline: escapeText(names.pipeline) }));
  const moved = (subject: string) => ({ ticket: t.number, subject, channel: `<#${channel}>`, where });
  const text = truncate(say(msg("card.movedTo", moved(escapeText(t.subject)))), limits.messageText);
  return {
    text,
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `:arrow_right: ${say(msg("card.movedNotice", moved(fitEscaped(t.subject, 200).text)))}`,
        },
      },
    ],
  };
}

/** The card's blocks for a ticket as it is now. */
/** The card's blocks; `f` is the reader's formats where one agent reads it (App Home), else the help desk's. */
export function cardBlocks(t: TicketView, catalog: Catalog, f: Formats = deskFormats(catalog)): KnownBlock[] {
  const say = (m: Msg) => render(m, f);
  const names = ticketNames(catalog, t, f);
  const title = fitEscaped(t.subject, 200).text;
  const fields = [
    [say(msg("card.requester")), requester(t, say)],
    [say(msg("card.status")), escapeText(names.status)],
    [say(msg("card.priority")), `${priorityMark[t.priority]}${say(msg(`card.${t.priority}Priority`))}`],
    [say(msg("card.owner")), t.owner ? escapeText(t.owner.name) : `_${say(msg("card.unassigned"))}_`],
    [say(msg("card.team")), names.team ? escapeText(names.team) : `_${say(msg("card.everyone"))}_`],
    [say(msg("card.opened")), slackDate(t.createdAt)],
    // The customer's latest rating, once they gave one.
    ...(t.csatScore != null ? [[say(msg("surveyChat.cardLabel")), ratingText(t.csatScore)] as const] : []),
  ];
  const blocks: KnownBlock[] = [
    { type: "section", block_id: "card.title", text: { type: "mrkdwn", text: `*${t.number}* ${title}` } },
    {
      type: "section",
      block_id: "card.fields",
      fields: fields.map(([k, v]) => ({ type: "mrkdwn", text: truncate(`*${k}*\n${v}`, limits.sectionField) })),
    },
  ];
  const gone = t.deletedAt ? "deleted" : t.mergedIntoId ? "merged" : null;
  if (gone === "deleted") {
    const deleted = say(msg("card.deleted", { when: slackDate(t.deletedAt!) }));
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `:wastebasket: ${deleted}` }] });
    blocks.push({
      type: "actions",
      block_id: `card.actions.${t.id}`,
      elements: [button(say(msg("card.restore")), cardActions.restore, t.id)],
    });
    return blocks;
  }
  if (gone === "merged") {
    const merged = say(msg("card.mergedInto", { into: t.mergedIntoId! }));
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `:twisted_rightwards_arrows: ${merged}` }] });
    return blocks;
  }
  const sla = slaLine(t, say);
  if (sla) blocks.push({ type: "context", block_id: "card.sla", elements: [{ type: "mrkdwn", text: truncate(sla, limits.sectionText) }] });
  blocks.push(actionsBlock(t, catalog, f));
  blocks.push({
    type: "context",
    elements: [{ type: "mrkdwn", text: say(msg("card.threadIsLog", { pipeline: escapeText(names.pipeline) })) }],
  });
  return blocks;
}

function button(text: string, actionId: string, ticketId: number, style?: "primary" | "danger"): ActionsBlock["elements"][number] {
  return {
    type: "button",
    text: { type: "plain_text", text: truncate(text, limits.buttonText) },
    action_id: actionId,
    value: String(ticketId),
    ...(style ? { style } : {}),
  };
}

function option(text: string, value: string): PlainTextOption {
  return { text: { type: "plain_text", text: truncate(text, limits.optionText) }, value };
}

function actionsBlock(t: TicketView, catalog: Catalog, f: Formats): ActionsBlock {
  const say = (m: Msg) => render(m, f);
  const statuses = (catalog.pipeline(t.pipeline.id)?.statuses ?? []).slice(0, limits.selectOptions);
  const current = statuses.find((s) => s.id === t.status.id);
  return {
    type: "actions",
    block_id: `card.actions.${t.id}`,
    elements: [
      t.owner
        ? button(say(msg("card.release")), cardActions.release, t.id)
        : button(say(msg("card.claim")), cardActions.claim, t.id, "primary"),
      button(say(msg("card.reply")), cardActions.reply, t.id),
      button(say(msg("card.comment")), cardActions.comment, t.id),
      {
        type: "static_select",
        action_id: cardActions.status,
        placeholder: { type: "plain_text", text: say(msg("card.statusPlaceholder")) },
        // The value carries the ticket too: a select's own value is only the option chosen.
        options: statuses.map((s) => option(f.name(s.names), `${s.id}:${t.id}`)),
        ...(current ? { initial_option: option(f.name(current.names), `${current.id}:${t.id}`) } : {}),
      },
      {
        type: "users_select",
        action_id: cardActions.assign,
        placeholder: { type: "plain_text", text: say(msg("card.assignPlaceholder")) },
      },
      {
        type: "overflow",
        action_id: cardActions.more,
        options: overflowItems.map((i) => option(say(overflowLabels[i]), overflowValue(i, t.id))),
      },
    ],
  };
}
