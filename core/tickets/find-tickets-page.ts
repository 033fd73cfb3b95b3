// Search a page at a time, for callers that page through every match (the REST API); the chat
// pickers want the first few only and call findTickets.
import type { Actor, CoreDeps } from "../deps.js";
import { invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { findTickets, type SearchFilters } from "./find-tickets.js";
import type { TicketView } from "./view.js";

export interface FindTicketsPageInput extends SearchFilters {
  text: string;
  /** Default 10, at most 50. */
  limit?: number | undefined;
  /** `nextCursor` of the previous page of the same search (the same text and filters). */
  cursor?: string | undefined;
}

export interface FoundTicketsPage {
  tickets: TicketView[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * findTickets' matches, most recent first, keyset-paginated on (createdAt, id) descending: a
 * ticket created between pages neither repeats a match nor pushes one out of sight.
 */
export async function findTicketsPage(deps: CoreDeps, input: FindTicketsPageInput, actor: Actor): Promise<FoundTicketsPage> {
  const limit = Math.min(input.limit ?? 10, 50);
  if (!Number.isInteger(limit) || limit < 1) throw invalid(msg("errors.resultLimitTooSmall"), { limit: msg("fields.atLeastOne") });
  const after = input.cursor === undefined ? undefined : decode(input.cursor);
  const rows = await findTickets(deps, { ...input, limit, after, peek: true }, actor);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    tickets: page,
    nextCursor: rows.length > limit && last ? Buffer.from(`s${last.createdAt.getTime()}.${last.id}`).toString("base64url") : null,
  };
}

function decode(cursor: string): { createdAt: Date; id: number } {
  const m = /^s(\d{1,15})\.(\d{1,10})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const createdAt = new Date(Number(m?.[1]));
  const id = Number(m?.[2]);
  if (!m || id > 2_147_483_647 || Number.isNaN(createdAt.getTime())) {
    throw invalid(msg("errors.cursorInvalid"), { cursor: msg("fields.invalidCursor") });
  }
  return { createdAt, id };
}
