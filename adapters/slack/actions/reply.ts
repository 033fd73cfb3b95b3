// Reply: an answer to the customer, from a modal with the agent's draft, snippets, Cc/Bcc and a
// status to set after. `/ticket reply #n` or the card's Reply button opens it; closing it without
// sending keeps what was typed as the agent's draft.
import type { ModalView, PlainTextOption } from "@slack/types";
import { cardActions } from "../card.js";
import { type SlackContext, type Speech, ticketArg } from "../context.js";
import {
  decodeMetadata,
  inputValue,
  metadataTicket,
  modal,
  modalIds,
  option,
  required,
  select,
  snippetPicker,
  textInput,
} from "../modals.js";
import { quoteBack } from "../private-notice.js";
import { actionModal, type OpenModal, type SlackAction } from "./types.js";
import {
  type Actor,
  type Catalog,
  type Formats,
  msg,
  getDraft,
  invalid,
  isHelpdeskError,
  listSnippets,
  normaliseRecipients,
  replyToTicket,
  saveDraft,
  showTicket,
} from "../../../core/index.js";

interface ReplyDraft {
  text: string;
  cc: string[];
  bcc: string[];
  statusId: string | null;
}

const emails = (s: string | undefined) => (s ?? "").split(/[,;\s]+/).filter(Boolean);

function statusOptions(catalog: Catalog, pipelineId: string, f: Formats): PlainTextOption[] {
  return (catalog.pipeline(pipelineId)?.statuses ?? []).map((s) => option(f.name(s.names), s.id));
}

/** Reply to the customer; closing it without sending keeps the text as the agent's draft. */
function replyModal(
  { f, say }: Speech,
  catalog: Catalog,
  ticket: { id: number; pipelineId: string },
  draft: ReplyDraft | null,
  snippets: readonly { id: string; name: string }[] = [],
): ModalView {
  return modal(
    say,
    "reply",
    say(msg("compose.replyTitle", { id: ticket.id })),
    say(msg("compose.send")),
    [
      textInput("text", say(msg("compose.replyLabel")), { multiline: true, initial: draft?.text }),
      ...(snippets.length ? [snippetPicker(snippets, 0, say(msg("compose.insertSnippet")))] : []),
      textInput("cc", say(msg("compose.cc")), {
        optional: true,
        initial: draft?.cc.join(", "),
        hint: say(msg("compose.addressesHint")),
      }),
      textInput("bcc", say(msg("compose.bcc")), { optional: true, initial: draft?.bcc.join(", ") }),
      select("status", say(msg("compose.thenSetStatus")), statusOptions(catalog, ticket.pipelineId, f), {
        optional: true,
        initial: draft?.statusId ?? undefined,
      }),
    ],
    { ticketId: ticket.id },
    true,
  );
}

/** The reply modal for a ticket, with the agent's draft and the snippets they may insert. */
async function openReply({ deps }: SlackContext, actor: Actor, ticketId: number, open: OpenModal, speech: Speech): Promise<void> {
  const d = await showTicket(deps, { ticketId }, actor);
  const draft = await getDraft(deps, { ticketId }, actor);
  await open(
    replyModal(
      speech,
      deps.catalog,
      { id: ticketId, pipelineId: d.ticket.pipeline.id },
      draft,
      await listSnippets(deps, { f: speech.f }, actor),
    ),
  );
}

export const reply = {
  command: {
    word: "reply",
    usage: "reply <#n>",
    async run(ctx, inv) {
      await openReply(ctx, inv.actor, ticketArg(inv.args), inv.open, inv.speech);
    },
  },
  card: {
    actionId: cardActions.reply,
    async run(ctx, { actor, ticketId, open, speech }) {
      await openReply(ctx, actor, ticketId(), open, speech);
    },
  },
  modal: actionModal({
    callbackId: modalIds.reply,
    build: replyModal,
    check({ deps }, view, meta) {
      const ticketId = metadataTicket(meta);
      const text = required(msg("errors.replyEmpty"), "text", inputValue(view, "text"));
      const { cc, bcc } = normaliseRecipients({ cc: emails(inputValue(view, "cc")), bcc: emails(inputValue(view, "bcc")) });
      const statusId = inputValue(view, "status");
      if (statusId && !deps.catalog.config.pipelines.some((p) => p.statuses.some((s) => s.id === statusId))) {
        throw invalid(msg("compose.noSuchStatus", { status: statusId }), { status: msg("fields.unknownStatus") });
      }
      return { ticketId, text, cc, bcc, statusId };
    },
    run: ({ deps }, actor, input) => replyToTicket(deps, input, actor),
    ticket: (input) => input.ticketId,
    async rescue({ deps, log }, actor, input, { say }) {
      const id = input.ticketId;
      if (actor) {
        // The refusal may be the status (moved to another pipeline since): keep the text without it.
        for (const statusId of input.statusId ? [input.statusId, undefined] : [undefined]) {
          try {
            await saveDraft(deps, { ...input, statusId }, actor);
            return say(msg("compose.replyKeptCard", { id }));
          } catch (e) {
            if (!isHelpdeskError(e))
              log.error("slack reply draft not kept", { ticket: input.ticketId, err: e instanceof Error ? e.message : String(e) });
          }
        }
      }
      return `${say(msg("compose.replyNotKept", { id }))}\n${quoteBack(input.text)}`;
    },
    /** Closed without sending: what was typed is kept as the agent's draft. */
    async closed({ deps, log }, actor, view) {
      const text = inputValue(view, "text");
      if (!text) return;
      try {
        await saveDraft(
          deps,
          {
            ticketId: metadataTicket(decodeMetadata(view.private_metadata)),
            text,
            cc: emails(inputValue(view, "cc")),
            bcc: emails(inputValue(view, "bcc")),
            statusId: inputValue(view, "status"),
          },
          actor,
        );
      } catch (e) {
        // A draft that cannot be kept (bad address) is not worth an error the agent cannot see.
        log.info("reply draft not kept", { reason: isHelpdeskError(e) ? e.code : "error" });
      }
    },
  }),
} satisfies SlackAction;
