// The parts every modal the adapter opens is built from, as raw API JSON (discord.js sends it as
// given, so tests can assert exactly what goes out), and how a submission's fields are read back;
// each action builds and handles its own modals with them (actions/). Each field sits in a label
// component, which carries the field's name and hint and may hold a text input, a string select or
// a user select.
// @see https://discord.com/developers/docs/components/reference#label
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
import {
  ComponentType,
  type MessageComponentInteraction,
  type ModalSubmitInteraction,
  type RepliableInteraction,
  TextInputStyle,
  type APIComponentInLabel,
  type APILabelComponent,
  type APIModalInteractionResponseCallbackData,
  type APISelectMenuOption,
  type APITextDisplayComponent,
  escapeMarkdown,
} from "discord.js";
import { limits, oneLine, truncate } from "./escape.js";
import { msg, type Msg } from "../../core/index.js";

/** Discord's modal limits. @see https://discord.com/developers/docs/components/reference#text-input */
export const modalLimits = { title: 45, components: 5, label: 45, labelDescription: 100, textInputValue: 4000, placeholder: 100 } as const;

/** The custom ids of modal fields; submissions read them back by these (textField, selectValues). */
export const fieldIds = {
  text: "text",
  cc: "cc",
  bcc: "bcc",
  status: "status",
  subject: "subject",
  messages: "messages",
  secondary: "secondary",
  requester: "requester",
  priority: "priority",
  pipeline: "pipeline",
} as const;

export type Modal = APIModalInteractionResponseCallbackData;

/** An interaction that can still answer with a modal (a modal submission cannot open another). */
export type ModalOpener = Exclude<RepliableInteraction, ModalSubmitInteraction> | MessageComponentInteraction;

/** Renders a catalogue message in the language of whoever the modal is for. */
export type Say = (m: Msg) => string;

/** A modal of at most five fields, a prefilled text cut to fit (saying so in the agent's language). */
export function modal(customId: string, title: string, labels: APILabelComponent[], say: Say): Modal {
  const fields = labels.slice(0, modalLimits.components).map((l) => fitPrefill(l, say));
  const cut = fields.flatMap((f) => (f.note ? [f.note] : []));
  const components: Modal["components"] = fields.map((f) => f.label);
  // Said above the fields when there is room for a line; else in the cut field's own hint.
  if (cut.length && components.length < modalLimits.components) components.unshift(cutNotice(cut));
  else for (const f of fields) if (f.note) f.label.description = truncate(`⚠️ ${f.note}`, modalLimits.labelDescription);
  return { custom_id: customId, title: truncate(oneLine(title), modalLimits.title), components };
}

/**
 * A text input's prefilled value cut to what the input holds (Discord refuses the modal
 * otherwise), with a note saying so: the agent must not send a shortened text unawares.
 */
function fitPrefill(l: APILabelComponent, say: Say): { label: APILabelComponent; note?: string } {
  const c = l.component;
  if (c.type !== ComponentType.TextInput || !c.value) return { label: l };
  const max = c.max_length ?? modalLimits.textInputValue;
  if (c.value.length <= max) return { label: l };
  const note = say(msg("compose.savedTextCut", { field: l.label, length: c.value.length, max }));
  return { label: { ...l, component: { ...c, value: truncate(c.value, max) } }, note };
}

/**
 * The line that tells an agent a prefilled text was cut.
 * @see https://discord.com/developers/docs/components/reference#text-display
 */
export function cutNotice(notes: readonly string[]): APITextDisplayComponent {
  return { type: ComponentType.TextDisplay, content: truncate(notes.map((n) => `⚠️ ${escapeMarkdown(n)}`).join("\n"), 1000) };
}

/**
 * A text input's prefill and, when it is longer than the input holds, the notice to show with it
 * (for modals built outside this file).
 */
export function prefill(
  say: Say,
  label: string,
  value: string,
  max: number = modalLimits.textInputValue,
): { value: string; notice: APITextDisplayComponent | null } {
  if (value.length <= max) return { value, notice: null };
  return {
    value: truncate(value, max),
    notice: cutNotice([say(msg("compose.textCut", { field: label, length: value.length, max }))]),
  };
}

export function label(text: string, component: APIComponentInLabel, description?: string): APILabelComponent {
  return {
    type: ComponentType.Label,
    label: truncate(text, modalLimits.label),
    ...(description ? { description: truncate(description, modalLimits.labelDescription) } : {}),
    component,
  };
}

export function textInput(
  customId: string,
  opts: { long?: boolean; required?: boolean; value?: string | null | undefined; min?: number; max?: number; placeholder?: string },
): APIComponentInLabel {
  const max = Math.min(opts.max ?? modalLimits.textInputValue, modalLimits.textInputValue);
  // Cut to fit by modal(), which says so.
  const value = opts.value || undefined;
  return {
    type: ComponentType.TextInput,
    custom_id: customId,
    style: opts.long ? TextInputStyle.Paragraph : TextInputStyle.Short,
    required: opts.required ?? false,
    ...(opts.min ? { min_length: opts.min } : {}),
    max_length: max,
    ...(value ? { value } : {}),
    ...(opts.placeholder ? { placeholder: truncate(opts.placeholder, modalLimits.placeholder) } : {}),
  };
}

export function option(text: string, value: string, extra: { description?: string; default?: boolean } = {}): APISelectMenuOption {
  return {
    label: truncate(oneLine(text) || value, limits.selectOptionLabel),
    value: truncate(value, limits.selectOptionValue),
    ...(extra.description ? { description: truncate(oneLine(extra.description), limits.selectOptionDescription) } : {}),
    ...(extra.default ? { default: true } : {}),
  };
}

export function stringSelect(
  customId: string,
  options: APISelectMenuOption[],
  opts: { required?: boolean; many?: boolean; placeholder?: string } = {},
): APIComponentInLabel {
  const list = options.slice(0, limits.selectOptions);
  return {
    type: ComponentType.StringSelect,
    custom_id: customId,
    options: list,
    required: opts.required ?? true,
    min_values: opts.required === false ? 0 : 1,
    max_values: opts.many ? list.length : 1,
    ...(opts.placeholder ? { placeholder: opts.placeholder } : {}),
  };
}

/**
 * A text input's value ("" when absent: Discord sends empty optional inputs as "").
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-modal-submit-data-structure
 */
export function textField(i: ModalSubmitInteraction, id: string): string {
  const f = i.fields.fields.get(id);
  return f && "value" in f && typeof f.value === "string" ? f.value : "";
}

/** A select's chosen values (string or user select), none when absent. */
export function selectValues(i: ModalSubmitInteraction, id: string): readonly string[] {
  const f = i.fields.fields.get(id);
  return f && "values" in f && Array.isArray(f.values) ? f.values : [];
}

/** The ticket a modal was opened for; a custom id without one is our bug, not the agent's. */
export function ticketPart(parts: string[]): number {
  const n = Number(parts[0]);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error("modal custom id without its ticket");
  return n;
}
