// The modals agents fill in: reply, comment, create, merge, move, split, and the required
// properties of a status. Each input's block_id is the core input field it fills, so a
// HelpdeskError's `fields` land beside the right input.
import type { ActionsBlock, InputBlock, ModalView, PlainTextOption } from "@slack/types";
import { limits, truncate, utf8Bytes } from "./escape.js";
import { type Catalog, type MessageView, priorities, type StatusDefinition } from "../../core/index.js";

/** callback_ids of the modals; the view_submission listeners match on these. */
export const modalIds = {
  reply: "modal.reply",
  comment: "modal.comment",
  create: "modal.create",
  merge: "modal.merge",
  move: "modal.move",
  split: "modal.split",
  status: "modal.status",
} as const;
export type ModalId = keyof typeof modalIds;

/** What a modal remembers between opening and submission (at most 3,000 bytes). */
export interface ModalMetadata {
  ticketId?: number;
  statusId?: string;
  /** The status modal: the ticket's team when the modal opened (null: none), to check an owner against. */
  teamId?: string | null;
}

export function encodeMetadata(m: ModalMetadata): string {
  const s = JSON.stringify(m);
  if (utf8Bytes(s) > limits.privateMetadataBytes) throw new Error("private_metadata over Slack's 3,000 bytes");
  return s;
}

export function decodeMetadata(s: string | undefined): ModalMetadata {
  try {
    const v = JSON.parse(s ?? "{}") as ModalMetadata;
    return typeof v === "object" && v ? v : {};
  } catch {
    return {};
  }
}

const plain = (text: string) => ({ type: "plain_text" as const, text });
const option = (text: string, value: string): PlainTextOption => ({ text: plain(truncate(text, limits.optionText)), value });

function modal(
  id: ModalId,
  title: string,
  submit: string,
  blocks: (InputBlock | ActionsBlock)[],
  meta: ModalMetadata,
  notifyOnClose = false,
): ModalView {
  return {
    type: "modal",
    callback_id: modalIds[id],
    title: plain(truncate(title, limits.modalTitle)),
    submit: plain(truncate(submit, limits.modalButton)),
    close: plain("Cancel"),
    private_metadata: encodeMetadata(meta),
    ...(notifyOnClose ? { notify_on_close: true } : {}),
    blocks: blocks.slice(0, limits.blocksPerModal),
  };
}

function textInput(
  field: string,
  label: string,
  opts: { multiline?: boolean; optional?: boolean; initial?: string | undefined; hint?: string } = {},
): InputBlock {
  return {
    type: "input",
    block_id: field,
    label: plain(label),
    optional: opts.optional ?? false,
    ...(opts.hint ? { hint: plain(opts.hint) } : {}),
    element: {
      type: "plain_text_input",
      action_id: "value",
      multiline: opts.multiline ?? false,
      ...(opts.initial ? { initial_value: opts.initial } : {}),
    },
  };
}

function select(
  field: string,
  label: string,
  options: PlainTextOption[],
  opts: { optional?: boolean; initial?: string | undefined } = {},
): InputBlock {
  const initial = options.find((o) => o.value === opts.initial);
  return {
    type: "input",
    block_id: field,
    label: plain(label),
    optional: opts.optional ?? false,
    element: {
      type: "static_select",
      action_id: "value",
      options: options.slice(0, limits.selectOptions),
      ...(initial ? { initial_option: initial } : {}),
    },
  };
}

function statusOptions(catalog: Catalog, pipelineId: string): PlainTextOption[] {
  return (catalog.pipeline(pipelineId)?.statuses ?? []).map((s) => option(s.name, s.id));
}

export interface ReplyDraft {
  text: string;
  cc: string[];
  bcc: string[];
  statusId: string | null;
}

/** The action_id of the reply modal's snippet picker (see snippets.ts). */
export const snippetPickerAction = "reply.snippet";

/** "Insert a snippet": choosing one appends its text to the reply (an actions block, so it acts at once). */
export function snippetPicker(snippets: readonly { id: string; name: string }[], generation = 0): ActionsBlock {
  return {
    type: "actions",
    // A new block_id each time clears the choice, so the same snippet can be inserted twice.
    block_id: `reply.snippets.${generation}`,
    elements: [
      {
        type: "static_select",
        action_id: snippetPickerAction,
        placeholder: plain("Insert a snippet…"),
        options: snippets.slice(0, limits.selectOptions).map((s) => option(s.name, s.id)),
      },
    ],
  };
}

/** Reply to the customer; closing it without sending keeps the text as the agent's draft. */
export function replyModal(
  catalog: Catalog,
  ticket: { id: number; pipelineId: string },
  draft: ReplyDraft | null,
  snippets: readonly { id: string; name: string }[] = [],
): ModalView {
  return modal(
    "reply",
    `Reply to #${ticket.id}`,
    "Send",
    [
      textInput("text", "Reply to the customer", { multiline: true, initial: draft?.text }),
      ...(snippets.length ? [snippetPicker(snippets)] : []),
      textInput("cc", "Cc", { optional: true, initial: draft?.cc.join(", "), hint: "Email addresses, separated by commas." }),
      textInput("bcc", "Bcc", { optional: true, initial: draft?.bcc.join(", ") }),
      select("status", "Then set status", statusOptions(catalog, ticket.pipelineId), {
        optional: true,
        initial: draft?.statusId ?? undefined,
      }),
    ],
    { ticketId: ticket.id },
    true,
  );
}

export function commentModal(ticketId: number): ModalView {
  return modal(
    "comment",
    `Note on #${ticketId}`,
    "Save note",
    [textInput("text", "Internal note", { multiline: true, hint: "Only agents see it. @name mentions notify them." })],
    { ticketId },
  );
}

export function createModal(catalog: Catalog, subject: string | undefined): ModalView {
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

export function mergeModal(ticketId: number): ModalView {
  return modal(
    "merge",
    `Merge into #${ticketId}`,
    "Merge",
    [textInput("secondary", "Ticket to fold in", { hint: `Its messages move to #${ticketId}, and it is closed.` })],
    { ticketId },
  );
}

export function moveModal(catalog: Catalog, ticket: { id: number; pipelineId: string }): ModalView {
  const others = catalog.config.pipelines.filter((p) => p.id !== ticket.pipelineId).map((p) => option(p.name, p.id));
  return modal("move", `Move #${ticket.id}`, "Move", [select("pipeline", "To pipeline", others)], { ticketId: ticket.id });
}

export function splitModal(ticketId: number, messages: MessageView[]): ModalView {
  const options = messages.slice(-limits.selectOptions).map((m) => option(`${m.kind.toLowerCase()}: ${m.text.replace(/\s+/g, " ")}`, m.id));
  return modal(
    "split",
    `Split #${ticketId}`,
    "Split",
    [
      {
        type: "input",
        block_id: "messages",
        label: plain("Messages for the new ticket"),
        element: { type: "multi_static_select", action_id: "value", options },
      },
      textInput("subject", "New ticket's subject", { optional: true }),
    ],
    { ticketId },
  );
}

/** What the status modal offers for the ticket's own fields a status may require. */
export interface StatusModalChoices {
  /** The required built-in fields the ticket lacks (`owner`, `team`, `contact`). */
  missing: readonly string[];
  /** Agents who may own the ticket, by id. */
  agents: readonly { id: string; name: string }[];
  /** Teams the acting agent may put the ticket in. */
  teams: readonly { id: string; name: string }[];
  /** The ticket's custom property values, to start from. */
  properties?: Record<string, unknown>;
  /** The ticket's team now (null: none), kept in the modal so its submission can check an owner. */
  teamId?: string | null;
}

/**
 * The built-in fields `status` requires that the ticket lacks and the modal could not offer (no
 * team the agent may choose, no agent who may own it): a modal without them could never succeed.
 */
export function unofferableFields(status: StatusDefinition, choices: StatusModalChoices): string[] {
  return status.requiredProperties.filter(
    (name) =>
      choices.missing.includes(name) && ((name === "owner" && !choices.agents.length) || (name === "team" && !choices.teams.length)),
  );
}

/**
 * Asks for what a status requires before the ticket can enter it: the ticket's own owner, team
 * and requester when it lacks them (block ids `owner`, `team`, `contact`, the names the core's
 * errors use), and the custom properties (`properties.<name>`).
 */
export function statusModal(
  catalog: Catalog,
  ticketId: number,
  status: StatusDefinition,
  choices: StatusModalChoices = { missing: [], agents: [], teams: [] },
): ModalView {
  const builtIn = (name: string): InputBlock[] => {
    if (!choices.missing.includes(name)) return [];
    switch (name) {
      case "owner":
        return choices.agents.length
          ? [
              select(
                "owner",
                "Owner",
                choices.agents.map((a) => option(a.name, a.id)),
              ),
            ]
          : [];
      case "team":
        return choices.teams.length
          ? [
              select(
                "team",
                "Team",
                choices.teams.map((t) => option(t.name, t.id)),
              ),
            ]
          : [];
      case "contact":
        return [
          {
            type: "input",
            block_id: "contact",
            label: plain("Requester email"),
            element: { type: "email_text_input", action_id: "value" },
            hint: plain("The customer this ticket is for; a new address becomes a contact."),
          },
        ];
      default:
        return [];
    }
  };
  const blocks = status.requiredProperties.flatMap((name): InputBlock[] => {
    const p = catalog.property(name);
    if (!p) return builtIn(name);
    const current = choices.properties?.[name];
    const initial = current === undefined || current === null ? undefined : String(current);
    if (p.type === "select")
      return [
        select(
          `properties.${name}`,
          p.label,
          (p.options ?? []).map((o) => option(o, o)),
          { initial },
        ),
      ];
    if (p.type === "boolean") return [select(`properties.${name}`, p.label, [option("Yes", "true"), option("No", "false")], { initial })];
    return [
      textInput(`properties.${name}`, p.label, { multiline: p.type === "text", hint: p.type === "date" ? "YYYY-MM-DD" : "", initial }),
    ];
  });
  const meta: ModalMetadata = { ticketId, statusId: status.id, ...(choices.teamId !== undefined ? { teamId: choices.teamId } : {}) };
  return modal("status", `Set ${status.name}`, "Set status", blocks, meta);
}
