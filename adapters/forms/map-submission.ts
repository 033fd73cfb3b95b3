import type { FormDefinition } from "./config.js";
import type { SubmissionFields } from "./providers/types.js";
import { type InboundInput, priorities, type Priority } from "../../core/index.js";

export type Mapped = { ok: true; input: InboundInput } | { ok: false; field: string; message: string };

const blank = (v: string | undefined) => v === undefined || !v.trim();
/** A field's trimmed value; "" when absent. */
const value = (fields: SubmissionFields, name: string | undefined) => (name === undefined ? "" : (fields[name] ?? "").trim());

/**
 * A submission as the core's intake input, by the form's field map. Answers the map does not
 * name are kept below the description ("Field: value"), so agents see the whole submission.
 */
export function mapSubmission(form: FormDefinition, fields: SubmissionFields, externalId: string): Mapped {
  const map = form.fields;
  for (const name of [map.email, map.description, ...form.required]) {
    if (blank(fields[name])) return { ok: false, field: name, message: `Missing required field "${name}".` };
  }
  let priority: Priority | undefined;
  if (map.priority && !blank(fields[map.priority])) {
    const p = value(fields, map.priority).toLowerCase();
    if (!(priorities as readonly string[]).includes(p))
      return { ok: false, field: map.priority, message: `Field "${map.priority}" must be one of: ${priorities.join(", ")}.` };
    priority = p as Priority;
  }
  const properties: Record<string, unknown> = {};
  for (const [property, field] of Object.entries(map.properties)) if (!blank(fields[field])) properties[property] = value(fields, field);
  const mapped = new Set([map.email, map.name, map.subject, map.description, map.priority, ...Object.values(map.properties)]);
  const extra = Object.entries(fields).filter(([k, v]) => !mapped.has(k) && !blank(v));
  const description = value(fields, map.description);
  return {
    ok: true,
    input: {
      channel: "form",
      from: { email: value(fields, map.email), name: value(fields, map.name) || undefined },
      subject: value(fields, map.subject) || form.subject || undefined,
      text: extra.length ? `${description}\n\n${extra.map(([k, v]) => `${k}: ${v}`).join("\n")}` : description,
      externalId,
      route: { pipelineId: form.pipelineId, teamId: form.teamId },
      priority,
      properties,
    },
  };
}
