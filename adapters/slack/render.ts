// Ephemeral answers: ticket lists, one ticket in full, help.
import type { KnownBlock } from "@slack/types";
import { slackDate } from "./card.js";
import { escapeText, fitEscaped, limits, truncate } from "./escape.js";
import { listActions, type TicketDetail, type TicketView } from "../../core/index.js";

export interface Answer {
  text: string;
  blocks?: KnownBlock[];
}

function line(t: TicketView): string {
  const owner = t.owner ? escapeText(t.owner.name) : "unassigned";
  return `*${t.number}* ${fitEscaped(t.subject, 120).text} · ${escapeText(t.status.name)} · ${t.priority} · ${owner} · ${slackDate(t.createdAt)}`;
}

/** A list of tickets, one line each, in as few sections as the 3,000-character limit allows. */
export function ticketList(title: string, tickets: TicketView[], more: boolean): Answer {
  if (!tickets.length) return { text: `${title}: nothing here.` };
  const sections: string[] = [];
  let current = `*${title}*`;
  for (const t of tickets) {
    const next = `${current}\n${line(t)}`;
    if (next.length > limits.sectionText) {
      sections.push(current);
      current = line(t);
    } else current = next;
  }
  sections.push(current);
  const blocks: KnownBlock[] = sections
    .slice(0, limits.blocksPerMessage - 1)
    .map((text) => ({ type: "section", text: { type: "mrkdwn", text } }));
  if (more)
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: "More tickets than fit here; narrow it down with `/ticket find`." }],
    });
  return { text: `${title}: ${tickets.length} ticket(s)`, blocks };
}

const kindLabel: Record<string, string> = { INBOUND: "Customer", REPLY: "Reply", COMMENT: "Note", SYSTEM: "System" };

/** One ticket with its messages, newest last; what does not fit in one message is said so. */
export function ticketDetail(d: TicketDetail): Answer {
  const t = d.ticket;
  const head: KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", text: line(t) } },
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: truncate(
            `Requester: ${escapeText(t.contact?.email ?? t.contact?.name ?? "none")} · Team: ${escapeText(t.team?.name ?? "everyone")} · Pipeline: ${escapeText(t.pipeline.name)}${d.followers.length ? ` · Followers: ${escapeText(d.followers.map((f) => f.name).join(", "))}` : ""}`,
            limits.sectionText,
          ),
        },
      ],
    },
  ];
  const room = limits.blocksPerMessage - head.length - 1;
  const messages = d.messages.slice(-room);
  const blocks: KnownBlock[] = [...head];
  if (messages.length < d.messages.length) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `${d.messages.length - messages.length} older message(s) not shown.` }],
    });
  }
  for (const m of messages) {
    const who =
      m.author.type === "system"
        ? "System"
        : escapeText(m.author.name ?? ("email" in m.author ? (m.author.email ?? "someone") : "someone"));
    const headLine = `*${kindLabel[m.kind] ?? m.kind}* · ${who} · ${slackDate(m.createdAt, "{date_short_pretty} {time}")}`;
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: `${headLine}\n${fitEscaped(m.text, limits.sectionText - headLine.length - 10).text}` },
    });
  }
  return { text: `${t.number} ${escapeText(t.subject)}`, blocks };
}

/** What a command says once its action is done. */
export const done = (text: string) => `:white_check_mark: ${text}`;

/** `/ticket help`: every subcommand, from the action catalogue. */
export function helpText(usage: Record<string, string>): Answer {
  const lines = listActions().map(({ name, definition }) => `\`/ticket ${usage[name] ?? name}\` ${definition.description}`);
  return { text: ["*/ticket* — work help desk tickets from Slack", ...lines, "`/ticket help` This list."].join("\n") };
}
