// Outgoing webhooks as admins read them, in English: the refusals of their reads and changes.
export const webhooks = {
  onlyAdmins: "Only admins can see or change the webhooks.",
  noEndpoint: (p: { id: string }) => `There is no webhook endpoint "${p.id}" in the configuration.`,
};
