// Modal submissions (view_submission). The ack comes as soon as the input passes the checks that
// need no database (empty text, malformed addresses, bad numbers or choices): those errors show on
// their fields, in the ack, the only place Slack shows them. The core use case runs after the ack,
// so no ack waits on database work or on a Web API call; a refusal then (not found, forbidden, a
// conflict, a rule only the database can check) reaches the agent privately, and what they typed
// is kept: a refused reply becomes their draft, anything else is quoted back to them.
// @see https://api.slack.com/surfaces/modals#displaying_errors
import type { AckFn, App, ViewResponseAction, ViewOutput } from "@slack/bolt";
import { actorFor, errorText, parseTicketNumber, refusalText, type SlackContext } from "./context.js";
import { truncate } from "./escape.js";
import { decodeMetadata, modalIds, type ModalMetadata } from "./modals.js";
import { quoteBack, tellPrivately } from "./private-notice.js";
import {
  type Actor,
  canSeeTeam,
  changeStatus,
  commentOnTicket,
  createTicket,
  invalid,
  isHelpdeskError,
  mergeTickets,
  moveTicket,
  normaliseEmail,
  normaliseRecipients,
  priorities,
  type Priority,
  replyToTicket,
  saveDraft,
  splitTicket,
  validateProperties,
} from "../../core/index.js";

type StateValue = { value?: string | null; selected_option?: { value: string } | null; selected_options?: { value: string }[] };

/** The value of an input block (text, select or multi-select), by block id. */
export function inputValue(view: ViewOutput, block: string): string | undefined {
  // An input's one element: action_id "value", or "value.<n>" once a views.update has reset it.
  const entry = view.state.values[block];
  const v = (entry?.value ?? Object.values(entry ?? {})[0]) as StateValue | undefined;
  const s = v?.value ?? v?.selected_option?.value ?? undefined;
  return s === null || s === undefined || s.trim() === "" ? undefined : s;
}

export function inputValues(view: ViewOutput, block: string): string[] {
  return ((view.state.values[block]?.value as StateValue | undefined)?.selected_options ?? []).map((o) => o.value);
}

const emails = (s: string | undefined) => (s ?? "").split(/[,;\s]+/).filter(Boolean);

/** Core input fields that the modal shows under another block id. */
const fieldAliases: Record<string, string> = {
  mentionAgentIds: "text",
  statusId: "status",
  pipelineId: "pipeline",
  secondaryId: "secondary",
  secondary: "secondary",
  messageIds: "messages",
  requester: "requester",
  properties: "status",
};

/**
 * A refusal as per-field errors. Fields the core named go beside their inputs; anything else
 * (a conflict, a forbidden) goes on the first input, the one place a modal can show it.
 */
export function fieldErrors(
  view: ViewOutput,
  message: string,
  fields: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const blocks = Object.keys(view.state.values);
  const errors: Record<string, string> = {};
  for (const [field, text] of Object.entries(fields ?? {})) {
    const block = [field, fieldAliases[field], `properties.${field}`].find((b): b is string => !!b && blocks.includes(b));
    if (block) errors[block] = truncate(errors[block] ? `${errors[block]} ${text}` : text, 150);
  }
  if (Object.keys(errors).length === 0 && blocks[0]) errors[blocks[0]] = truncate(message, 150);
  return errors;
}

/**
 * One modal's submission: `check` reads and checks its input without the database (throwing
 * `invalid` with per-field messages, shown in the ack); `run` is the core use case, after the ack.
 */
interface Submission<I> {
  /** `userId`: the Slack user who submitted (checked against the configured agents only). */
  check(view: ViewOutput, meta: ModalMetadata, userId: string): I;
  run(actor: Actor, input: I): Promise<unknown>;
  /** The ticket it acts on, so a refusal can be told in that ticket's card channel. */
  ticket?(input: I): number | undefined;
  /** Keeps what the agent typed when the core refused it; returns what to add to the message. */
  rescue?(actor: Actor | null, input: I, failure: unknown): Promise<string | undefined>;
}

/** A number, or the plain Error of a modal opened without its ticket (a bug, not the agent's). */
const ticketOf = (m: ModalMetadata): number => {
  if (!m.ticketId) throw new Error("modal without its ticket");
  return m.ticketId;
};

const required = (message: string, field: string, value: string | undefined): string => {
  if (!value?.trim()) throw invalid(message, { [field]: "Required." });
  return value;
};

export function registerSubmissions(app: App, ctx: SlackContext): void {
  const { deps } = ctx;

  /**
   * The status modal's team and owner, by the rules of setRequiredFields as far as the
   * configuration tells them: the team exists and the submitting agent is in it (or an admin); the
   * owner can see the ticket's team (the chosen one, else the one it had when the modal opened).
   * An agent the configuration does not list (one from a Slack user group) is left to the core.
   */
  function checkOwnerAndTeam(
    userId: string,
    teamId: string | undefined,
    ownerId: string | undefined,
    currentTeamId: string | null | undefined,
  ): void {
    const { teams, agents } = deps.catalog.config;
    const asContext = (a: (typeof agents)[number]) => ({ id: a.id, name: a.name, role: a.role, teamIds: a.teams });
    if (teamId) {
      const team = teams.find((t) => t.id === teamId);
      if (!team) throw invalid(`There is no team "${teamId}".`, { team: "Unknown team." });
      const me = agents.find((a) => a.slackUserId === userId);
      if (me && !canSeeTeam(asContext(me), teamId)) throw invalid(`You are not in team ${team.name}.`, { team: "Not your team." });
    }
    if (ownerId) {
      const owner = agents.find((a) => a.id === ownerId);
      const team = teamId ?? currentTeamId;
      if (owner && team !== undefined && !canSeeTeam(asContext(owner), team)) {
        const name = teams.find((t) => t.id === team)?.name ?? team;
        throw invalid(`${owner.name} is not in team ${name}, so cannot own this ticket.`, { owner: `${owner.name} is not in ${name}.` });
      }
    }
  }
  function on<I>(callbackId: string, sub: Submission<I>): void {
    app.view(callbackId, async ({ ack, body, view, client }) => {
      const done = ack as AckFn<ViewResponseAction | void>;
      let input: I;
      try {
        input = sub.check(view, decodeMetadata(view.private_metadata), body.user.id);
      } catch (e) {
        return done({ response_action: "errors", errors: fieldErrors(view, errorText(ctx, e), isHelpdeskError(e) ? e.fields : undefined) });
      }
      // The modal closes now; everything below happens after the HTTP answer.
      await done();
      const userId = body.user.id;
      let ticketId: number | undefined;
      try {
        ticketId = sub.ticket?.(input);
      } catch {
        ticketId = undefined;
      }
      let actor: Actor | null = null;
      try {
        actor = await actorFor(ctx, { id: userId, teamId: body.user.team_id, requestTeamId: body.team?.id });
        if (!actor) return void (await tellPrivately(ctx, client, { userId, ticketId }, refusalText));
        await sub.run(actor, input);
      } catch (e) {
        const said = errorText(ctx, e);
        let kept: string | undefined;
        try {
          kept = await sub.rescue?.(actor, input, e);
        } catch (err) {
          ctx.log.error("slack submission rescue failed", { ticket: ticketId, err: err instanceof Error ? err.message : String(err) });
        }
        await tellPrivately(ctx, client, { userId, ticketId }, kept ? `${said}\n${kept}` : said);
      }
    });
  }

  /** The typed text quoted back, for refusals that leave it nowhere else. */
  const quoted = (what: string, text: string | undefined) =>
    text?.trim() ? `Your ${what} was not saved; here it is to copy:\n${quoteBack(text)}` : undefined;

  on(modalIds.reply, {
    check(view, meta) {
      const ticketId = ticketOf(meta);
      const text = required("A reply needs some text.", "text", inputValue(view, "text"));
      const { cc, bcc } = normaliseRecipients({ cc: emails(inputValue(view, "cc")), bcc: emails(inputValue(view, "bcc")) });
      const statusId = inputValue(view, "status");
      if (statusId && !deps.catalog.config.pipelines.some((p) => p.statuses.some((s) => s.id === statusId))) {
        throw invalid(`There is no status "${statusId}".`, { status: "Unknown status." });
      }
      return { ticketId, text, cc, bcc, statusId };
    },
    run: (actor, input) => replyToTicket(deps, input, actor),
    ticket: (input) => input.ticketId,
    async rescue(actor, input) {
      const where = `#${input.ticketId}`;
      if (actor) {
        // The refusal may be the status (moved to another pipeline since): keep the text without it.
        for (const statusId of input.statusId ? [input.statusId, undefined] : [undefined]) {
          try {
            await saveDraft(deps, { ...input, statusId }, actor);
            return `Your reply to ${where} was not sent. It is kept as your draft: click *Reply* on ${where}'s card to pick it up.`;
          } catch (e) {
            if (!isHelpdeskError(e))
              ctx.log.error("slack reply draft not kept", { ticket: input.ticketId, err: e instanceof Error ? e.message : String(e) });
          }
        }
      }
      return `Your reply to ${where} was not sent and could not be kept as a draft; here it is to copy:\n${quoteBack(input.text)}`;
    },
  });

  on(modalIds.comment, {
    check: (view, meta) => ({ ticketId: ticketOf(meta), text: required("A comment needs some text.", "text", inputValue(view, "text")) }),
    run: (actor, input) => commentOnTicket(deps, input, actor),
    ticket: (input) => input.ticketId,
    rescue: async (_actor, input) => quoted("note", input.text),
  });

  on(modalIds.create, {
    check(view) {
      const subject = required("A ticket needs a subject.", "subject", inputValue(view, "subject"));
      const requester = inputValue(view, "requester");
      if (requester) {
        try {
          normaliseEmail(requester);
        } catch {
          throw invalid(`"${requester}" is not an email address.`, { requester: "Not an email address." });
        }
      }
      const priority = inputValue(view, "priority");
      if (priority && !priorities.includes(priority as Priority))
        throw invalid(`There is no priority "${priority}".`, { priority: `One of: ${priorities.join(", ")}.` });
      const pipelineId = inputValue(view, "pipeline");
      if (pipelineId && !deps.catalog.pipeline(pipelineId))
        throw invalid(`There is no pipeline "${pipelineId}".`, { pipeline: "Unknown pipeline." });
      return {
        subject,
        text: inputValue(view, "text"),
        requester: requester ? { email: requester } : undefined,
        priority: priority as Priority | undefined,
        pipelineId,
      };
    },
    run: (actor, input) => createTicket(deps, input, actor),
    rescue: async (_actor, input) => quoted("ticket", [input.subject, input.text].filter(Boolean).join("\n\n")),
  });

  on(modalIds.merge, {
    check(view, meta) {
      const primaryId = ticketOf(meta);
      const secondaryId = parseTicketNumber(inputValue(view, "secondary"));
      if (secondaryId === null) throw invalid("Give the other ticket's number, e.g. #123.", { secondary: "A ticket number such as #123." });
      if (secondaryId === primaryId) throw invalid(`#${primaryId} cannot be merged into itself.`, { secondary: "Pick another ticket." });
      return { primaryId, secondaryId };
    },
    run: (actor, input) => mergeTickets(deps, input, actor),
    ticket: (input) => input.primaryId,
  });

  on(modalIds.move, {
    check(view, meta) {
      const pipelineId = required("Choose a pipeline.", "pipeline", inputValue(view, "pipeline"));
      if (!deps.catalog.pipeline(pipelineId)) throw invalid(`There is no pipeline "${pipelineId}".`, { pipeline: "Unknown pipeline." });
      return { ticketId: ticketOf(meta), pipelineId };
    },
    run: (actor, input) => moveTicket(deps, input, actor),
    ticket: (input) => input.ticketId,
  });

  on(modalIds.split, {
    check(view, meta) {
      const messageIds = inputValues(view, "messages");
      if (!messageIds.length) throw invalid("Choose at least one message to split off.", { messages: "Required." });
      return { ticketId: ticketOf(meta), messageIds, subject: inputValue(view, "subject") };
    },
    run: (actor, input) => splitTicket(deps, input, actor),
    ticket: (input) => input.ticketId,
  });

  on(modalIds.status, {
    check(view, meta, userId) {
      const raw: Record<string, string | null> = {};
      for (const block of Object.keys(view.state.values)) {
        if (block.startsWith("properties.")) raw[block.slice("properties.".length)] = inputValue(view, block) ?? null;
      }
      // Numbers, dates and choices are checked against the catalogue here, beside their fields.
      const properties = validateProperties(deps.catalog, raw);
      // The ticket's own fields, when the modal asked for them: checked here against the configured
      // teams and agents, so a wrong pick shows on its field and what was typed stays in the modal.
      // The core checks them all again (and agents only the database knows, from user groups).
      const teamId = inputValue(view, "team");
      const ownerId = inputValue(view, "owner");
      checkOwnerAndTeam(userId, teamId, ownerId, meta.teamId);
      const email = inputValue(view, "contact");
      if (email) {
        try {
          normaliseEmail(email);
        } catch {
          throw invalid(`"${email}" is not an email address.`, { contact: "Not an email address." });
        }
      }
      return {
        ticketId: ticketOf(meta),
        statusId: meta.statusId ?? "",
        properties,
        ownerId,
        teamId,
        requester: email ? { email } : undefined,
      };
    },
    run: (actor, input) => changeStatus(deps, input, actor),
    ticket: (input) => input.ticketId,
  });

  // A reply modal closed without sending keeps what was typed as the agent's draft.
  app.view({ callback_id: modalIds.reply, type: "view_closed" }, async ({ ack, body, view }) => {
    await ack();
    const actor = await actorFor(ctx, { id: body.user.id, teamId: body.user.team_id, requestTeamId: body.team?.id });
    const text = inputValue(view as ViewOutput, "text");
    if (!actor || !text) return;
    const v = view as ViewOutput;
    try {
      await saveDraft(
        deps,
        {
          ticketId: ticketOf(decodeMetadata(v.private_metadata)),
          text,
          cc: emails(inputValue(v, "cc")),
          bcc: emails(inputValue(v, "bcc")),
          statusId: inputValue(v, "status"),
        },
        actor,
      );
    } catch (e) {
      // A draft that cannot be kept (bad address) is not worth an error the agent cannot see.
      ctx.log.info("reply draft not kept", { reason: isHelpdeskError(e) ? e.code : "error" });
    }
  });
}
