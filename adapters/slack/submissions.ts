// Modal submissions (view_submission), routed to the action whose modal it is (see actions/).
// The ack comes as soon as the input passes the checks that need no database (empty text,
// malformed addresses, bad numbers or choices): those errors show on their fields, in the ack, the
// only place Slack shows them. The core use case runs after the ack, so no ack waits on database
// work or on a Web API call; a refusal then (not found, forbidden, a conflict, a rule only the
// database can check) reaches the agent privately, and what they typed is kept: a refused reply
// becomes their draft, anything else is quoted back to them.
// @see https://api.slack.com/surfaces/modals#displaying_errors
import type { AckFn, AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewOutput, ViewResponseAction, ViewSubmitAction } from "@slack/bolt";
import { slackActions } from "./actions/index.js";
import type { ActionModal } from "./actions/types.js";
import { actorFor, errorText, fieldErrorTexts, refusalText, slackReader, type SlackContext, speech } from "./context.js";
import { truncate } from "./escape.js";
import { exactly } from "./listen.js";
import { decodeMetadata } from "./modals.js";
import { tellPrivately } from "./private-notice.js";
import type { Actor } from "../../core/index.js";

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

export function registerSubmissions(app: App, ctx: SlackContext): void {
  // One listener per kind of view payload, finding the modal by its callback id (see actions.ts
  // for why not one listener each).
  const modals = new Map(Object.values(slackActions).flatMap(({ modal }) => (modal ? [[modal.callbackId, modal] as const] : [])));
  const closing = [...modals.values()].filter((m) => m.closed);
  if (closing.length) {
    app.view({ callback_id: exactly(closing.map((m) => m.callbackId)), type: "view_closed" }, async ({ ack, body, view }) => {
      await ack();
      const closed = modals.get(view.callback_id)?.closed;
      const actor = await actorFor(ctx, { id: body.user.id, teamId: body.user.team_id, requestTeamId: body.team?.id });
      if (actor && closed) await closed(ctx, actor, view as ViewOutput);
    });
  }
  app.view<ViewSubmitAction>({ callback_id: exactly(modals.keys()), type: "view_submission" }, async ({ ack, body, view, client }) => {
    const sub = modals.get(view.callback_id);
    if (sub) await submit(ctx, sub, { ack, body, view, client });
  });
}

/**
 * A modal submission's answer from its field checks alone (no database): errors beside the fields,
 * or an empty answer that closes the modal. The receiver answers with it before Bolt sees the
 * submission; the listener then finds the same (the checks are pure) and its ack does nothing.
 */
export function submissionAnswer(ctx: SlackContext): (body: Record<string, unknown>) => { answer: unknown } | null {
  const modals = new Map(Object.values(slackActions).flatMap(({ modal }) => (modal ? [[modal.callbackId, modal] as const] : [])));
  return (body) => {
    if (body.type !== "view_submission") return null;
    const { view, user } = body as unknown as ViewSubmitAction;
    const sub = view && modals.get(view.callback_id);
    if (!sub || !user) return null;
    try {
      sub.check(ctx, view, decodeMetadata(view.private_metadata), user.id);
      return { answer: undefined };
    } catch (e) {
      return {
        answer: {
          response_action: "errors",
          errors: fieldErrors(view, errorText(ctx, e, slackReader(user.id)), fieldErrorTexts(ctx, e, slackReader(user.id))),
        },
      };
    }
  };
}

/** One modal's submission: its check before the ack, its use case after. */
async function submit<I>(
  ctx: SlackContext,
  sub: ActionModal<I>,
  { ack, body, view, client }: Pick<SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs, "ack" | "body" | "view" | "client">,
): Promise<void> {
  const done = ack as AckFn<ViewResponseAction | void>;
  let input: I;
  try {
    input = sub.check(ctx, view, decodeMetadata(view.private_metadata), body.user.id);
  } catch (e) {
    return done({
      response_action: "errors",
      errors: fieldErrors(view, errorText(ctx, e, slackReader(body.user.id)), fieldErrorTexts(ctx, e, slackReader(body.user.id))),
    });
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
    if (!actor) return void (await tellPrivately(ctx, client, { userId, ticketId }, refusalText(ctx, userId)));
    await ctx.locales?.learn(client, userId);
    await sub.run(ctx, actor, input);
  } catch (e) {
    const said = errorText(ctx, e, slackReader(userId));
    let kept: string | undefined;
    try {
      kept = await sub.rescue?.(ctx, actor, input, speech(ctx, userId));
    } catch (err) {
      ctx.log.error("slack submission rescue failed", { ticket: ticketId, err: err instanceof Error ? err.message : String(err) });
    }
    await tellPrivately(ctx, client, { userId, ticketId }, kept ? `${said}\n${kept}` : said);
  }
}
