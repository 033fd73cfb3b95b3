// Modal submissions (view_submission). Unlike buttons, these do their work before acking: Slack
// shows field errors only in the ack itself, so the core must have said yes or no by then.
// @see https://api.slack.com/surfaces/modals#displaying_errors
import type { AckFn, App, ViewResponseAction, ViewOutput } from "@slack/bolt";
import type { Actor } from "../../core/deps.js";
import { invalid, isHelpdeskError } from "../../core/errors.js";
import { changeStatus } from "../../core/tickets/change-status.js";
import { commentOnTicket } from "../../core/tickets/comment-on-ticket.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { mergeTickets } from "../../core/tickets/merge-tickets.js";
import { moveTicket } from "../../core/tickets/move-ticket.js";
import { replyToTicket } from "../../core/tickets/reply-to-ticket.js";
import { saveDraft } from "../../core/tickets/save-draft.js";
import { splitTicket } from "../../core/tickets/split-ticket.js";
import type { Priority } from "../../core/tickets/view.js";
import { actorFor, errorText, parseTicketNumber, refusalText, type SlackContext } from "./context.js";
import { truncate } from "./escape.js";
import { decodeMetadata, modalIds, type ModalMetadata } from "./modals.js";

type StateValue = { value?: string | null; selected_option?: { value: string } | null; selected_options?: { value: string }[] };

/** The value of an input block (text, select or multi-select), by block id. */
export function inputValue(view: ViewOutput, block: string): string | undefined {
  const v = view.state.values[block]?.value as StateValue | undefined;
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
export function fieldErrors(view: ViewOutput, message: string, fields: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const blocks = Object.keys(view.state.values);
  const errors: Record<string, string> = {};
  for (const [field, text] of Object.entries(fields ?? {})) {
    const block = [field, fieldAliases[field], `properties.${field}`].find((b): b is string => !!b && blocks.includes(b));
    if (block) errors[block] = truncate(errors[block] ? `${errors[block]} ${text}` : text, 150);
  }
  if (Object.keys(errors).length === 0 && blocks[0]) errors[blocks[0]] = truncate(message, 150);
  return errors;
}

type Handler = (actor: Actor, view: ViewOutput, meta: ModalMetadata) => Promise<unknown>;

export function registerSubmissions(app: App, ctx: SlackContext): void {
  const { deps } = ctx;
  const on = (callbackId: string, handle: Handler) =>
    app.view(callbackId, async ({ ack, body, view }) => {
      const done = ack as AckFn<ViewResponseAction | void>;
      const actor = await actorFor(ctx, { id: body.user.id, teamId: body.user.team_id, requestTeamId: body.team?.id });
      const first = Object.keys(view.state.values)[0];
      if (!actor) return done(first ? { response_action: "errors", errors: { [first]: refusalText } } : undefined);
      try {
        await handle(actor, view, decodeMetadata(view.private_metadata));
        await done();
      } catch (e) {
        const message = errorText(ctx, e);
        await done({ response_action: "errors", errors: fieldErrors(view, message, isHelpdeskError(e) ? e.fields : undefined) });
      }
    });
  const ticketId = (m: ModalMetadata) => {
    if (!m.ticketId) throw new Error("modal without its ticket");
    return m.ticketId;
  };

  on(modalIds.reply, (actor, view, meta) =>
    replyToTicket(deps, {
      ticketId: ticketId(meta),
      text: inputValue(view, "text") ?? "",
      cc: emails(inputValue(view, "cc")),
      bcc: emails(inputValue(view, "bcc")),
      statusId: inputValue(view, "status"),
    }, actor),
  );
  on(modalIds.comment, (actor, view, meta) => commentOnTicket(deps, { ticketId: ticketId(meta), text: inputValue(view, "text") ?? "" }, actor));
  on(modalIds.create, (actor, view) => {
    const requester = inputValue(view, "requester");
    return createTicket(deps, {
      subject: inputValue(view, "subject") ?? "",
      text: inputValue(view, "text"),
      requester: requester ? { email: requester } : undefined,
      priority: inputValue(view, "priority") as Priority | undefined,
      pipelineId: inputValue(view, "pipeline"),
    }, actor);
  });
  on(modalIds.merge, async (actor, view, meta) => {
    const secondaryId = parseTicketNumber(inputValue(view, "secondary"));
    if (secondaryId === null) throw invalid("Give the other ticket's number, e.g. #123.", { secondary: "A ticket number such as #123." });
    return mergeTickets(deps, { primaryId: ticketId(meta), secondaryId }, actor);
  });
  on(modalIds.move, (actor, view, meta) => moveTicket(deps, { ticketId: ticketId(meta), pipelineId: inputValue(view, "pipeline") ?? "" }, actor));
  on(modalIds.split, (actor, view, meta) =>
    splitTicket(deps, { ticketId: ticketId(meta), messageIds: inputValues(view, "messages"), subject: inputValue(view, "subject") }, actor),
  );
  on(modalIds.status, (actor, view, meta) => {
    const properties: Record<string, unknown> = {};
    for (const block of Object.keys(view.state.values)) {
      if (!block.startsWith("properties.")) continue;
      const name = block.slice("properties.".length);
      const raw = inputValue(view, block);
      const type = deps.catalog.property(name)?.type;
      properties[name] = raw === undefined ? null : type === "number" ? Number(raw) : type === "boolean" ? raw === "true" : raw;
    }
    return changeStatus(deps, { ticketId: ticketId(meta), statusId: meta.statusId ?? "", properties }, actor);
  });

  // A reply modal closed without sending keeps what was typed as the agent's draft.
  app.view({ callback_id: modalIds.reply, type: "view_closed" }, async ({ ack, body, view }) => {
    await ack();
    const actor = await actorFor(ctx, { id: body.user.id, teamId: body.user.team_id, requestTeamId: body.team?.id });
    const text = inputValue(view as ViewOutput, "text");
    if (!actor || !text) return;
    const v = view as ViewOutput;
    try {
      await saveDraft(deps, { ticketId: ticketId(decodeMetadata(v.private_metadata)), text, cc: emails(inputValue(v, "cc")), bcc: emails(inputValue(v, "bcc")), statusId: inputValue(v, "status") }, actor);
    } catch (e) {
      // A draft that cannot be kept (bad address) is not worth an error the agent cannot see.
      ctx.log.info("reply draft not kept", { reason: isHelpdeskError(e) ? e.code : "error" });
    }
  });
}
