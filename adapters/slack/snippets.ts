// Snippets from Slack: the reply modal's "Insert a snippet" picker (block_actions → views.update,
// the snippet's text appended to the reply, the other inputs kept), and `/ticket snippet add|list`.
// @see https://api.slack.com/surfaces/modals#updating_views
import type { App, BlockAction } from "@slack/bolt";
import type { ActionsBlock, InputBlock, ModalView, PlainTextInput } from "@slack/types";
import { actorFor, type SlackContext, speech, type Speech } from "./context.js";
import { escapeText, fitEscaped, limits, truncate } from "./escape.js";
import { reply } from "./actions/reply.js";
import { decodeMetadata, snippetPicker, snippetPickerAction } from "./modals.js";
import { type Actor, getSnippet, invalid, listSnippets, msg, saveSnippet, showTicket } from "../../core/index.js";

/** A plain_text_input holds at most 3,000 characters. */
const replyTextMax = 3_000;

type StateValues = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>;

/** The value of a modal input by block id, whatever its action_id. */
function stateValue(values: StateValues, block: string): string | undefined {
  const v = Object.values(values[block] ?? {})[0];
  return v?.value ?? v?.selected_option?.value ?? undefined;
}

/** Slash command text arrives with `&`, `<` and `>` escaped; a snippet is stored as plain text. */
function unescapeSlack(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/**
 * The reply modal again with `text` in the reply input. Slack keeps what the agent typed in an
 * input across views.update unless its block_id or action_id changes, so the reply input gets a
 * new action_id ("value.<n>") each time; the other inputs keep theirs, and so their values.
 */
export function replyModalWithText(
  base: ModalView,
  text: string,
  generation: number,
  snippets: readonly { id: string; name: string }[],
): ModalView {
  const blocks = base.blocks.map((b) => {
    if (b.type === "input" && b.block_id === "text") {
      const input = b as InputBlock;
      return { ...input, element: { ...(input.element as PlainTextInput), action_id: `value.${generation}`, initial_value: text } };
    }
    if (b.type === "actions" && b.block_id?.startsWith("reply.snippets.")) {
      // The same picker, cleared, in the language it was opened in.
      const picker = (b as ActionsBlock).elements[0] as { placeholder?: { text: string } } | undefined;
      return snippetPicker(snippets, generation, picker?.placeholder?.text ?? "");
    }
    return b;
  });
  return { ...base, blocks };
}

export function registerSnippetPicker(app: App, ctx: SlackContext): void {
  const { deps } = ctx;
  app.action<BlockAction>(snippetPickerAction, async ({ ack, body, action, client }) => {
    await ack();
    const view = body.view;
    if (!view) return;
    const actor = await actorFor(ctx, { id: body.user.id, teamId: body.user.team_id, requestTeamId: body.team?.id });
    if (!actor) return;
    const snippetId = (action as { selected_option?: { value: string } }).selected_option?.value;
    const ticketId = decodeMetadata(view.private_metadata).ticketId;
    if (!snippetId || !ticketId) return;
    try {
      // A configured snippet's text in the customer's language; the names in the agent's.
      const snippet = await getSnippet(deps, snippetId, actor, { ticketId });
      if (!snippet) return;
      const values = view.state.values as StateValues;
      const typed = stateValue(values, "text")?.replace(/\s+$/, "") ?? "";
      const text = typed ? `${typed}\n\n${snippet.text}` : snippet.text;
      if (text.length > replyTextMax) {
        ctx.log.info("snippet not inserted: the reply would be too long", { ticketId });
        return;
      }
      const d = await showTicket(deps, { ticketId }, actor);
      const snippets = await listSnippets(deps, { f: speech(ctx, body.user.id).f }, actor);
      const textBlock = view.blocks.find((b) => (b as { block_id?: string }).block_id === "text") as
        { element?: { action_id?: string } } | undefined;
      const generation = Number(/^value\.(\d+)$/.exec(textBlock?.element?.action_id ?? "")?.[1] ?? 0) + 1;
      const base = reply.modal.build(
        speech(ctx, body.user.id),
        deps.catalog,
        { id: ticketId, pipelineId: d.ticket.pipeline.id },
        {
          text,
          cc: [stateValue(values, "cc") ?? ""].filter(Boolean),
          bcc: [stateValue(values, "bcc") ?? ""].filter(Boolean),
          statusId: stateValue(values, "status") ?? null,
        },
        snippets,
      );
      await client.views.update({ view_id: view.id, hash: view.hash, view: replyModalWithText(base, text, generation, snippets) });
    } catch (e) {
      // hash_conflict: the modal changed meanwhile (another insert); the agent can pick again.
      ctx.log.warn("snippet not inserted", { ticketId, err: e instanceof Error ? e.message : String(e) });
    }
  });
}

/**
 * `/ticket snippet add <name> <text>` (admins) and `/ticket snippet list` (agents).
 * Shaped like the actions' subcommands (see actions/types.ts); answers in the agent's language.
 */
export async function snippetCommand(ctx: SlackContext, inv: { actor: Actor; args: string[]; speech: Speech }): Promise<string> {
  const [verb, name, ...words] = inv.args;
  const { say } = inv.speech;
  switch (verb?.toLowerCase()) {
    case "add": {
      if (!name || !words.length) throw invalid(msg("home.snippetAddUsage"));
      const s = await saveSnippet(ctx.deps, { name: unescapeSlack(name), text: unescapeSlack(words.join(" ")) }, inv.actor);
      return `:white_check_mark: ${say(msg("home.snippetSaved", { name: escapeText(s.name) }))}`;
    }
    case "list":
    case undefined: {
      const all = await listSnippets(ctx.deps, { f: inv.speech.f }, inv.actor);
      if (!all.length) return say(msg("home.noSnippets"));
      const lines = all.map((s) => `• *${escapeText(s.name)}* ${fitEscaped(s.text.replace(/\s+/g, " "), 80).text}`);
      return truncate([`*${say(msg("home.snippetsTitle"))}*`, ...lines].join("\n"), limits.messageText);
    }
    default:
      throw invalid(msg("home.snippetUsage"));
  }
}
