// The Discord application command definitions, generated from the action catalogue: `/ticket`
// with one subcommand per action, and the message context-menu commands. Registered by
// `npm run discord:register` (manifest/discord-register.ts), never by the running service.
// @see https://discord.com/developers/docs/interactions/application-commands
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandGroupOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIApplicationCommandsJSONBody,
} from "discord.js";
import { actionText, listActions, type ActionDefinition, type ActionInputDefinition, type ActionOn } from "../core/actions/catalog.js";
import { Formats } from "../core/i18n/format.js";
import type { Locale } from "../core/i18n/locale.js";
import { msg, render, type Msg } from "../core/i18n/translate.js";
import { queues } from "../core/tickets/list-tickets.js";
import { priorities } from "../core/tickets/view.js";
import { messageCommands, subcommandNames, ticketCommand } from "../adapters/discord/command-names.js";

/** Discord's limits on command definitions. */
export const commandLimits = { name: 32, description: 100, options: 25, choices: 25, stringValue: 6000 } as const;

/**
 * Long text typed in a command is capped at what a modal's text input holds (4,000), not at the
 * 6,000 a string option could take: a refused reply comes back as a draft in the reply modal.
 * @see https://discord.com/developers/docs/components/reference#text-input
 */
export const longTextMax = 4000;

/** What a `properties` option says: one line of pairs, read by parsePropertyPairs. */
export const propertiesDescription = render(msg("commands.propertiesOption"), new Formats("en"));

/** The languages Discord shows besides English, by Discord's locale code. */
const otherLocales = { ja: "ja" } as const satisfies Partial<Record<Locale, string>>;

/**
 * A text in English and in every other language, as Discord takes it: `description` and
 * `description_localizations` (or `name` and `name_localizations`), each cut to `max`.
 * @see https://discord.com/developers/docs/interactions/application-commands#localization
 */
function localized<K extends "description" | "name">(key: K, text: (l: Locale) => string, max: number) {
  const localizations = Object.fromEntries(Object.entries(otherLocales).map(([l, code]) => [code, cut(text(l as Locale), max)]));
  return { [key]: cut(text("en"), max), [`${key}_localizations`]: localizations } as Record<K, string> &
    Record<`${K}_localizations`, Record<string, string>>;
}

const said = (m: Msg) => (l: Locale) => render(m, new Formats(l));

/** Names of chat-input commands and their options: lowercase letters, digits, `-` and `_`. */
export const commandNamePattern = /^[-_\p{Ll}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Inputs chosen in a modal instead of typed in the command (the modal opens when they are left out). */
const modalKinds = new Set(["messages"]);

/** An option's name from its use-case field: `ticketId` → `ticket`, `statusId` → `status`. */
export function optionName(field: string): string {
  return field.replace(/Ids?$/, "").replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function option(action: ActionOn<"discord">, input: ActionInputDefinition, implied: boolean): APIApplicationCommandBasicOption | null {
  if (modalKinds.has(input.kind)) return null;
  const name = optionName(input.field);
  // The ticket an action works on is implied inside its forum post; long text can be written in
  // the modal that opens when it is left out.
  const required = input.required && !implied && input.kind !== "long_text";
  const description = (l: Locale) => {
    const text = input.kind === "properties" ? said(msg("commands.propertiesOption"))(l) : actionText(action, l).input(input.field);
    return implied ? render(msg("commands.impliedInPost", { said: text }), new Formats(l)) : text;
  };
  const base = { name, ...localized("description", description, commandLimits.description), required };
  switch (input.kind) {
    case "agent":
      return { ...base, type: ApplicationCommandOptionType.User };
    case "priority":
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: priorities.map((p) => ({ ...localized("name", said(msg(`priority.${p}`)), 100), value: p })),
      };
    case "queue":
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: queues.map((q) => ({ ...localized("name", said(msg(`queue.${q}`)), 100), value: q })),
      };
    case "ticket":
    case "status":
    case "pipeline":
    case "team":
      // Config and tickets change at run time, so these are answered by autocomplete.
      return { ...base, type: ApplicationCommandOptionType.String, autocomplete: true };
    case "text":
      return { ...base, type: ApplicationCommandOptionType.String, max_length: 200 };
    case "long_text":
      return { ...base, type: ApplicationCommandOptionType.String, max_length: longTextMax };
    case "emails":
    case "properties":
      return { ...base, type: ApplicationCommandOptionType.String, max_length: 1000 };
    default:
      return null;
  }
}

/** One action's subcommand: options from its inputs, required ones first (Discord's rule). */
export function subcommandFor(name: ActionOn<"discord">, action: ActionDefinition): APIApplicationCommandSubcommandOption {
  const firstTicket = action.onTicket ? action.inputs.find((i) => i.kind === "ticket") : undefined;
  const options = action.inputs
    .map((i) => option(name, i, i === firstTicket))
    .filter((o): o is APIApplicationCommandBasicOption => o !== null);
  options.sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false));
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: subcommandNames[name],
    ...localized("description", (l) => actionText(name, l).description, commandLimits.description),
    ...(options.length ? { options } : {}),
  };
}

/**
 * The `/ticket` options: subcommands, or, when the catalogue outgrows Discord's 25 options per
 * command, subcommand groups of read-only (`view`) and changing (`work`, `work2`…) actions.
 */
export function ticketCommandOptions(): (APIApplicationCommandSubcommandOption | APIApplicationCommandSubcommandGroupOption)[] {
  const subs = listActions("discord").map(({ name, definition }) => ({
    readOnly: definition.readOnly,
    sub: subcommandFor(name, definition),
  }));
  if (subs.length <= commandLimits.options) return subs.map((s) => s.sub);
  const groups: APIApplicationCommandSubcommandGroupOption[] = [];
  const chunk = (name: string, description: Msg, list: APIApplicationCommandSubcommandOption[]) => {
    for (let i = 0; i < list.length; i += commandLimits.options) {
      const n = i ? `${name}${i / commandLimits.options + 1}` : name;
      groups.push({
        type: ApplicationCommandOptionType.SubcommandGroup,
        name: n,
        ...localized("description", said(description), commandLimits.description),
        options: list.slice(i, i + commandLimits.options),
      });
    }
  };
  chunk(
    "view",
    msg("commands.groupView"),
    subs.filter((s) => s.readOnly).map((s) => s.sub),
  );
  chunk(
    "work",
    msg("commands.groupWork"),
    subs.filter((s) => !s.readOnly).map((s) => s.sub),
  );
  return groups;
}

/** Every command, in the shape `PUT /applications/{app}/commands` takes. */
export function discordCommands(): RESTPostAPIApplicationCommandsJSONBody[] {
  const where = { contexts: [InteractionContextType.Guild], integration_types: [ApplicationIntegrationType.GuildInstall] };
  return [
    {
      type: ApplicationCommandType.ChatInput,
      name: ticketCommand,
      ...localized("description", said(msg("commands.ticketCommand")), commandLimits.description),
      ...where,
      options: ticketCommandOptions(),
    },
    // Discord sends the English name whatever the user's language, so the handlers route on it.
    {
      type: ApplicationCommandType.Message,
      name: messageCommands.createTicket,
      name_localizations: localized("name", said(msg("commands.createTicketFromMessage")), commandLimits.name).name_localizations,
      ...where,
    },
    {
      type: ApplicationCommandType.Message,
      name: messageCommands.sendAsReply,
      name_localizations: localized("name", said(msg("commands.sendAsReply")), commandLimits.name).name_localizations,
      ...where,
    },
  ];
}

/** The committed file's text: two-space indent, trailing newline. */
export function discordCommandsText(): string {
  return `${JSON.stringify(discordCommands(), null, 2)}\n`;
}
