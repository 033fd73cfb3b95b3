// What the actions' modals (see actions/) are made of and how their input is read back: the
// callback_ids, the metadata a modal carries, its inputs, and the reply modal's snippet picker.
// Each input's block_id is the core input field it fills, so a HelpdeskError's `fields` land
// beside the right input.
import type { ViewOutput } from "@slack/bolt";
import type { ActionsBlock, InputBlock, ModalView, PlainTextOption } from "@slack/types";
import { limits, truncate, utf8Bytes } from "./escape.js";
import { type ErrorText, invalid, msg, type Msg } from "../../core/index.js";

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

export const plain = (text: string) => ({ type: "plain_text" as const, text });
export const option = (text: string, value: string): PlainTextOption => ({ text: plain(truncate(text, limits.optionText)), value });

/** Renders a catalogue message in the language of whoever the modal is for. */
export type Say = (m: Msg) => string;

export function modal(
  say: Say,
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
    close: plain(say(msg("compose.cancel"))),
    private_metadata: encodeMetadata(meta),
    ...(notifyOnClose ? { notify_on_close: true } : {}),
    blocks: blocks.slice(0, limits.blocksPerModal),
  };
}

export function textInput(
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

export function select(
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

/** The action_id of the reply modal's snippet picker (see snippets.ts). */
export const snippetPickerAction = "reply.snippet";

/** "Insert a snippet": choosing one appends its text to the reply (an actions block, so it acts at once). */
export function snippetPicker(snippets: readonly { id: string; name: string }[], generation: number, placeholder: string): ActionsBlock {
  return {
    type: "actions",
    // A new block_id each time clears the choice, so the same snippet can be inserted twice.
    block_id: `reply.snippets.${generation}`,
    elements: [
      {
        type: "static_select",
        action_id: snippetPickerAction,
        placeholder: plain(placeholder),
        options: snippets.slice(0, limits.selectOptions).map((s) => option(s.name, s.id)),
      },
    ],
  };
}

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

/** A required input: its value, or `invalid` with "Required." beside it. */
export const required = (message: ErrorText, field: string, value: string | undefined): string => {
  if (!value?.trim()) throw invalid(message, { [field]: msg("fields.required") });
  return value;
};

/** A number, or the plain Error of a modal opened without its ticket (a bug, not the agent's). */
export const metadataTicket = (m: ModalMetadata): number => {
  if (!m.ticketId) throw new Error("modal without its ticket");
  return m.ticketId;
};
