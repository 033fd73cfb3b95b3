// The ticket card: the starter message of the ticket's forum post, edited in place on every change.
// Plain API JSON (discord.js sends it as given), so tests can assert exactly what goes out.
// @see https://discord.com/developers/docs/resources/message#embed-object
// @see https://discord.com/developers/docs/components/reference
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIButtonComponentWithCustomId,
  type APISelectMenuOption,
  type BaseMessageOptions,
} from "discord.js";
import { fitSafe, limits, noMentions, oneLine, truncate } from "./escape.js";
import { deskFormats, msg, ratingText, render, ticketNames, type Catalog, type Msg, type TicketView } from "../../core/index.js";

/** The card speaks the help desk's language (HELPDESK_LOCALE): everyone in the forum reads the same one. */
function cardSpeech(catalog: Catalog) {
  const f = deskFormats(catalog);
  return { f, t: (m: Msg) => render(m, f) };
}

/** What the card's components do; the interaction handlers route on these. */
export const cardActions = ["claim", "release", "reply", "comment", "status", "more", "restore"] as const;
export type CardAction = (typeof cardActions)[number];

/** What the "More" select offers. */
export const moreItems = ["assign", "split", "merge", "move", "follow", "delete"] as const;
export type MoreItem = (typeof moreItems)[number];

const moreOptions: Record<MoreItem, { label: Msg; description: Msg }> = {
  assign: { label: msg("card.assignPlaceholder"), description: msg("card.assignHelp") },
  split: { label: msg("card.split"), description: msg("card.splitHelp") },
  merge: { label: msg("card.merge"), description: msg("card.mergeHelp") },
  move: { label: msg("card.move"), description: msg("card.moveHelp") },
  follow: { label: msg("card.follow"), description: msg("card.followHelp") },
  delete: { label: msg("card.delete"), description: msg("card.deleteHelp") },
};

const customIdPrefix = "ticket";

/** A component's custom id: `ticket:<action>:<ticket id>` (well under Discord's 100 characters). */
export function cardCustomId(action: CardAction, ticketId: number): string {
  return `${customIdPrefix}:${action}:${ticketId}`;
}

/** The action and ticket a card component's custom id names, or null when it is not one of ours. */
export function parseCardCustomId(customId: string): { action: CardAction; ticketId: number } | null {
  const m = /^ticket:([a-z]+):(\d{1,15})$/.exec(customId);
  if (!m || !(cardActions as readonly string[]).includes(m[1]!)) return null;
  return { action: m[1] as CardAction, ticketId: Number(m[2]) };
}

const priorityMark: Record<TicketView["priority"], string> = { low: "", medium: "", high: "", urgent: "🚨 " };

/** Embed colours: closed tickets grey, open ones by priority. */
export const cardColors = { closed: 0x95a5a6, low: 0x5865f2, medium: 0x5865f2, high: 0xe67e22, urgent: 0xed4245 } as const;

/** Discord renders this in each viewer's time zone, relative ("3 hours ago"), and keeps it current. */
export function discordTimestamp(at: Date, style: "R" | "f" | "F" | "d" | "D" | "t" | "T" = "R"): string {
  return `<t:${Math.floor(at.getTime() / 1000)}:${style}>`;
}

/** The forum post's name: `#123 subject` on one line, cut to Discord's 100-character thread name. */
export function forumPostTitle(t: TicketView): string {
  return truncate(oneLine(`${t.number} ${t.subject}`), limits.threadName);
}

/**
 * The ticket's most urgent SLA target as a card line: when it falls due, since when it is overdue,
 * or that it is paused; null when it has none. Dates are Discord's timestamps, in each viewer's zone.
 * @see https://discord.com/developers/docs/reference#message-formatting-timestamp-styles
 */
export function slaLine(t: Pick<TicketView, "sla">, say: (m: Msg) => string): string | null {
  const s = t.sla;
  if (!s) return null;
  const when = (at: Date) => ({ metric: s.metric, date: discordTimestamp(at, "f"), ago: discordTimestamp(at, "R") });
  if (s.paused && s.breachedAt) return `🔴 ${say(msg("sla.pausedOverdue", when(s.breachedAt)))}`;
  if (s.paused || !s.dueAt) return `⏸️ ${say(msg("sla.paused", { metric: s.metric }))}`;
  if (s.breachedAt) return `🔴 ${say(msg("sla.overdue", when(s.dueAt)))}`;
  return `⏳ ${say(msg("sla.due", when(s.dueAt)))}`;
}

function requester(t: TicketView, say: (m: Msg) => string): string {
  const c = t.contact;
  if (!c) return `*${say(msg("card.none"))}*`;
  const name = c.name ? oneLine(c.name) : null;
  if (name && c.email) return fitSafe(`${name} (${c.email})`, limits.embedFieldValue);
  return fitSafe(name ?? c.email ?? say(msg("card.unknown")), limits.embedFieldValue);
}

/** The card's embed for a ticket as it is now. */
export function cardEmbed(t: TicketView, catalog: Catalog): APIEmbed {
  const { f, t: say } = cardSpeech(catalog);
  const names = ticketNames(catalog, t, f);
  const field = (name: Msg, value: string) => ({ name: say(name), value: truncate(value, limits.embedFieldValue), inline: true });
  const gone = t.deletedAt
    ? `🗑️ ${say(msg("card.deleted", { when: discordTimestamp(t.deletedAt) }))}`
    : t.mergedIntoId
      ? `🔀 ${say(msg("card.mergedInto", { into: t.mergedIntoId }))}`
      : null;
  // A deleted or merged ticket's line says so; only a live one's says its SLA target.
  const description = gone ?? slaLine(t, say);
  return {
    title: `${t.number} ${fitSafe(oneLine(t.subject), limits.embedTitle - t.number.length - 1)}`,
    color: t.status.category === "CLOSED" || gone ? cardColors.closed : cardColors[t.priority],
    fields: [
      field(msg("card.requester"), requester(t, say)),
      field(msg("card.status"), fitSafe(names.status, limits.embedFieldValue)),
      field(msg("card.priority"), `${priorityMark[t.priority]}${say(msg(`card.${t.priority}Priority`))}`),
      field(msg("card.owner"), t.owner ? fitSafe(t.owner.name, limits.embedFieldValue) : `*${say(msg("card.unassigned"))}*`),
      field(msg("card.team"), names.team ? fitSafe(names.team, limits.embedFieldValue) : `*${say(msg("card.everyone"))}*`),
      field(msg("card.opened"), discordTimestamp(t.createdAt)),
      // The customer's latest rating, once they gave one.
      ...(t.csatScore != null ? [field(msg("surveyChat.cardLabel"), ratingText(t.csatScore))] : []),
    ],
    ...(description ? { description: truncate(description, limits.embedDescription) } : {}),
    footer: {
      text: truncate(say(msg("card.postIsLog", { pipeline: oneLine(names.pipeline) })), limits.embedFooter),
    },
  };
}

function button(
  label: string,
  action: CardAction,
  ticketId: number,
  style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger,
): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, style, label: truncate(label, limits.buttonLabel), custom_id: cardCustomId(action, ticketId) };
}

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

/** The card's action rows: buttons, the status select, the More select (none for a merged ticket). */
export function cardComponents(t: TicketView, catalog: Catalog): Row[] {
  const { f, t: say } = cardSpeech(catalog);
  if (t.mergedIntoId) return [];
  if (t.deletedAt)
    return [{ type: ComponentType.ActionRow, components: [button(say(msg("card.restore")), "restore", t.id, ButtonStyle.Secondary)] }];
  const statuses = (catalog.pipeline(t.pipeline.id)?.statuses ?? []).slice(0, limits.selectOptions);
  const statusOptions: APISelectMenuOption[] = statuses.map((s) => ({
    label: truncate(f.name(s.names), limits.selectOptionLabel),
    value: s.id,
    ...(s.id === t.status.id ? { default: true } : {}),
  }));
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        t.owner
          ? button(say(msg("card.release")), "release", t.id, ButtonStyle.Secondary)
          : button(say(msg("card.claim")), "claim", t.id, ButtonStyle.Success),
        button(say(msg("card.reply")), "reply", t.id, ButtonStyle.Primary),
        button(say(msg("card.comment")), "comment", t.id, ButtonStyle.Secondary),
      ],
    },
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: cardCustomId("status", t.id),
          placeholder: say(msg("card.statusPlaceholder")),
          options: statusOptions,
          min_values: 1,
          max_values: 1,
        },
      ],
    },
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: cardCustomId("more", t.id),
          placeholder: say(msg("card.morePlaceholder")),
          options: moreItems.map((i) => ({
            label: truncate(say(moreOptions[i].label), limits.selectOptionLabel),
            value: i,
            description: truncate(say(moreOptions[i].description), limits.selectOptionDescription),
          })),
          min_values: 1,
          max_values: 1,
        },
      ],
    },
  ];
}

/** The whole card message (post or edit): embed, components, and no pings. */
export function cardMessage(
  t: TicketView,
  catalog: Catalog,
): BaseMessageOptions & { embeds: APIEmbed[]; components: Row[]; allowedMentions: typeof noMentions } {
  return { embeds: [cardEmbed(t, catalog)], components: cardComponents(t, catalog), allowedMentions: noMentions };
}
