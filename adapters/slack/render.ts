// Ephemeral answers: ticket lists, one ticket in full, help.
import type { KnownBlock } from "@slack/types";
import { slackDate, slaLine } from "./card.js";
import { escapeText, fitEscaped, limits, truncate } from "./escape.js";
import {
  actionText,
  type Catalog,
  listActions,
  msg,
  type Msg,
  type Speech,
  type TicketDetail,
  type TicketView,
  messageKind,
  ratingText,
  ticketNames,
  timelineNotes,
  type TimelineNote,
} from "../../core/index.js";

export interface Answer {
  text: string;
  blocks?: KnownBlock[];
}

/** A ticket's next SLA due time, as Slack renders a date in each viewer's zone; null when no clock runs. */
export function slaDueText(t: TicketView, s: Speech): string | null {
  return t.slaDueAt ? s.say(msg("lists.slaDue", { when: slackDate(t.slaDueAt, "{date_short_pretty} {time}") })) : null;
}

function line(t: TicketView, s: Speech, catalog: Catalog): string {
  const owner = t.owner ? escapeText(t.owner.name) : s.say(msg("lists.unassigned"));
  const status = ticketNames(catalog, t, s.f).status;
  const due = slaDueText(t, s);
  return `*${t.number}* ${fitEscaped(t.subject, 120).text} · ${escapeText(status)} · ${s.say(msg(`priority.${t.priority}`))} · ${owner} · ${slackDate(t.createdAt)}${due ? ` · ${due}` : ""}`;
}

/** A list of tickets, one line each, in as few sections as the 3,000-character limit allows. */
export function ticketList(title: string, tickets: TicketView[], more: boolean, s: Speech, catalog: Catalog): Answer {
  if (!tickets.length) return { text: s.say(msg("lists.emptyTitled", { title })) };
  const sections: string[] = [];
  let current = `*${title}*`;
  for (const t of tickets) {
    const l = line(t, s, catalog);
    const next = `${current}\n${l}`;
    if (next.length > limits.sectionText) {
      sections.push(current);
      current = l;
    } else current = next;
  }
  sections.push(current);
  const blocks: KnownBlock[] = sections
    .slice(0, limits.blocksPerMessage - 1)
    .map((text) => ({ type: "section", text: { type: "mrkdwn", text } }));
  if (more)
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: s.say(msg("lists.moreSlack")) }],
    });
  return { text: s.say(msg("lists.ticketCount", { title, count: tickets.length })), blocks };
}

/** One ticket with its messages, newest last; what does not fit in one message is said so. */
export function ticketDetail(d: TicketDetail, s: Speech, catalog: Catalog): Answer {
  const t = d.ticket;
  const names = ticketNames(catalog, t, s.f);
  const head: KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", text: line(t, s, catalog) } },
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: truncate(
            s.say(
              msg("lists.detailSlack", {
                requester: escapeText(t.contact?.email ?? t.contact?.name ?? s.say(msg("card.none"))),
                team: names.team === null ? null : escapeText(names.team),
                pipeline: escapeText(names.pipeline),
                followers: d.followers.map((f) => escapeText(f.name)),
              }),
            ),
            limits.sectionText,
          ),
        },
      ],
    },
  ];
  // Its most urgent SLA target, as on the card.
  const sla = slaLine(t, s.say);
  if (sla) head.push({ type: "context", elements: [{ type: "mrkdwn", text: sla }] });
  // The customer's latest rating, as on the card.
  if (t.csatScore != null)
    head.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `*${s.say(msg("surveyChat.cardLabel"))}* ${ratingText(t.csatScore)}` }],
    });
  const room = limits.blocksPerMessage - head.length - 1;
  // Messages and the timeline's notes (the customer's ratings and comments) in the order they came.
  const entries = [
    ...d.messages.map((m) => ({ at: m.createdAt, message: true, block: messageBlock(m, s) })),
    ...timelineNotes(d.timeline).map((n) => ({ at: n.createdAt, message: false, block: noteBlock(n, s) })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const shown = entries.slice(-room);
  const olderMessages = entries.slice(0, entries.length - shown.length).filter((e) => e.message).length;
  const blocks: KnownBlock[] = [...head];
  if (olderMessages) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: s.say(msg("lists.olderSlack", { count: olderMessages })) }],
    });
  }
  blocks.push(...shown.map((e) => e.block));
  return { text: `${t.number} ${escapeText(t.subject)}`, blocks };
}

function messageBlock(m: TicketDetail["messages"][number], s: Speech): KnownBlock {
  const who =
    m.author.type === "system"
      ? s.say(msg("lists.system"))
      : escapeText(m.author.name ?? ("email" in m.author ? m.author.email : null) ?? s.say(msg("lists.someone")));
  const headLine = `*${s.say(messageKind(m.kind))}* · ${who} · ${slackDate(m.createdAt, "{date_short_pretty} {time}")}`;
  return {
    type: "section",
    text: { type: "mrkdwn", text: `${headLine}\n${fitEscaped(m.text, limits.sectionText - headLine.length - 10).text}` },
  };
}

/** Most of a customer's comment a detail shows (it may be 2,000 characters; the line stays short). */
const noteMax = 500;

/** A timeline note as a context line: what the customer said, escaped so it pings nobody, and when. */
function noteBlock(n: TimelineNote, s: Speech): KnownBlock {
  const mark = n.kind === "rating" ? ":star:" : ":speech_balloon:";
  const text = fitEscaped(s.say(n.text), noteMax).text;
  return {
    type: "context",
    elements: [{ type: "mrkdwn", text: `${mark} ${text} · ${slackDate(n.createdAt, "{date_short_pretty} {time}")}` }],
  };
}

/** What a command says once its action is done. */
export const done = (text: string) => `:white_check_mark: ${text}`;

/** A subcommand that is not a catalogue action, as the help lists it. */
export interface ExtraSubcommand {
  /** The words typed. */
  usage: string;
  /** What follows them, in the reader's language (such as "[company domain]"). */
  placeholder?: Msg | undefined;
  description: Msg;
}

/** `/ticket help`: every subcommand, from the action catalogue, then the `extra` ones. */
export function helpText(usage: Record<string, string>, s: Speech, extra: readonly ExtraSubcommand[] = []): Answer {
  const lines = listActions().map(({ name }) => `\`/ticket ${usage[name] ?? name}\` ${actionText(name, s.f.locale).description}`);
  const more = extra.map((x) => `\`/ticket ${x.placeholder ? `${x.usage} ${s.say(x.placeholder)}` : x.usage}\` ${s.say(x.description)}`);
  return { text: [s.say(msg("lists.helpTitleSlack")), ...lines, ...more, `\`/ticket help\` ${s.say(msg("lists.helpSelf"))}`].join("\n") };
}
