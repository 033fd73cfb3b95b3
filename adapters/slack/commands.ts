// `/ticket <subcommand>`: every catalogue action as text. Acks at once (empty), then answers
// ephemerally through the response_url, or opens a modal.
// @see https://api.slack.com/interactivity/slash-commands
import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { actorFor, errorText, parseTicketNumber, refusalText, type SlackContext } from "./context.js";
import { slackMentions } from "./mentions.js";
import { commentModal, createModal, mergeModal, replyModal, splitModal } from "./modals.js";
import { helpText, ticketDetail, ticketList, type Answer } from "./render.js";
import { snippetCommand } from "./snippets.js";
import {
  type ActionName,
  type Actor,
  agentByChatUser,
  assignTicket,
  changeStatus,
  claimTicket,
  commentOnTicket,
  deleteTicket,
  findTickets,
  followTicket,
  getDraft,
  invalid,
  listSnippets,
  listTickets,
  mergeTickets,
  moveTicket,
  priorities,
  type Priority,
  type Queue,
  queues,
  releaseTicket,
  restoreTicket,
  showTicket,
  unfollowTicket,
  updateProperties,
} from "../../core/index.js";

/** How each catalogue action is typed after `/ticket` (the help text and the manifest hint). */
export const commandUsage = {
  create: "new [subject]",
  find: "find <text>",
  show: "show <#n>",
  queue: "queue [mine|unassigned|team|all]",
  claim: "claim <#n>",
  release: "release <#n>",
  assign: "assign <#n> <@user|me|nobody>",
  reply: "reply <#n>",
  comment: "comment <#n> [text]",
  change_status: "status <#n> <status> [property=value …]",
  update_properties: 'set <#n> priority=high subject="…" team=none …',
  split: "split <#n>",
  merge: "merge <#other> into <#n>",
  move: "move <#n> <pipeline>",
  delete: "delete <#n>",
  restore: "restore <#n>",
  follow: "follow <#n>",
  unfollow: "unfollow <#n>",
} as const satisfies Record<ActionName, string>;

interface Invocation {
  actor: Actor;
  args: string[];
  /** The text after the ticket number, as typed. */
  rest: string;
  client: WebClient;
  triggerId: string;
}

type Subcommand = (ctx: SlackContext, inv: Invocation) => Promise<Answer | string | void>;

function ticketArg(inv: Invocation, i = 0): number {
  const n = parseTicketNumber(inv.args[i]);
  if (n === null) throw invalid(`Give a ticket number, e.g. \`#123\`.`);
  return n;
}

/** `key=value` and `key="two words"` pairs. */
export function keyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([a-z_][a-z0-9_]*)=(?:"([^"]*)"|(\S+))/gi)) out[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? "";
  return out;
}

const queueAlias: Record<string, Queue> = { all: "all_open", open: "all_open" };
const done = (text: string) => `:white_check_mark: ${text}`;

/** Each subcommand; the keys are what agents type. */
export const subcommands: Record<string, Subcommand> = {
  async new({ deps }, inv) {
    await inv.client.views.open({ trigger_id: inv.triggerId, view: createModal(deps.catalog, inv.args.join(" ") || undefined) });
  },
  async find({ deps }, inv) {
    const tickets = await findTickets(deps, { text: inv.args.join(" "), limit: 20 }, inv.actor);
    return ticketList(`Tickets matching “${inv.args.join(" ")}”`, tickets, tickets.length === 20);
  },
  async show({ deps }, inv) {
    return ticketDetail(await showTicket(deps, { ticketId: ticketArg(inv) }, inv.actor));
  },
  async queue({ deps }, inv) {
    const word = (inv.args[0] ?? "mine").toLowerCase();
    const queue = queueAlias[word] ?? word;
    if (!(queues as readonly string[]).includes(queue))
      throw invalid(`There is no queue "${word}": try mine, unassigned, team, all or auto.`);
    const page = await listTickets(deps, { queue: queue as Queue, limit: 25 }, inv.actor);
    return ticketList(`Queue: ${word}`, page.tickets, page.nextCursor !== null);
  },
  async claim({ deps }, inv) {
    const t = await claimTicket(deps, { ticketId: ticketArg(inv) }, inv.actor);
    return done(`You own ${t.number} now.`);
  },
  async release({ deps }, inv) {
    const t = await releaseTicket(deps, { ticketId: ticketArg(inv) }, inv.actor);
    return done(`${t.number} is back in the unassigned queue.`);
  },
  async assign({ deps }, inv) {
    const who = inv.args[1] ?? "";
    const slackId = /^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/.exec(who)?.[1];
    let ownerId: string | null;
    if (/^(nobody|none)$/i.test(who)) ownerId = null;
    else if (/^me$/i.test(who) && inv.actor.type === "agent") ownerId = inv.actor.agentId;
    else {
      const agent = slackId ? await agentByChatUser(deps, "slack", slackId) : null;
      if (!agent?.active) throw invalid("Name the new owner as an @mention of a help desk agent, `me` or `nobody`.");
      ownerId = agent.id;
    }
    const t = await assignTicket(deps, { ticketId: ticketArg(inv), ownerId }, inv.actor);
    return done(`${t.number} is ${t.owner ? `owned by ${t.owner.name}` : "unassigned"}.`);
  },
  async reply({ deps }, inv) {
    const ticketId = ticketArg(inv);
    const d = await showTicket(deps, { ticketId }, inv.actor);
    const draft = await getDraft(deps, { ticketId }, inv.actor);
    await inv.client.views.open({
      trigger_id: inv.triggerId,
      view: replyModal(deps.catalog, { id: ticketId, pipelineId: d.ticket.pipeline.id }, draft, await listSnippets(deps, {}, inv.actor)),
    });
  },
  async comment(ctx, inv) {
    const ticketId = ticketArg(inv);
    if (!inv.rest) return void (await inv.client.views.open({ trigger_id: inv.triggerId, view: commentModal(ticketId) }));
    // `<@U…>` in the typed text mentions those agents, as in a card thread.
    const { text, mentionAgentIds } = await slackMentions(ctx, inv.rest);
    await commentOnTicket(ctx.deps, { ticketId, text, mentionAgentIds }, inv.actor);
    return done(`Note saved on #${ticketId}.`);
  },
  async status({ deps }, inv) {
    const ticketId = ticketArg(inv);
    const d = await showTicket(deps, { ticketId }, inv.actor);
    const wanted = inv.rest
      .replace(/\s*[a-z_]+=.*$/i, "")
      .trim()
      .toLowerCase();
    const status = deps.catalog.pipeline(d.ticket.pipeline.id)?.statuses.find((s) => s.id === wanted || s.name.toLowerCase() === wanted);
    if (!status) throw invalid(`${d.ticket.pipeline.name} has no status "${wanted}".`);
    const t = await changeStatus(deps, { ticketId, statusId: status.id, properties: keyValues(inv.rest) }, inv.actor);
    return done(`${t.number} is ${t.status.name} now.`);
  },
  async set({ deps }, inv) {
    const { subject, priority, team, ...properties } = keyValues(inv.rest);
    if (priority !== undefined && !(priorities as readonly string[]).includes(priority))
      throw invalid(`"${priority}" is not a priority: ${priorities.join(", ")}.`);
    const t = await updateProperties(
      deps,
      {
        ticketId: ticketArg(inv),
        subject,
        priority: priority as Priority | undefined,
        teamId: team === undefined ? undefined : /^(none|everyone)$/i.test(team) ? null : team,
        properties: Object.keys(properties).length ? properties : undefined,
      },
      inv.actor,
    );
    return done(`${t.number} updated.`);
  },
  async split({ deps }, inv) {
    const ticketId = ticketArg(inv);
    const d = await showTicket(deps, { ticketId }, inv.actor);
    await inv.client.views.open({ trigger_id: inv.triggerId, view: splitModal(ticketId, d.messages) });
  },
  async merge({ deps }, inv) {
    // "merge #other into #n"; "merge #n" alone asks for the other ticket in a modal.
    if (inv.args.length === 1) return void (await inv.client.views.open({ trigger_id: inv.triggerId, view: mergeModal(ticketArg(inv)) }));
    if (inv.args[1]?.toLowerCase() !== "into") throw invalid("Say which ticket goes into which: `/ticket merge #other into #n`.");
    const t = await mergeTickets(deps, { primaryId: ticketArg(inv, 2), secondaryId: ticketArg(inv) }, inv.actor);
    return done(`#${ticketArg(inv)} was merged into ${t.number}.`);
  },
  async move({ deps }, inv) {
    const wanted = inv.rest.trim().toLowerCase();
    const pipeline = deps.catalog.config.pipelines.find((p) => p.id === wanted || p.name.toLowerCase() === wanted);
    const t = await moveTicket(deps, { ticketId: ticketArg(inv), pipelineId: pipeline?.id ?? wanted }, inv.actor);
    return done(`${t.number} is in ${t.pipeline.name}, status ${t.status.name}.`);
  },
  async delete({ deps }, inv) {
    const t = await deleteTicket(deps, { ticketId: ticketArg(inv) }, inv.actor);
    return done(`${t.number} deleted; an admin can restore it.`);
  },
  async restore({ deps }, inv) {
    const t = await restoreTicket(deps, { ticketId: ticketArg(inv) }, inv.actor);
    return done(`${t.number} restored.`);
  },
  async follow({ deps }, inv) {
    const t = await followTicket(deps, { ticketId: ticketArg(inv) }, inv.actor);
    return done(`You follow ${t.number}.`);
  },
  async unfollow({ deps }, inv) {
    const t = await unfollowTicket(deps, { ticketId: ticketArg(inv) }, inv.actor);
    return done(`You no longer follow ${t.number}.`);
  },
  /** Not a catalogue action: `/ticket snippet add <name> <text>` (admins), `/ticket snippet list`. */
  snippet: snippetCommand,
};

const aliases: Record<string, string> = {
  create: "new",
  search: "find",
  note: "comment",
  edit: "set",
  change_status: "status",
  update: "set",
};

export function registerCommands(app: App, ctx: SlackContext, command = "/ticket"): void {
  app.command(command, async ({ ack, command: cmd, respond, client }) => {
    await ack();
    const say = (a: Answer | string) => respond({ response_type: "ephemeral", ...(typeof a === "string" ? { text: a } : a) });
    const words = cmd.text.trim().split(/\s+/).filter(Boolean);
    const name = aliases[words[0]?.toLowerCase() ?? ""] ?? words[0]?.toLowerCase() ?? "help";
    const run = subcommands[name];
    if (!run) return void (await say(helpText(commandUsage)));
    const actor = await actorFor(ctx, { id: cmd.user_id, requestTeamId: cmd.team_id });
    if (!actor) return void (await say(refusalText));
    const rest = cmd.text.trim().split(/\s+/).slice(2).join(" ");
    try {
      const answer = await run(ctx, { actor, args: words.slice(1), rest, client, triggerId: cmd.trigger_id });
      if (answer) await say(answer);
    } catch (e) {
      await say(errorText(ctx, e));
    }
  });
}
