// The modals agents fill in from Discord, as raw API JSON (discord.js sends it as given, so tests
// can assert exactly what goes out). Each field sits in a label component, which carries the
// field's name and hint and may hold a text input, a string select or a user select.
// @see https://discord.com/developers/docs/components/reference#label
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
import {
  ComponentType,
  TextInputStyle,
  type APIComponentInLabel,
  type APILabelComponent,
  type APIModalInteractionResponseCallbackData,
  type APISelectMenuOption,
  type APITextDisplayComponent,
  escapeMarkdown,
} from "discord.js";
import { modalId } from "./custom-ids.js";
import { limits, oneLine, truncate } from "./escape.js";
import { priorities, type PropertyDefinition } from "../../core/index.js";

/** Discord's modal limits. @see https://discord.com/developers/docs/components/reference#text-input */
export const modalLimits = { title: 45, components: 5, label: 45, labelDescription: 100, textInputValue: 4000, placeholder: 100 } as const;

/** The custom ids of modal fields; submissions read them back by these. */
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

/** A status's required field still empty on the ticket: a built-in one or a custom property. */
export type StatusRequirement =
  | { name: "owner" | "contact"; label: string }
  | { name: "team"; label: string; teams: { id: string; name: string }[] }
  | { name: string; label: string; property: PropertyDefinition };

/** The custom id of the field that fills a requirement in the status modal. */
export const requirementField = (name: string) => `req.${name}`;

type Modal = APIModalInteractionResponseCallbackData;

function modal(customId: string, title: string, labels: APILabelComponent[]): Modal {
  const fields = labels.slice(0, modalLimits.components).map(fitPrefill);
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
function fitPrefill(l: APILabelComponent): { label: APILabelComponent; note?: string } {
  const c = l.component;
  if (c.type !== ComponentType.TextInput || !c.value) return { label: l };
  const max = c.max_length ?? modalLimits.textInputValue;
  if (c.value.length <= max) return { label: l };
  const note = `${l.label}: the saved text is ${c.value.length.toLocaleString("en")} characters; only the first ${max.toLocaleString("en")} fit here, the rest is cut.`;
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
  label: string,
  value: string,
  max: number = modalLimits.textInputValue,
): { value: string; notice: APITextDisplayComponent | null } {
  if (value.length <= max) return { value, notice: null };
  return {
    value: truncate(value, max),
    notice: cutNotice([
      `${label}: the text is ${value.length.toLocaleString("en")} characters; only the first ${max.toLocaleString("en")} fit here, the rest is cut.`,
    ]),
  };
}

function label(text: string, component: APIComponentInLabel, description?: string): APILabelComponent {
  return {
    type: ComponentType.Label,
    label: truncate(text, modalLimits.label),
    ...(description ? { description: truncate(description, modalLimits.labelDescription) } : {}),
    component,
  };
}

function textInput(
  customId: string,
  opts: { long?: boolean; required?: boolean; value?: string | null | undefined; max?: number; placeholder?: string },
): APIComponentInLabel {
  const max = Math.min(opts.max ?? modalLimits.textInputValue, modalLimits.textInputValue);
  // Cut to fit by modal(), which says so.
  const value = opts.value || undefined;
  return {
    type: ComponentType.TextInput,
    custom_id: customId,
    style: opts.long ? TextInputStyle.Paragraph : TextInputStyle.Short,
    required: opts.required ?? false,
    max_length: max,
    ...(value ? { value } : {}),
    ...(opts.placeholder ? { placeholder: truncate(opts.placeholder, modalLimits.placeholder) } : {}),
  };
}

function option(text: string, value: string, extra: { description?: string; default?: boolean } = {}): APISelectMenuOption {
  return {
    label: truncate(oneLine(text) || value, limits.selectOptionLabel),
    value: truncate(value, limits.selectOptionValue),
    ...(extra.description ? { description: truncate(oneLine(extra.description), limits.selectOptionDescription) } : {}),
    ...(extra.default ? { default: true } : {}),
  };
}

function stringSelect(
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

export interface ReplyModalOptions {
  /** The agent's saved draft, to pick up where they left off. */
  draft?: string | null;
  statuses: { id: string; name: string }[];
  currentStatusId?: string;
  /** The draft's copies and status, when it had them. */
  cc?: string[];
  bcc?: string[];
  statusId?: string | null;
}

/**
 * Reply to the customer, optionally moving the ticket to another status in the same action.
 * @see https://discord.com/developers/docs/components/reference#string-select
 */
export function replyModal(ticketId: number, opts: ReplyModalOptions): Modal {
  const statuses = opts.statuses.map((s) =>
    option(s.name, s.id, { ...(s.id === opts.currentStatusId ? { description: "Current status" } : {}), default: s.id === opts.statusId }),
  );
  return modal(modalId("reply", ticketId), `Reply to #${ticketId}`, [
    label(
      "Reply to the customer",
      textInput(fieldIds.text, { long: true, required: true, value: opts.draft }),
      "The customer reads this by email (or where they wrote).",
    ),
    label("Cc", textInput(fieldIds.cc, { value: opts.cc?.join(", "), max: 1000 }), "Email addresses, separated by commas."),
    label("Bcc", textInput(fieldIds.bcc, { value: opts.bcc?.join(", "), max: 1000 })),
    ...(statuses.length
      ? [label("Then set status", stringSelect(fieldIds.status, statuses, { required: false, placeholder: "Keep the status" }))]
      : []),
  ]);
}

/**
 * An internal note; `@handle` mentions notify agents.
 * @see https://discord.com/developers/docs/components/reference#text-input
 */
export function commentModal(ticketId: number): Modal {
  return modal(modalId("comment", ticketId), `Note on #${ticketId}`, [
    label(
      "Internal note",
      textInput(fieldIds.text, { long: true, required: true }),
      "Only agents see it. @handle (an agent's id or email name) notifies them.",
    ),
  ]);
}

/**
 * Choose messages (the latest 25) that become a new ticket.
 * @see https://discord.com/developers/docs/components/reference#string-select
 */
export function splitModal(ticketId: number, messages: { id: string; kind: string; text: string; createdAt: Date }[]): Modal {
  const options = messages.slice(-limits.selectOptions).map((m) =>
    option(`${m.kind.toLowerCase()}: ${m.text}`, m.id, {
      description: m.createdAt.toISOString().slice(0, 16).replace("T", " ") + " UTC",
    }),
  );
  return modal(modalId("split", ticketId), `Split #${ticketId}`, [
    label(
      "Messages for the new ticket",
      stringSelect(fieldIds.messages, options, { many: true, placeholder: "Choose messages" }),
      "They move to a new ticket, with their email threading.",
    ),
    label("New ticket's subject", textInput(fieldIds.subject, { max: 200, placeholder: "Defaults to this ticket's subject with (split)" })),
  ]);
}

/**
 * Fold another ticket into this one.
 * @see https://discord.com/developers/docs/components/reference#text-input
 */
export function mergeModal(ticketId: number): Modal {
  return modal(modalId("merge", ticketId), `Merge into #${ticketId}`, [
    label(
      "Ticket to fold in",
      textInput(fieldIds.secondary, { required: true, max: 12, placeholder: "#123" }),
      `Its messages move to #${ticketId}, and it is closed.`,
    ),
  ]);
}

/**
 * Whether a select can offer these values as they are: one to 25 of them (Discord refuses an
 * empty select and holds 25), none longer than an option's 100-character value, none twice.
 * Otherwise the field is a text input, so no value is lost or cut.
 * @see https://discord.com/developers/docs/components/reference#string-select
 */
function fitsSelect(values: readonly string[]): boolean {
  return (
    values.length > 0 &&
    values.length <= limits.selectOptions &&
    values.every((v) => v.length <= limits.selectOptionValue) &&
    new Set(values).size === values.length
  );
}

const oneOfHint = (values: readonly string[]) => (values.length ? `Type one of: ${values.join(", ")}` : "Type its value.");

/**
 * Asks for what a status requires before the ticket can enter it (at most five fields: the
 * caller says when more are missing).
 * @see https://discord.com/developers/docs/components/reference#user-select
 */
export function statusModal(ticketId: number, statusId: string, missing: readonly StatusRequirement[], statusName = statusId): Modal {
  const labels = missing.map((r): APILabelComponent => {
    const id = requirementField(r.name);
    if ("property" in r) {
      const p = r.property;
      if (p.type === "select") {
        const values = p.options ?? [];
        if (fitsSelect(values))
          return label(
            r.label,
            stringSelect(
              id,
              values.map((o) => option(o, o)),
            ),
          );
        return label(r.label, textInput(id, { required: true, placeholder: values.join(", ") }), oneOfHint(values));
      }
      if (p.type === "boolean") return label(r.label, stringSelect(id, [option("Yes", "true"), option("No", "false")]));
      return label(
        r.label,
        textInput(id, { long: p.type === "text", required: true, ...(p.type === "date" ? { placeholder: "YYYY-MM-DD", max: 10 } : {}) }),
      );
    }
    if (r.name === "owner")
      return label(
        r.label,
        { type: ComponentType.UserSelect, custom_id: id, required: true, min_values: 1, max_values: 1 },
        "The agent who will own the ticket.",
      );
    if ("teams" in r) {
      if (fitsSelect(r.teams.map((t) => t.id)))
        return label(
          r.label,
          stringSelect(
            id,
            r.teams.map((t) => option(t.name, t.id)),
          ),
          "Only this team's agents will see the ticket.",
        );
      return label(
        r.label,
        textInput(id, { required: true, max: 200, placeholder: r.teams.map((t) => t.name).join(", ") }),
        "Type the team's name. Only its agents will see the ticket.",
      );
    }
    return label(r.label, textInput(id, { required: true, max: 320, placeholder: "name@example.com" }), "The requester's email address.");
  });
  return modal(modalId("status", ticketId, statusId), `Set ${statusName}`, labels);
}

export interface CreatePrefill {
  subject?: string;
  text?: string;
  priority?: string;
  /** Chosen on the command; kept in the modal's custom id. */
  teamId?: string;
  pipelines?: { id: string; name: string }[];
  defaultPipelineId?: string;
}

/**
 * Open a ticket by hand: subject, the request, who asked, priority and (when there are several) pipeline.
 * @see https://discord.com/developers/docs/components/reference#label
 */
export function createModal(prefill: CreatePrefill = {}): Modal {
  const pipelines = prefill.pipelines ?? [];
  // A team id too long for the custom id is dropped rather than failing to open the form.
  const team = prefill.teamId && prefill.teamId.length <= 80 ? prefill.teamId : undefined;
  return modal(team ? modalId("new", team) : modalId("new"), "New ticket", [
    label("Subject", textInput(fieldIds.subject, { required: true, value: prefill.subject, max: 200 })),
    label("The request", textInput(fieldIds.text, { long: true, value: prefill.text }), "As the customer put it."),
    label(
      "Requester email",
      textInput(fieldIds.requester, { max: 320, placeholder: "name@example.com" }),
      "Leave empty when nobody is to be written to.",
    ),
    label(
      "Priority",
      stringSelect(
        fieldIds.priority,
        priorities.map((p) => option(p, p, { default: p === (prefill.priority ?? "medium") })),
      ),
    ),
    ...(pipelines.length > 1
      ? [
          label(
            "Pipeline",
            stringSelect(
              fieldIds.pipeline,
              pipelines.map((p) => option(p.name, p.id, { default: p.id === prefill.defaultPipelineId })),
            ),
          ),
        ]
      : []),
  ]);
}
