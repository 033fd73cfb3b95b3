import type { Tx } from "../db.js";
import { invalid } from "../errors.js";
import { lookupHash } from "../keys/lookup-hash.js";
import { freeMailDomains } from "./free-mail.js";

const emailShape = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

export function normaliseEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (!emailShape.test(e)) throw invalid(`"${email}" is not an email address.`, { email: "Not an email address." });
  return e;
}

export function companyDomain(email: string): string | null {
  const domain = email.slice(email.lastIndexOf("@") + 1);
  return freeMailDomains.has(domain) ? null : domain;
}

/** A first guess at a company's name from its domain (acme.io: Acme); agents can correct it. */
export function companyName(domain: string): string {
  const label = domain.split(".")[0] ?? domain;
  return label.charAt(0).toUpperCase() + label.slice(1);
}

export interface ContactInput {
  email: string;
  name?: string | null;
}

/**
 * The contact for an address, matched case-insensitively; an unknown sender becomes a contact,
 * with the company of its domain (unless a free-mail domain). A name is filled in if missing.
 */
export async function findOrCreateContact(tx: Tx, input: ContactInput) {
  const email = normaliseEmail(input.email);
  const name = input.name?.trim() || null;
  // Addresses are found by their hash: one can be longer than an index entry (see lookup-hash.ts).
  const emailHash = lookupHash(email);
  const existing = await tx.contact.findUnique({ where: { emailHash } });
  if (existing) {
    if (!existing.name && name) return tx.contact.update({ where: { id: existing.id }, data: { name } });
    return existing;
  }
  const domain = companyDomain(email);
  let companyId: string | null = null;
  if (domain) {
    const domainHash = lookupHash(domain);
    const company =
      (await tx.company.findUnique({ where: { domainHash } })) ??
      (await tx.company.create({ data: { domain, domainHash, name: companyName(domain) } }));
    companyId = company.id;
  }
  // A racing transaction may create the same contact; withTx retries the loser on P2002.
  return tx.contact.create({ data: { email, emailHash, name, companyId } });
}

/** A requester known by their account on a chat surface rather than by an address. */
export interface ChatContactInput {
  surface: "slack" | "discord";
  userId: string;
  name?: string | null | undefined;
}

/**
 * The contact behind a chat account (Contact.slackUserId / discordUserId); an unknown account
 * becomes a contact without an email address. A name is filled in if missing.
 */
export async function findOrCreateChatContact(tx: Tx, input: ChatContactInput) {
  const userId = input.userId.trim();
  if (!userId) throw invalid("A chat requester needs a user id.", { requester: "Required." });
  const name = input.name?.trim() || null;
  const where = input.surface === "slack" ? { slackUserId: userId } : { discordUserId: userId };
  const existing = await tx.contact.findUnique({ where });
  if (existing) {
    if (!existing.name && name) return tx.contact.update({ where: { id: existing.id }, data: { name } });
    return existing;
  }
  // A racing transaction may create the same contact; withTx retries the loser on P2002.
  return tx.contact.create({ data: { ...where, name } });
}
