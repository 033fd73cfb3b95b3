// How ticket lists and one ticket in full look in an ephemeral Discord answer: embeds, so they
// read like the cards in the forum, with customer text escaped and every part inside Discord's
// embed limits (which are counted per embed and for the whole message).
// @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits
import type { APIEmbed } from "discord.js";
import { cardColors, discordTimestamp, slaLine } from "./card.js";
import { fitSafe, limits, oneLine, truncate } from "./escape.js";
import {
  type Catalog,
  type MessageView,
  messageKind,
  msg,
  ratingText,
  type Speech,
  type TicketDetail,
  type TicketView,
  ticketNames,
  timelineNotes,
} from "../../core/index.js";

/** What a list or detail answer sends: embeds only, content left empty. */
export interface RenderedAnswer {
  content: string;
  embeds: APIEmbed[];
}

const listColor = 0x5865f2;

/**
 * One ticket as one line: `**#12** subject · Status · owner · opened 3 hours ago`, then, when an
 * SLA clock runs, `· SLA due in 20 minutes` (Discord counts it down, and past it, "5 minutes ago").
 * @see https://discord.com/developers/docs/reference#message-formatting-timestamp-styles
 */
export function ticketLine(t: TicketView, s: Speech, catalog: Catalog, subjectMax = 80): string {
  const owner = t.owner ? fitSafe(oneLine(t.owner.name), 60) : `*${s.say(msg("lists.unassigned"))}*`;
  const status = ticketNames(catalog, t, s.f).status;
  const priority = t.priority === "urgent" ? "🚨 " : t.priority === "high" ? "❗ " : "";
  const due = t.slaDueAt ? ` · ${s.say(msg("lists.slaDue", { when: discordTimestamp(t.slaDueAt) }))}` : "";
  return `${priority}**${t.number}** ${fitSafe(oneLine(t.subject), subjectMax)} · ${fitSafe(status, 60)} · ${owner} · ${discordTimestamp(t.createdAt)}${due}`;
}

/**
 * A list of tickets in one embed, one line each, as many as the 4,096-character description
 * holds; when some are left out (or the core had more), the footer says how to narrow it down.
 * @see https://discord.com/developers/docs/resources/message#embed-object
 */
export function ticketList(title: string, tickets: readonly TicketView[], more: boolean, s: Speech, catalog: Catalog): RenderedAnswer {
  if (!tickets.length)
    return {
      content: "",
      embeds: [{ title: truncate(title, limits.embedTitle), description: s.say(msg("lists.nothingHere")), color: listColor }],
    };
  const lines: string[] = [];
  let used = 0;
  for (const t of tickets) {
    const line = ticketLine(t, s, catalog);
    if (used + line.length + 1 > limits.embedDescription) break;
    lines.push(line);
    used += line.length + 1;
  }
  const cut = more || lines.length < tickets.length;
  return {
    content: "",
    embeds: [
      {
        title: truncate(`${title} (${s.f.number(lines.length)}${cut ? "+" : ""})`, limits.embedTitle),
        description: lines.join("\n"),
        color: listColor,
        ...(cut ? { footer: { text: s.say(msg("lists.moreDiscord")) } } : {}),
      },
    ],
  };
}

const kindMark = { INBOUND: "📨", REPLY: "📤", COMMENT: "📝", SYSTEM: "⚙️" } as const satisfies Record<MessageView["kind"], string>;

function authorName(m: MessageView, s: Speech): string {
  const a = m.author;
  if (a.type === "system") return s.say(msg("lists.system"));
  const name = a.name ?? (a.type === "contact" ? a.email : null) ?? s.say(msg("lists.someone"));
  return fitSafe(oneLine(name), 80);
}

/** Total characters Discord counts towards the 6,000 of one message's embeds. */
function embedSize(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/**
 * One ticket: an embed with its properties, then its latest messages newest last, as many as fit
 * (each message cut to a few lines; the forum post holds them in full).
 * @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 */
export function ticketDetail(d: TicketDetail, s: Speech, catalog: Catalog): RenderedAnswer {
  const t = d.ticket;
  const { say } = s;
  const names = ticketNames(catalog, t, s.f);
  const field = (name: string, value: string) => ({ name, value: truncate(value, limits.embedFieldValue), inline: true });
  const contact = t.contact
    ? fitSafe(
        oneLine(
          t.contact.name
            ? `${t.contact.name} (${t.contact.email ?? say(msg("lists.noEmail"))})`
            : (t.contact.email ?? say(msg("card.unknown"))),
        ),
        300,
      )
    : `*${say(msg("card.none"))}*`;
  const gone = t.deletedAt
    ? `🗑️ ${say(msg("card.deleted", { when: discordTimestamp(t.deletedAt) }))}`
    : t.mergedIntoId
      ? `🔀 ${say(msg("card.mergedInto", { into: t.mergedIntoId }))}`
      : null;
  const description = gone ?? slaLine(t, say);
  const head: APIEmbed = {
    title: `${t.number} ${fitSafe(oneLine(t.subject), limits.embedTitle - t.number.length - 1)}`,
    color: t.status.category === "CLOSED" || gone ? cardColors.closed : cardColors[t.priority],
    fields: [
      field(say(msg("card.status")), fitSafe(names.status, 200)),
      field(say(msg("card.priority")), say(msg(`priority.${t.priority}`))),
      field(say(msg("card.owner")), t.owner ? fitSafe(t.owner.name, 200) : `*${say(msg("card.unassigned"))}*`),
      field(say(msg("card.requester")), contact),
      field(say(msg("card.team")), names.team !== null ? fitSafe(names.team, 200) : `*${say(msg("card.everyone"))}*`),
      field(say(msg("card.opened")), discordTimestamp(t.createdAt)),
      ...(d.followers.length ? [field(say(msg("lists.followers")), fitSafe(d.followers.map((f) => f.name).join(", "), 500))] : []),
      // The customer's latest rating, as on the card.
      ...(t.csatScore != null ? [field(say(msg("surveyChat.cardLabel")), ratingText(t.csatScore))] : []),
    ],
    // Gone, or else its most urgent SLA target, as on the card.
    ...(description ? { description } : {}),
    footer: {
      text: truncate(`${oneLine(names.pipeline)} · ${say(msg("lists.messageCount", { count: d.messages.length }))}`, limits.embedFooter),
    },
  };
  const room = limits.embedTotal - embedSize(head) - 100;
  // Messages and the timeline's notes (the customer's ratings and comments) in the order they came.
  const entries = [
    ...d.messages.map((m) => ({ at: m.createdAt, message: true, block: messageBlock(m, s) })),
    ...timelineNotes(d.timeline).map((n) => ({
      at: n.createdAt,
      message: false,
      block: `${n.kind === "rating" ? "⭐" : "💬"} ${fitSafe(oneLine(say(n.text)), 400)} · ${discordTimestamp(n.createdAt)}`,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const blocks: string[] = [];
  let used = 0;
  let shownMessages = 0;
  for (const e of entries.reverse()) {
    if (used + e.block.length + 2 > Math.min(room, limits.embedDescription)) break;
    blocks.unshift(e.block);
    used += e.block.length + 2;
    if (e.message) shownMessages++;
  }
  const older = d.messages.length - shownMessages;
  const embeds: APIEmbed[] = [head];
  if (blocks.length) {
    embeds.push({
      description: blocks.join("\n\n"),
      color: head.color ?? listColor,
      ...(older ? { footer: { text: say(msg("lists.olderDiscord", { count: older })) } } : {}),
    });
  }
  return { content: "", embeds };
}

/** A message as a detail shows it: its kind, author and age, then its text cut to a few lines. */
function messageBlock(m: MessageView, s: Speech): string {
  const text = fitSafe(m.text.trim(), 400) || `*${s.say(msg("lists.empty"))}*`;
  return `**${kindMark[m.kind]} ${s.say(messageKind(m.kind))}** · ${authorName(m, s)} · ${discordTimestamp(m.createdAt)}\n${text}`;
}
