// Constraints for Bolt listeners.

/** Matches exactly one of `ids` (action ids, callback ids), for a listener that serves them all. */
export function exactly(ids: Iterable<string>): RegExp {
  const alternatives = [...ids].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (!alternatives.length) throw new Error("a listener for no ids");
  return new RegExp(`^(?:${alternatives.join("|")})$`);
}
