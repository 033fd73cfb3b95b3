// Texts from the configuration in one language or several: a pipeline's or a workflow's name, a
// workflow's message.
import { z } from "zod";
import type { LocalizedName } from "./i18n/format.js";
import { locales } from "./i18n/locale.js";

/**
 * A name shown to agents or customers: one text, or one per language
 * (`{ "en": "Waiting on customer", "ja": "顧客返信待ち" }`, at least one of them).
 */
export const LocalizedText = z.union([
  z.string().min(1),
  z
    .strictObject(
      Object.fromEntries(locales.map((l) => [l, z.string().min(1).optional()])) as Record<
        (typeof locales)[number],
        z.ZodOptional<z.ZodString>
      >,
    )
    .refine((n) => locales.some((l) => n[l] !== undefined), `give it in at least one language (${locales.join(", ")})`),
]);

/** `name` as one text (the English, else the first given, for logs and ids) and `names` by language. */
export function named(n: z.infer<typeof LocalizedText>): { name: string; names: LocalizedName } {
  if (typeof n === "string") return { name: n, names: { en: n } };
  const names: LocalizedName = Object.fromEntries(locales.flatMap((l) => (n[l] === undefined ? [] : [[l, n[l]]])));
  return { name: names.en ?? Object.values(names)[0]!, names };
}
