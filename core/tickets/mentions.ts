import type { Queryable } from "../db.js";
import { invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";

/** What a `@handle` is matched against: an agent's id and the local part of its email. */
export interface MentionableAgent {
  id: string;
  name: string;
  email: string | null;
}

// The `@` must not follow a word character, a dot or another `@`, so the addresses customers
// paste into notes ("write to jo@acme.io") are not read as mentions of "acme.io".
const handlePattern = /(?<![\w.@])@([\w][\w.+-]*)/g;

/**
 * The distinct `@handle` tokens in a text, lower-cased, in order of first use. A dot ending a
 * handle is sentence punctuation ("thanks @bob."), not part of it.
 */
export function extractHandles(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(handlePattern)) {
    const handle = m[1]!.replace(/\.+$/, "").toLowerCase();
    if (handle) seen.add(handle);
  }
  return [...seen];
}

function localPart(email: string | null): string | null {
  if (!email) return null;
  const at = email.lastIndexOf("@");
  return (at < 0 ? email : email.slice(0, at)).toLowerCase();
}

/**
 * The ids of the agents a text mentions. A handle matches an agent's id first, else the local
 * part of an agent's email (case-insensitively). A handle that matches nobody is left alone:
 * "@home" or a chat platform's own mention syntax is ordinary text. A handle that matches
 * several agents is refused rather than guessed, so a note never pings the wrong person.
 */
export function matchMentions(text: string, agents: readonly MentionableAgent[]): string[] {
  const ids: string[] = [];
  for (const handle of extractHandles(text)) {
    const byId = agents.find((a) => a.id.toLowerCase() === handle);
    const candidates = byId ? [byId] : agents.filter((a) => localPart(a.email) === handle);
    if (candidates.length > 1) {
      const names = candidates.map((a) => `${a.name} (@${a.id})`);
      throw invalid(msg("errors.mentionAmbiguous", { handle, names }), { text: msg("fields.mentionAmbiguous", { handle }) });
    }
    const agent = candidates[0];
    if (agent && !ids.includes(agent.id)) ids.push(agent.id);
  }
  return ids;
}

/** The active agents a text mentions, looked up inside the caller's transaction. */
export async function findMentionedAgentIds(q: Queryable, text: string): Promise<string[]> {
  if (extractHandles(text).length === 0) return [];
  // The directory is small (a support team), so matching in memory keeps the rules above
  // identical on SQLite and PostgreSQL, whose case-insensitive comparisons differ.
  const agents = await q.selectFrom("Agent").select(["id", "name", "email"]).where("active", "=", true).execute();
  return matchMentions(text, agents);
}

/** A word joiner: invisible, and no word character, so extractHandles does not read past it. */
const joiner = "\u2060";

/**
 * How a chat platform's own mention (`<@U…>`, `<@123…>`), already translated to an agent, reads
 * in a note: `@Name`, with a word joiner after each `@` so the name is not read again as an
 * `@handle` ("@Bob Roberts" would otherwise also mention the agent whose id is "bob"). Who was
 * mentioned travels beside the text, as agent ids (`mentionAgentIds`).
 */
export function resolvedMention(name: string): string {
  return `@${joiner}${name.replace(/@/g, `@${joiner}`)}`;
}
