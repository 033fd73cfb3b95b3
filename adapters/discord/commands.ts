// `/ticket <subcommand>`: every catalogue action, with the options manifest/discord.ts defines.
// Subcommands that do core work defer privately before touching the database; those that need a
// form (new, reply and comment without text, split, a status that requires more) answer with the
// modal, after at most the one read the modal needs. Refusals reach the agent through the router.
// @see https://discord.com/developers/docs/interactions/application-commands#subcommands-and-subcommand-groups
import type { ChatInputCommandInteraction } from "discord.js";
import { deferPrivately, done, emailList, splitCandidates, subjectOf, withAgentHandles } from "./action-helpers.js";
import type { subcommandNames } from "./command-names.js";
import { chosenAgent, errorText, parseTicketNumber, tell, ticketInChannel, type DiscordContext } from "./context.js";
import { keepReply } from "./modal-submissions.js";
import { commentModal, createModal, openStatusChange, replyModal, splitModal } from "./modals.js";
import { ticketDetail, ticketList, type RenderedAnswer } from "./render.js";
import {
  type Actor,
  assignTicket,
  claimTicket,
  commentOnTicket,
  createTicket,
  deleteTicket,
  findTickets,
  followTicket,
  getReplyForm,
  invalid,
  listTickets,
  mergeTickets,
  moveTicket,
  parsePropertyPairs,
  priorities,
  type Priority,
  type Queue,
  queues,
  releaseTicket,
  replyToTicket,
  restoreTicket,
  showTicket,
  ticketBrief,
  unfollowTicket,
  updateProperties,
} from "../../core/index.js";

type Subcommand = (typeof subcommandNames)[keyof typeof subcommandNames];
type Handler = (ctx: DiscordContext, i: ChatInputCommandInteraction, actor: Actor) => Promise<void>;

/**
 * The ticket a subcommand works on: its option as typed (`#12` or `12`), else the ticket whose
 * forum post the command was run in.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-application-command-interaction-data-option-structure
 */
export async function ticketFor(ctx: DiscordContext, i: ChatInputCommandInteraction, option = "ticket"): Promise<number> {
  const typed = i.options.getString(option);
  if (typed !== null) {
    const n = parseTicketNumber(typed);
    if (n === null) throw invalid(`“${subjectOf(typed)}” is not a ticket number; write it like #123.`, { [option]: "A ticket number." });
    return n;
  }
  const implied = await ticketInChannel(ctx, i.channelId);
  if (implied === null)
    throw invalid(`Say which ticket: fill in the \`${option}\` option (e.g. #123), or run the command inside the ticket's forum post.`, {
      [option]: "Required here.",
    });
  return implied;
}

/** A team option: a team's id or name, or "none" for every agent. */
function teamOption(ctx: DiscordContext, typed: string | null): string | null | undefined {
  if (typed === null) return undefined;
  const wanted = typed.trim().toLowerCase();
  if (/^(none|everyone)$/.test(wanted)) return null;
  const team = ctx.deps.catalog.config.teams.find((t) => t.id === typed || t.name.toLowerCase() === wanted);
  if (!team) throw invalid(`There is no team “${subjectOf(typed)}”.`, { team: "Unknown team." });
  return team.id;
}

function priorityOption(i: ChatInputCommandInteraction): Priority | undefined {
  const p = i.options.getString("priority");
  if (p === null) return undefined;
  if (!(priorities as readonly string[]).includes(p))
    throw invalid(`Priority: choose one of ${priorities.join(", ")}.`, { priority: "Unknown priority." });
  return p as Priority;
}

/** The `properties` option's `key=value` pairs, or undefined when it was left out. */
function propertiesOption(i: ChatInputCommandInteraction): Record<string, string> | undefined {
  const typed = i.options.getString("properties");
  return typed === null || !typed.trim() ? undefined : parsePropertyPairs(typed);
}

/** A status typed or picked for a ticket: its id, or its name within the ticket's pipeline. */
async function statusOption(ctx: DiscordContext, ticketId: number, actor: Actor, typed: string | null): Promise<string | undefined> {
  if (typed === null) return undefined;
  // A ticket the agent may not see leaves the status as typed: the core refuses the ticket.
  const row = await ticketBrief(ctx.deps, ticketId, actor);
  const statuses = (row && ctx.deps.catalog.pipeline(row.pipelineId)?.statuses) || [];
  return (statuses.find((s) => s.id === typed) ?? statuses.find((s) => s.name.toLowerCase() === typed.trim().toLowerCase()))?.id ?? typed;
}

const show = (i: ChatInputCommandInteraction, a: RenderedAnswer) => tell(i, a.content, { embeds: a.embeds });

/** One deferred action on one ticket, answered with `say(result)`. */
function onTicket<T>(run: (ctx: DiscordContext, ticketId: number, actor: Actor) => Promise<T>, say: (r: T) => string): Handler {
  return async (ctx, i, actor) => {
    await deferPrivately(i);
    await tell(i, done(say(await run(ctx, await ticketFor(ctx, i), actor))));
  };
}

const handlers: Record<Subcommand, Handler> = {
  async new(ctx, i, actor) {
    const subject = i.options.getString("subject", true);
    const text = i.options.getString("text");
    const priority = priorityOption(i);
    const teamId = teamOption(ctx, i.options.getString("team"));
    if (text === null) {
      // Slash options are one line: the request itself is better written in the modal's box.
      const { pipelines } = ctx.deps.catalog.config;
      const prefill = {
        subject,
        pipelines,
        defaultPipelineId: ctx.deps.catalog.defaultPipeline.id,
        ...(priority ? { priority } : {}),
        ...(teamId ? { teamId } : {}),
      };
      return void (await i.showModal(createModal(prefill)));
    }
    await deferPrivately(i);
    const t = await createTicket(ctx.deps, { subject, text, priority, teamId }, actor);
    await tell(i, done(`Created ${t.number}: ${subjectOf(t.subject)}. Its post appears in the forum in a moment.`));
  },
  async find(ctx, i, actor) {
    await deferPrivately(i);
    const text = i.options.getString("text", true);
    const tickets = await findTickets(ctx.deps, { text, limit: 20 }, actor);
    await show(i, ticketList(`Tickets matching “${subjectOf(text)}”`, tickets, tickets.length === 20));
  },
  async show(ctx, i, actor) {
    await deferPrivately(i);
    await show(i, ticketDetail(await showTicket(ctx.deps, { ticketId: await ticketFor(ctx, i) }, actor)));
  },
  async queue(ctx, i, actor) {
    await deferPrivately(i);
    const queue = i.options.getString("queue") ?? "mine";
    if (!(queues as readonly string[]).includes(queue))
      throw invalid(`There is no queue “${subjectOf(queue)}”: choose mine, unassigned, team, all open or auto.`);
    const page = await listTickets(ctx.deps, { queue: queue as Queue, limit: 25 }, actor);
    await show(i, ticketList(`Queue: ${queue.replace(/_/g, " ")}`, page.tickets, page.nextCursor !== null));
  },
  claim: onTicket(
    (ctx, ticketId, actor) => claimTicket(ctx.deps, { ticketId }, actor),
    (t) => `You own ${t.number} now.`,
  ),
  release: onTicket(
    (ctx, ticketId, actor) => releaseTicket(ctx.deps, { ticketId }, actor),
    (t) => `${t.number} is back in the unassigned queue.`,
  ),
  async assign(ctx, i, actor) {
    await deferPrivately(i);
    const user = i.options.getUser("owner", true);
    // A member of the agent role counts, as when they act themselves.
    const ownerId = await chosenAgent(ctx, i.guildId, user, i.options.getMember("owner"));
    const name = subjectOf(user.globalName ?? user.username);
    if (!ownerId) throw invalid(`${name} is not a help desk agent, so they cannot own tickets.`, { owner: "Not an agent." });
    const t = await assignTicket(ctx.deps, { ticketId: await ticketFor(ctx, i), ownerId }, actor);
    await tell(i, done(`${t.number} is owned by ${t.owner ? subjectOf(t.owner.name) : name} now.`));
  },
  async reply(ctx, i, actor) {
    const text = i.options.getString("text");
    if (text === null) {
      const ticketId = await ticketFor(ctx, i);
      const { draft, pipelineId, statusId: currentStatusId } = await getReplyForm(ctx.deps, { ticketId }, actor);
      const statuses = ctx.deps.catalog.pipeline(pipelineId)?.statuses ?? [];
      const wanted = i.options.getString("status");
      const statusId =
        statuses.find((s) => s.id === wanted || s.name.toLowerCase() === wanted?.toLowerCase())?.id ?? draft?.statusId ?? null;
      const cc = i.options.getString("cc");
      const bcc = i.options.getString("bcc");
      const opts = { draft: draft?.text ?? null, statuses, currentStatusId, statusId };
      return void (await i.showModal(
        replyModal(ticketId, { ...opts, cc: cc ? emailList(cc) : (draft?.cc ?? []), bcc: bcc ? emailList(bcc) : (draft?.bcc ?? []) }),
      ));
    }
    await deferPrivately(i);
    const ticketId = await ticketFor(ctx, i);
    const reply = { ticketId, text, cc: emailList(i.options.getString("cc") ?? ""), bcc: emailList(i.options.getString("bcc") ?? "") };
    const statusId = await statusOption(ctx, ticketId, actor, i.options.getString("status"));
    try {
      const r = await replyToTicket(ctx.deps, { ...reply, statusId }, actor);
      await tell(i, done(`Reply sent on ${r.ticket.number}.${statusId ? ` It is **${subjectOf(r.ticket.status.name)}** now.` : ""}`));
    } catch (e) {
      await tell(i, `${errorText(ctx, e)}\n${await keepReply(ctx, actor, reply)}`);
    }
  },
  async comment(ctx, i, actor) {
    const text = i.options.getString("text");
    if (text === null) return void (await i.showModal(commentModal(await ticketFor(ctx, i))));
    await deferPrivately(i);
    const r = await commentOnTicket(ctx.deps, { ticketId: await ticketFor(ctx, i), text: await withAgentHandles(ctx, text) }, actor);
    await tell(
      i,
      done(`Note saved on ${r.ticket.number}.${r.mentioned.length ? ` Mentioned agents are notified (${r.mentioned.length}).` : ""}`),
    );
  },
  async status(ctx, i, actor) {
    const properties = propertiesOption(i);
    await openStatusChange(ctx, i, actor, await ticketFor(ctx, i), i.options.getString("status", true), properties);
  },
  async set(ctx, i, actor) {
    await deferPrivately(i);
    const subject = i.options.getString("subject") ?? undefined;
    const priority = priorityOption(i);
    const teamId = teamOption(ctx, i.options.getString("team"));
    const properties = propertiesOption(i);
    if (subject === undefined && priority === undefined && teamId === undefined && properties === undefined) {
      throw invalid("Say what to change: subject, priority, team or other fields (properties: key=value).");
    }
    const t = await updateProperties(ctx.deps, { ticketId: await ticketFor(ctx, i), subject, priority, teamId, properties }, actor);
    const fields = properties ? Object.keys(properties).map((k) => ctx.deps.catalog.property(k)?.label ?? k) : [];
    const also = fields.length ? ` ${subjectOf(fields.join(", "))} set.` : "";
    await tell(
      i,
      done(`${t.number} updated: ${t.priority} priority, ${t.team ? subjectOf(t.team.name) : "every agent"} can see it.${also}`),
    );
  },
  async split(ctx, i, actor) {
    const ticketId = await ticketFor(ctx, i);
    const messages = await splitCandidates(ctx, ticketId, actor);
    if (!messages.length) return void (await tell(i, `⚠️ #${ticketId} has no messages to split off.`));
    await i.showModal(splitModal(ticketId, messages));
  },
  async merge(ctx, i, actor) {
    await deferPrivately(i);
    const typed = i.options.getString("secondary", true);
    const secondaryId = parseTicketNumber(typed);
    if (secondaryId === null)
      throw invalid(`Secondary: “${subjectOf(typed)}” is not a ticket number; write it like #123.`, { secondary: "A ticket number." });
    const t = await mergeTickets(ctx.deps, { primaryId: await ticketFor(ctx, i, "primary"), secondaryId }, actor);
    await tell(i, done(`#${secondaryId} was merged into ${t.number}.`));
  },
  async move(ctx, i, actor) {
    await deferPrivately(i);
    const typed = i.options.getString("pipeline", true);
    const pipeline = ctx.deps.catalog.config.pipelines.find((p) => p.id === typed || p.name.toLowerCase() === typed.trim().toLowerCase());
    const t = await moveTicket(ctx.deps, { ticketId: await ticketFor(ctx, i), pipelineId: pipeline?.id ?? typed }, actor);
    await tell(i, done(`${t.number} is in ${subjectOf(t.pipeline.name)} now, status ${subjectOf(t.status.name)}.`));
  },
  delete: onTicket(
    (ctx, ticketId, actor) => deleteTicket(ctx.deps, { ticketId }, actor),
    (t) => `${t.number} deleted; an admin can restore it.`,
  ),
  restore: onTicket(
    (ctx, ticketId, actor) => restoreTicket(ctx.deps, { ticketId }, actor),
    (t) => `${t.number} restored.`,
  ),
  follow: onTicket(
    (ctx, ticketId, actor) => followTicket(ctx.deps, { ticketId }, actor),
    (t) => `You follow ${t.number}: replies and notes will reach you.`,
  ),
  unfollow: onTicket(
    (ctx, ticketId, actor) => unfollowTicket(ctx.deps, { ticketId }, actor),
    (t) => `You no longer follow ${t.number}.`,
  ),
};

/**
 * Runs `/ticket <subcommand>` for an agent.
 * @see https://discord.com/developers/docs/interactions/application-commands#slash-commands
 */
export async function handleChatInput(ctx: DiscordContext, i: ChatInputCommandInteraction, actor: Actor): Promise<void> {
  const sub = i.options.getSubcommand(false);
  const handler = sub !== null && Object.hasOwn(handlers, sub) ? handlers[sub as Subcommand] : undefined;
  if (!handler) return void (await tell(i, "⚠️ This help desk does not know that command; the bot's commands may need registering again."));
  await handler(ctx, i, actor);
}
