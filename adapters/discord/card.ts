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
import type { Catalog, TicketView } from "../../core/index.js";

/** What the card's components do; the interaction handlers route on these. */
export const cardActions = ["claim", "release", "reply", "comment", "status", "more", "restore"] as const;
export type CardAction = (typeof cardActions)[number];

/** What the "More" select offers. */
export const moreItems = ["assign", "split", "merge", "move", "follow", "delete"] as const;
export type MoreItem = (typeof moreItems)[number];

const moreOptions: Record<MoreItem, { label: string; description: string }> = {
  assign: { label: "Assign…", description: "Give the ticket to an agent." },
  split: { label: "Split…", description: "Move chosen messages into a new ticket." },
  merge: { label: "Merge…", description: "Fold another ticket into this one." },
  move: { label: "Move to pipeline…", description: "Move the ticket to another pipeline." },
  follow: { label: "Follow / unfollow", description: "Be told (or stop being told) about replies and comments." },
  delete: { label: "Delete", description: "Delete the ticket (an admin can restore it)." },
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

const priorityLabels: Record<TicketView["priority"], string> = { low: "Low", medium: "Medium", high: "High", urgent: "🚨 Urgent" };

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

function requester(t: TicketView): string {
  const c = t.contact;
  if (!c) return "*none*";
  const name = c.name ? oneLine(c.name) : null;
  if (name && c.email) return fitSafe(`${name} (${c.email})`, limits.embedFieldValue);
  return fitSafe(name ?? c.email ?? "unknown", limits.embedFieldValue);
}

/** The card's embed for a ticket as it is now. */
export function cardEmbed(t: TicketView): APIEmbed {
  const field = (name: string, value: string) => ({ name, value: truncate(value, limits.embedFieldValue), inline: true });
  const gone = t.deletedAt ? `🗑️ Deleted ${discordTimestamp(t.deletedAt)}.` : t.mergedIntoId ? `🔀 Merged into #${t.mergedIntoId}.` : null;
  return {
    title: `${t.number} ${fitSafe(oneLine(t.subject), limits.embedTitle - t.number.length - 1)}`,
    color: t.status.category === "CLOSED" || gone ? cardColors.closed : cardColors[t.priority],
    fields: [
      field("Requester", requester(t)),
      field("Status", fitSafe(t.status.name, limits.embedFieldValue)),
      field("Priority", priorityLabels[t.priority]),
      field("Owner", t.owner ? fitSafe(t.owner.name, limits.embedFieldValue) : "*Unassigned*"),
      field("Team", t.team ? fitSafe(t.team.name, limits.embedFieldValue) : "*Everyone*"),
      field("Opened", discordTimestamp(t.createdAt)),
    ],
    ...(gone ? { description: gone } : {}),
    footer: {
      text: truncate(
        `${oneLine(t.pipeline.name)} · this post is the working log; what you write here is an internal note.`,
        limits.embedFooter,
      ),
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
  if (t.mergedIntoId) return [];
  if (t.deletedAt) return [{ type: ComponentType.ActionRow, components: [button("Restore", "restore", t.id, ButtonStyle.Secondary)] }];
  const statuses = (catalog.pipeline(t.pipeline.id)?.statuses ?? []).slice(0, limits.selectOptions);
  const statusOptions: APISelectMenuOption[] = statuses.map((s) => ({
    label: truncate(s.name, limits.selectOptionLabel),
    value: s.id,
    ...(s.id === t.status.id ? { default: true } : {}),
  }));
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        t.owner ? button("Release", "release", t.id, ButtonStyle.Secondary) : button("Claim", "claim", t.id, ButtonStyle.Success),
        button("Reply", "reply", t.id, ButtonStyle.Primary),
        button("Comment", "comment", t.id, ButtonStyle.Secondary),
      ],
    },
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: cardCustomId("status", t.id),
          placeholder: "Status",
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
          placeholder: "More…",
          options: moreItems.map((i) => ({ label: moreOptions[i].label, value: i, description: moreOptions[i].description })),
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
  return { embeds: [cardEmbed(t)], components: cardComponents(t, catalog), allowedMentions: noMentions };
}
