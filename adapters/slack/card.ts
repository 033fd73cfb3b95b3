// The ticket card: one message per ticket in its triage channel, updated in place.
import type { ActionsBlock, KnownBlock, PlainTextOption } from "@slack/types";
import { escapeText, fitEscaped, limits, truncate } from "./escape.js";
import type { Catalog, TicketView } from "../../core/index.js";

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

const overflowLabels: Record<OverflowItem, string> = {
  split: "Split…",
  merge: "Merge…",
  move: "Move to pipeline…",
  follow: "Follow / unfollow",
  delete: "Delete",
};

const priorityLabels: Record<TicketView["priority"], string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  urgent: ":rotating_light: Urgent",
};

/** A value that carries the ticket and, for the overflow, what was chosen: "<ticketId>" or "<item>:<ticketId>". */
export function overflowValue(item: OverflowItem, ticketId: number): string {
  return `${item}:${ticketId}`;
}

/** Slack renders this in each viewer's time zone; `{ago}` keeps the age right without updates. */
export function slackDate(at: Date, format = "{ago}"): string {
  const fallback = at.toISOString().replace("T", " ").slice(0, 16) + " UTC";
  return `<!date^${Math.floor(at.getTime() / 1000)}^${format}|${fallback}>`;
}

function requester(t: TicketView): string {
  const c = t.contact;
  if (!c) return "_none_";
  if (c.name && c.email) return `${escapeText(c.name)} (${escapeText(c.email)})`;
  return escapeText(c.name ?? c.email ?? "unknown");
}

/** The card's fallback text: what notifications and screen readers show. */
export function cardText(t: TicketView): string {
  return truncate(`${t.number} ${escapeText(t.subject)} · ${t.status.name}`, limits.messageText);
}

/**
 * What a card becomes once its ticket has moved to another triage channel: where it went, and no
 * buttons (the card there is the one to work from). Its thread keeps the history.
 */
export function movedCard(t: TicketView, channel: string): { text: string; blocks: KnownBlock[] } {
  const where = t.team ? `team ${escapeText(t.team.name)}` : `pipeline ${escapeText(t.pipeline.name)}`;
  const text = truncate(`${t.number} ${escapeText(t.subject)} moved to <#${channel}> (${where})`, limits.messageText);
  return {
    text,
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `:arrow_right: *${t.number}* ${fitEscaped(t.subject, 200).text} moved to <#${channel}> (${where}). Its card is there now; this thread keeps the earlier log.`,
        },
      },
    ],
  };
}

/** The card's blocks for a ticket as it is now. */
export function cardBlocks(t: TicketView, catalog: Catalog): KnownBlock[] {
  const title = fitEscaped(t.subject, 200).text;
  const fields = [
    ["Requester", requester(t)],
    ["Status", escapeText(t.status.name)],
    ["Priority", priorityLabels[t.priority]],
    ["Owner", t.owner ? escapeText(t.owner.name) : "_Unassigned_"],
    ["Team", t.team ? escapeText(t.team.name) : "_Everyone_"],
    ["Opened", slackDate(t.createdAt)],
  ] as const;
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
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `:wastebasket: Deleted ${slackDate(t.deletedAt!)}.` }] });
    blocks.push({ type: "actions", block_id: `card.actions.${t.id}`, elements: [button("Restore", cardActions.restore, t.id)] });
    return blocks;
  }
  if (gone === "merged") {
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `:twisted_rightwards_arrows: Merged into #${t.mergedIntoId}.` }] });
    return blocks;
  }
  blocks.push(actionsBlock(t, catalog));
  blocks.push({
    type: "context",
    elements: [
      {
        type: "mrkdwn",
        text: `${escapeText(t.pipeline.name)} · the thread below is the working log; what you write there is an internal note.`,
      },
    ],
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

function actionsBlock(t: TicketView, catalog: Catalog): ActionsBlock {
  const statuses = (catalog.pipeline(t.pipeline.id)?.statuses ?? []).slice(0, limits.selectOptions);
  const current = statuses.find((s) => s.id === t.status.id);
  return {
    type: "actions",
    block_id: `card.actions.${t.id}`,
    elements: [
      t.owner ? button("Release", cardActions.release, t.id) : button("Claim", cardActions.claim, t.id, "primary"),
      button("Reply", cardActions.reply, t.id),
      button("Comment", cardActions.comment, t.id),
      {
        type: "static_select",
        action_id: cardActions.status,
        placeholder: { type: "plain_text", text: "Status" },
        // The value carries the ticket too: a select's own value is only the option chosen.
        options: statuses.map((s) => option(s.name, `${s.id}:${t.id}`)),
        ...(current ? { initial_option: option(current.name, `${current.id}:${t.id}`) } : {}),
      },
      { type: "users_select", action_id: cardActions.assign, placeholder: { type: "plain_text", text: "Assign…" } },
      {
        type: "overflow",
        action_id: cardActions.more,
        options: overflowItems.map((i) => option(overflowLabels[i], overflowValue(i, t.id))),
      },
    ],
  };
}
