// The support panel: a message an admin posts in a channel (`/ticket panel`) whose "Open a ticket"
// button opens a form (subject, description and the configured questions); the submission opens a
// ticket in a private thread whose first message has a "Close ticket" button. This file builds what
// the panel shows; panel-ticket.ts handles the clicks and the form.
// @see https://discord.com/developers/docs/components/reference#button
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type ModalSubmitInteraction,
} from "discord.js";
import type { DiscordPanel, PanelQuestion } from "./config.js";
import type { Speech } from "./context.js";
import { label, modal, textField, textInput, type Modal } from "./modal-views.js";
import { type Locale, msg } from "../../core/index.js";

/** The panel's custom ids: its button, the form it opens, and the Close button in a ticket's thread. */
export const panelIds = { open: "panel:open", form: "panel:form", close: "panel:close" } as const;

/** The form's own fields; the configured questions use their ids. */
export const panelFields = { subject: "subject", description: "description" } as const;

type Row = APIActionRowComponent<APIButtonComponentWithCustomId>;

/** The panel message, in the help desk's language (everyone in the channel reads it). */
export function panelMessage(desk: Speech): { content: string; embeds: APIEmbed[]; components: Row[] } {
  return {
    content: "",
    embeds: [{ title: desk.say(msg("panel.title")), description: desk.say(msg("panel.intro")) }],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: panelIds.open, label: desk.say(msg("panel.openButton")) },
        ],
      },
    ],
  };
}

/** The Close button under a ticket's first message in its thread, in the customer's language. */
export function closeRow(s: Speech): Row {
  return {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: panelIds.close, label: s.say(msg("panel.closeButton")) },
    ],
  };
}

/** A question's label in a language: that language's, else English, else the one given. */
export function questionLabel(q: PanelQuestion, locale: Locale): string {
  if (typeof q.label === "string") return q.label;
  return q.label[locale] ?? q.label.en ?? q.label.ja ?? q.id;
}

/** The shortest subject the form takes (two characters: a Japanese subject can be that short). */
const subjectMinLength = 2;

/** The form, in the language of the customer who opens it. */
export function panelForm(s: Speech, panel: DiscordPanel | undefined): Modal {
  const questions = panel?.questions ?? [];
  return modal(
    panelIds.form,
    s.say(msg("panel.formTitle")),
    [
      label(
        s.say(msg("panel.subjectLabel")),
        textInput(panelFields.subject, {
          required: true,
          min: subjectMinLength,
          max: 200,
          placeholder: s.say(msg("panel.subjectPlaceholder")),
        }),
      ),
      label(
        s.say(msg("panel.descriptionLabel")),
        textInput(panelFields.description, { long: true, required: true, placeholder: s.say(msg("panel.descriptionPlaceholder")) }),
      ),
      ...questions.map((q) =>
        label(
          questionLabel(q, s.f.locale),
          textInput(q.id, { long: q.style === "paragraph", required: q.required, max: q.style === "paragraph" ? 2000 : 300 }),
        ),
      ),
    ],
    s.say,
  );
}

/** What a customer entered in the form: the answers to the questions in their order, unanswered ones left out. */
export function formAnswers(i: ModalSubmitInteraction, panel: DiscordPanel | undefined) {
  return {
    subject: textField(i, panelFields.subject),
    description: textField(i, panelFields.description),
    answers: (panel?.questions ?? []).flatMap((q) => {
      const value = textField(i, q.id).trim();
      return value ? [{ question: q, value }] : [];
    }),
  };
}
