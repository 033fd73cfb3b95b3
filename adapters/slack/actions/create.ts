// Create: a new ticket from a modal. `/ticket new [subject]` (or `create`) opens it, the subject
// filled in when typed.
import type { ModalView } from "@slack/types";
import { inputValue, modal, modalIds, option, required, select, textInput } from "../modals.js";
import { quoted } from "../private-notice.js";
import { actionModal, type SlackAction } from "./types.js";
import { type Catalog, createTicket, invalid, normaliseEmail, priorities, type Priority } from "../../../core/index.js";

function createModal(catalog: Catalog, subject: string | undefined): ModalView {
  return modal(
    "create",
    "New ticket",
    "Create",
    [
      textInput("subject", "Subject", { initial: subject }),
      textInput("text", "The request", { multiline: true, optional: true }),
      textInput("requester", "Requester email", { optional: true }),
      select(
        "priority",
        "Priority",
        priorities.map((p) => option(p, p)),
        { initial: "medium" },
      ),
      select(
        "pipeline",
        "Pipeline",
        catalog.config.pipelines.map((p) => option(p.name, p.id)),
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
      await inv.open(createModal(deps.catalog, inv.args.join(" ") || undefined));
    },
  },
  modal: actionModal({
    callbackId: modalIds.create,
    build: createModal,
    check({ deps }, view) {
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
    run: ({ deps }, actor, input) => createTicket(deps, input, actor),
    rescue: async (_ctx, _actor, input) => quoted("ticket", [input.subject, input.text].filter(Boolean).join("\n\n")),
  }),
} satisfies SlackAction;
