// Create: a new ticket from a modal. `/ticket new [subject]` (or `create`) opens it, the subject
// filled in when typed.
import type { ModalView } from "@slack/types";
import { inputValue, modal, modalIds, option, required, select, textInput } from "../modals.js";
import { quoted } from "../private-notice.js";
import type { Speech } from "../context.js";
import { actionModal, type SlackAction } from "./types.js";
import { type Catalog, createTicket, invalid, msg, normaliseEmail, priorities, type Priority } from "../../../core/index.js";

function createModal({ f, say }: Speech, catalog: Catalog, subject: string | undefined): ModalView {
  return modal(
    say,
    "create",
    say(msg("compose.newTicketTitle")),
    say(msg("compose.create")),
    [
      textInput("subject", say(msg("compose.subject")), { initial: subject }),
      textInput("text", say(msg("compose.theRequest")), { multiline: true, optional: true }),
      textInput("requester", say(msg("compose.requesterEmail")), { optional: true }),
      select(
        "priority",
        say(msg("compose.priority")),
        priorities.map((p) => option(say(msg(`card.${p}Priority`)), p)),
        { initial: "medium" },
      ),
      select(
        "pipeline",
        say(msg("compose.pipeline")),
        catalog.config.pipelines.map((p) => option(f.name(p.names), p.id)),
        { initial: catalog.defaultPipeline.id },
      ),
    ],
    {},
  );
}

export const create = {
  command: {
    word: "new",
    aliases: ["create"],
    usage: "new [subject]",
    async run({ deps }, inv) {
      await inv.open(createModal(inv.speech, deps.catalog, inv.args.join(" ") || undefined));
    },
  },
  modal: actionModal({
    callbackId: modalIds.create,
    build: createModal,
    check({ deps }, view) {
      const subject = required(msg("errors.subjectRequired"), "subject", inputValue(view, "subject"));
      const requester = inputValue(view, "requester");
      if (requester) {
        try {
          normaliseEmail(requester);
        } catch {
          throw invalid(msg("errors.notEmailAddress", { email: requester }), { requester: msg("fields.notEmailAddress") });
        }
      }
      const priority = inputValue(view, "priority");
      if (priority && !priorities.includes(priority as Priority))
        throw invalid(msg("errors.priorityUnknown", { priority }), { priority: msg("compose.priorityOneOf", { items: priorities }) });
      const pipelineId = inputValue(view, "pipeline");
      if (pipelineId && !deps.catalog.pipeline(pipelineId))
        throw invalid(msg("errors.pipelineUnknown", { pipeline: pipelineId }), { pipeline: msg("fields.unknownPipeline") });
      return {
        subject,
        text: inputValue(view, "text"),
        requester: requester ? { email: requester } : undefined,
        priority: priority as Priority | undefined,
        pipelineId,
      };
    },
    run: ({ deps }, actor, input) => createTicket(deps, input, actor),
    rescue: async (_ctx, _actor, input, { say }) =>
      quoted(say(msg("compose.ticketNotSavedCopy")), [input.subject, input.text].filter(Boolean).join("\n\n")),
  }),
} satisfies SlackAction;
