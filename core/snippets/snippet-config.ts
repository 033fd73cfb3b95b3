// Snippets from the configuration, beside those admins add in chat: a name agents pick them by
// and a text, each one text or one per language (`{ "en": "…", "ja": "…" }`). Agents see the name
// in their language; the text goes into a reply in the customer's.
import { z } from "zod";
import { locales } from "../i18n/locale.js";
import { LocalizedText, named } from "../localized-text.js";

/** A snippet's text fits a reply with room to spare (Slack's input holds 3,000 characters). */
export const snippetTextMax = 2_900;
/** Slack shows at most 75 characters of an option's text. */
const snippetNameMax = 75;

function each(t: z.infer<typeof LocalizedText>): string[] {
  return typeof t === "string" ? [t] : locales.flatMap((l) => (t[l] === undefined ? [] : [t[l]]));
}

export const SnippetDefinition = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, "snippet ids are lower-case slugs"),
    name: LocalizedText.refine((n) => each(n).every((s) => s.trim() && s.length <= snippetNameMax), {
      message: `a snippet's name must not be blank, and at most ${snippetNameMax} characters`,
    }),
    text: LocalizedText.refine((t) => each(t).every((s) => s.trim()), { message: "a snippet's text must not be empty" }).refine(
      (t) => each(t).every((s) => s.length <= snippetTextMax),
      { message: `a snippet's text is at most ${snippetTextMax} characters` },
    ),
  })
  .transform(({ id, name, text }) => ({ id, ...named(name), texts: named(text).names }));
export type SnippetDefinition = z.infer<typeof SnippetDefinition>;

/** The configured snippets, each id once. */
export const SnippetDefinitions = z
  .array(SnippetDefinition)
  .default([])
  .superRefine((snippets, ctx) => {
    const seen = new Set<string>();
    snippets.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `snippet id "${s.id}" is used twice` });
      seen.add(s.id);
    });
  });
