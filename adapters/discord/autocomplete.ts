// Suggestions while an agent types a `/ticket` option: tickets they can see, the statuses of the
// ticket's pipeline, pipelines and teams. Autocomplete has no defer, so each answer is one small
// read at most, raced against a budget well inside Discord's 3 s; an unexpected failure answers
// with no suggestions (the router logs it).
// @see https://discord.com/developers/docs/interactions/application-commands#autocomplete
import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from "discord.js";
import { parseTicketNumber, speech, type Speech, ticketInChannel, type DiscordContext } from "./context.js";
import { limits, oneLine, truncate } from "./escape.js";
import {
  type Actor,
  deletedTickets as deletedList,
  findTickets,
  isHelpdeskError,
  type LocalizedName,
  listTickets,
  msg,
  ticketBrief,
  ticketNames,
  type TicketView,
} from "../../core/index.js";

type Choice = ApplicationCommandOptionChoiceData<string>;

/** Options naming a ticket, per subcommand (merge names two; the first is implied in a post). */
const ticketOptions = new Set(["ticket", "primary", "secondary"]);

const choice = (name: string, value: string): Choice => ({
  name: truncate(oneLine(name) || value, limits.selectOptionLabel),
  value: truncate(value, limits.selectOptionValue),
});

/** Whether `typed` is part of any of the names, ignoring case. */
const matches = (typed: string, ...names: string[]) => !typed || names.some((n) => n.toLowerCase().includes(typed));

/** A configured thing's id and its names in every language, to match what was typed against. */
const known = (x: { id: string; name: string; names: LocalizedName }) => [
  x.id,
  x.name,
  ...Object.values(x.names).filter((n) => n !== undefined),
];

/** Choices whose name starts with what was typed come first ("res" → Resolved before In progress). */
const byPrefix = (typed: string) => (a: Choice, b: Choice) =>
  Number(b.name.toLowerCase().startsWith(typed)) - Number(a.name.toLowerCase().startsWith(typed));

function ticketChoice(ctx: DiscordContext, { f }: Speech, t: TicketView): Choice {
  // Choice names are plain text in Discord's picker: no markdown to escape, but one line.
  // The subject gives way, so the status and owner stay readable after a long one.
  const status = ticketNames(ctx.deps.catalog, t, f).status;
  const tail = ` · ${truncate(oneLine(`${status}${t.owner ? ` · ${t.owner.name}` : ""}`), 40)}`;
  return choice(
    `${t.number} ${truncate(oneLine(t.subject), limits.selectOptionLabel - t.number.length - 1 - tail.length)}${tail}`,
    t.number,
  );
}

/** Deleted tickets, for `/ticket restore` (which only admins may use, so only they get any). */
async function deletedTickets(ctx: DiscordContext, { say }: Speech, actor: Actor, typed: string): Promise<Choice[]> {
  const rows = await deletedList(ctx.deps, actor, 200);
  const exact = parseTicketNumber(typed);
  // Matched here rather than in SQL: case-insensitive LIKE differs between SQLite and PostgreSQL.
  return rows
    .filter((r) => r.id === exact || matches(typed, r.subject))
    .map((r) => choice(say(msg("chat.deletedTicketChoice", { id: r.id, subject: r.subject })), `#${r.id}`));
}

/** Tickets the agent can see: by number or subject text, else the open queue. */
async function tickets(
  ctx: DiscordContext,
  sp: Speech,
  i: AutocompleteInteraction,
  actor: Actor,
  typed: string,
  focused: string,
): Promise<Choice[]> {
  if (i.options.getSubcommand(false) === "restore") return deletedTickets(ctx, sp, actor, typed);
  // In merge, the ticket that lives on is not a candidate to fold into itself.
  const exclude =
    focused === "secondary" ? (parseTicketNumber(i.options.getString("primary")) ?? (await ticketInChannel(ctx, i.channelId))) : null;
  const found = typed
    ? await findTickets(ctx.deps, { text: typed, limit: 25 }, actor)
    : (await listTickets(ctx.deps, { queue: "all_open", limit: 25 }, actor)).tickets;
  // A number typed means that ticket first; subjects merely containing the digits follow.
  const exact = parseTicketNumber(typed);
  return found
    .filter((t) => t.id !== exclude)
    .sort((a, b) => Number(b.id === exact) - Number(a.id === exact))
    .map((t) => ticketChoice(ctx, sp, t));
}

/** Statuses of the ticket in question (implied or typed), else every pipeline's. */
async function statuses(ctx: DiscordContext, { f }: Speech, i: AutocompleteInteraction, actor: Actor, typed: string): Promise<Choice[]> {
  const { catalog } = ctx.deps;
  const ticketId = parseTicketNumber(i.options.getString("ticket")) ?? (await ticketInChannel(ctx, i.channelId));
  // A ticket the agent may not see is answered as a missing one: every pipeline's statuses.
  const row = ticketId === null ? null : await ticketBrief(ctx.deps, ticketId, actor);
  const pipeline = row ? catalog.pipeline(row.pipelineId) : undefined;
  if (pipeline) {
    // Moving to the status it is in already would be refused; a reply keeps it anyway.
    return pipeline.statuses.filter((s) => s.id !== row?.statusId && matches(typed, ...known(s))).map((s) => choice(f.name(s.names), s.id));
  }
  const seen = new Set<string>();
  const out: Choice[] = [];
  for (const p of catalog.config.pipelines) {
    for (const s of p.statuses) {
      if (seen.has(s.id) || !matches(typed, ...known(s), ...known(p))) continue;
      seen.add(s.id);
      const name = f.name(s.names);
      out.push(choice(catalog.config.pipelines.length > 1 ? `${name} (${f.name(p.names)})` : name, s.id));
    }
  }
  return out;
}

function pipelines(ctx: DiscordContext, { f }: Speech, typed: string): Choice[] {
  return ctx.deps.catalog.config.pipelines.filter((p) => matches(typed, ...known(p))).map((p) => choice(f.name(p.names), p.id));
}

function teams(ctx: DiscordContext, { f, say }: Speech, typed: string, sub: string | null): Choice[] {
  const list = ctx.deps.catalog.config.teams.filter((t) => matches(typed, ...known(t))).map((t) => choice(f.name(t.names), t.id));
  // `/ticket set team:` can also lift the restriction.
  const none = say(msg("chat.noTeamChoice"));
  return sub === "set" && matches(typed, "none", "everyone", none) ? [choice(none, "none"), ...list] : list;
}

/**
 * Answers autocomplete for `/ticket` options, at most 25 choices.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-autocomplete
 */
export async function handleAutocomplete(ctx: DiscordContext, i: AutocompleteInteraction, actor: Actor): Promise<void> {
  const focused = i.options.getFocused(true);
  const typed = String(focused.value).trim().toLowerCase();
  const sp = speech(ctx, i);
  const lookup = (async (): Promise<Choice[]> => {
    if (ticketOptions.has(focused.name)) return tickets(ctx, sp, i, actor, typed, focused.name);
    if (focused.name === "status") return statuses(ctx, sp, i, actor, typed);
    if (focused.name === "pipeline") return pipelines(ctx, sp, typed);
    if (focused.name === "team") return teams(ctx, sp, typed, i.options.getSubcommand(false));
    return [];
  })().catch((e: unknown) => {
    // A search the core refuses (too long, say) simply has no suggestions.
    if (isHelpdeskError(e)) return [];
    throw e;
  });
  const choices = await withinBudget(ctx, lookup, focused.name);
  await i.respond(choices.sort(byPrefix(typed)).slice(0, limits.selectOptions));
}

/** Autocomplete has no deferral: within Discord's 3 s, suggestions that lose this race are none. */
export const autocompleteBudgetMs = 2000;

/** The lookup's choices, or none (logged) when it has not finished within the budget. */
async function withinBudget(ctx: DiscordContext, lookup: Promise<Choice[]>, option: string): Promise<Choice[]> {
  const budget = ctx.autocompleteBudgetMs ?? autocompleteBudgetMs;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), budget);
  });
  try {
    const won = await Promise.race([lookup, late]);
    if (won) return won;
  } finally {
    clearTimeout(timer);
  }
  ctx.log.warn("discord autocomplete lookup too slow; answered with no suggestions", { option, budgetMs: budget });
  // Finishes on its own; a failure after the answer is only worth a log line.
  lookup.catch((e: unknown) =>
    ctx.log.warn("discord autocomplete lookup failed after answering", { option, err: e instanceof Error ? e.message : String(e) }),
  );
  return [];
}
