/** Properties and payloads are stored as JSON text so both providers share one schema. */
export function parseJsonObject(text: string | null | undefined): Record<string, unknown> {
  if (!text) return {};
  const v: unknown = JSON.parse(text);
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function parseJsonArray<T = unknown>(text: string | null | undefined): T[] {
  if (!text) return [];
  const v: unknown = JSON.parse(text);
  return Array.isArray(v) ? (v as T[]) : [];
}
