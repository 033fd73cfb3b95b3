// REST API tokens as admins manage them (core/api-tokens), in English: refusals and the chat answers.
export const apiTokens = {
  onlyAdmins: "Only admins can create, revoke or list API tokens.",
  nameInvalid: "A token name is 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit.",
  nameTaken: (p: { name: string }) => `There is already an API token named "${p.name}".`,
  scopeInvalid: (p: { scope: string }) => `"${p.scope}" is not a token scope (write or read).`,
  agentInactive: (p: { agent: string }) => `${p.agent} is not an active agent, so no token can act as them.`,
  notFound: (p: { name: string }) => `There is no API token named "${p.name}".`,
  alreadyRevoked: (p: { name: string }) => `The API token "${p.name}" is already revoked.`,
  created: (p: { name: string; agent: string; scope: string }) =>
    `API token "${p.name}" created, acting as ${p.agent} (${p.scope}). Copy the secret below now; it is not shown again.`,
  revoked: (p: { name: string }) => `API token "${p.name}" revoked.`,
  listEmpty: "There are no API tokens.",
  listLine: (p: { name: string; prefix: string; agent: string; scope: string; revoked: boolean }) =>
    `${p.name} (${p.prefix}…): acts as ${p.agent}, ${p.scope}, ${p.revoked ? "revoked" : "active"}`,
  commandUnknown: (p: { command: string }) => `"${p.command}" is not a token command: use create, revoke or list.`,
  nameNeeded: "Name the token, e.g. billing.",
  idempotencyTakenOver:
    "This request ran so long that a retry with the same Idempotency-Key took it over; it made no change (the retry's answer stands).",
};
