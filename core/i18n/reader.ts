import { agentAccounts, type AgentDefinition, type Catalog } from "../config.js";
import { Formats } from "./format.js";
import { pickLocale } from "./locale.js";

/** Who reads a text: an agent (by id, or by their account on a chat surface), with the platform's locale if it sent one. */
export interface Reader {
  agentId?: string | null | undefined;
  /** Their account on a chat surface, to find a configured agent by. */
  account?: { surface: string; userId: string } | undefined;
  /** The locale the platform says the user has (Discord's `locale`, Slack's `locale` when asked), as a BCP 47 tag. */
  platformLocale?: string | null | undefined;
}

function configuredAgent(catalog: Catalog, reader: Reader): AgentDefinition | undefined {
  const { agents } = catalog.config;
  if (reader.agentId) return agents.find((a) => a.id === reader.agentId);
  const account = reader.account;
  if (account) return agents.find((a) => agentAccounts(a).get(account.surface) === account.userId);
  return undefined;
}

/**
 * The language and time zone to show a reader: the agent's configured `locale`, else the
 * platform's, else the help desk's (HELPDESK_LOCALE); the time zone of the agent's first team that
 * has one, else the help desk's (HELPDESK_TIME_ZONE).
 */
export function readerFormats(catalog: Catalog, reader: Reader = {}): Formats {
  const agent = configuredAgent(catalog, reader);
  const locale = pickLocale([agent?.locale, reader.platformLocale], catalog.locale);
  const teamZone = agent?.teams.map((id) => catalog.config.teams.find((t) => t.id === id)?.timeZone).find((z) => z !== undefined);
  return new Formats(locale, teamZone ?? catalog.timeZone);
}

/** The help desk's own language and time zone: for what many read at once (a card in a shared channel). */
export function deskFormats(catalog: Catalog): Formats {
  return new Formats(catalog.locale, catalog.timeZone);
}
