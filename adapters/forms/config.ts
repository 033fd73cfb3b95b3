// The forms adapter's part of the configuration file (the `forms` list), parsed by bot/settings.ts
// from the same JSON file as the core's HelpdeskConfig. Secrets are not in the file: each form
// names the environment variable that holds its signing secret.
import { z } from "zod";

export const formKinds = ["signed", "typeform", "tally"] as const;
export type FormKind = (typeof formKinds)[number];

export const FormFieldMap = z.object({
  /** The field holding the requester's email address (required in every submission). */
  email: z.string().min(1).default("email"),
  name: z.string().min(1).optional(),
  subject: z.string().min(1).optional(),
  /** The field holding the message (required in every submission). */
  description: z.string().min(1).default("description"),
  priority: z.string().min(1).optional(),
  /** Ticket property name → form field. */
  properties: z.record(z.string(), z.string().min(1)).default({}),
});

export const FormDefinition = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "form ids are lower-case slugs"),
  /** `signed`: any site posting JSON or urlencoded with our HMAC header; or a provider's native webhook. */
  kind: z.enum(formKinds).default("signed"),
  /** The environment variable holding this form's signing secret. */
  secretEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/, "an environment variable name, e.g. FORM_CONTACT_SECRET"),
  pipelineId: z.string().optional(),
  teamId: z.string().optional(),
  fields: FormFieldMap.default({ email: "email", description: "description", properties: {} }),
  /** More fields a submission must fill, besides email and description. */
  required: z.array(z.string().min(1)).default([]),
  /** Subject of tickets from this form when it has no subject field. */
  subject: z.string().min(1).optional(),
  /** Identical bodies are one submission for this long after the body was first received (id or not). */
  dedupeWindowSeconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 86400)
    .default(86400),
});
export type FormDefinition = z.infer<typeof FormDefinition>;

export const FormsConfig = z.object({ forms: z.array(FormDefinition).default([]) }).superRefine((cfg, ctx) => {
  const ids = cfg.forms.map((f) => f.id);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) ctx.addIssue({ code: "custom", path: ["forms", i, "id"], message: `form id "${id}" is used twice` });
  });
});
export type FormsConfig = z.infer<typeof FormsConfig>;

/** A configured form with its secret resolved from the environment. */
export interface ConfiguredForm extends FormDefinition {
  secret: string;
}
