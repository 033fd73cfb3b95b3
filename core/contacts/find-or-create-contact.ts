import type { Locale } from "../i18n/locale.js";
import type { Selectable } from "kysely";
import type { DB, Tx } from "../db.js";
import { contactIdFor, linkContact } from "../chat/identities.js";
import { invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { newId } from "../ids.js";
import { lookupHash } from "../keys/lookup-hash.js";
import type { ChatSurface } from "../outbox/delivery.js";
import { freeMailDomains } from "./free-mail.js";

const emailShape = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

export function normaliseEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (!emailShape.test(e)) throw invalid(msg("errors.notEmailAddress", { email }), { email: msg("fields.notEmailAddress") });
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

export type ContactRow = Selectable<DB["Contact"]>;

/** The company a contact belongs to, as a ticket view shows it. */
export interface CompanyRef {
  id: string;
  domain: string;
  name: string;
}

/** A contact with its company, read in the same statement. */
export type ContactWithCompany = ContactRow & { company: CompanyRef | null };

export interface ContactInput {
  email: string;
  name?: string | null;
  /** The language this message shows the customer writes in; kept if the contact has none yet. */
  locale?: Locale | null;
}

/**
 * The contact for an address, matched case-insensitively; an unknown sender becomes a contact,
 * with the company of its domain (unless a free-mail domain). A name is filled in if missing.
 */
export async function findOrCreateContact(tx: Tx, input: ContactInput, at: Date = new Date()): Promise<ContactWithCompany> {
  const email = normaliseEmail(input.email);
  const name = input.name?.trim() || null;
  // Addresses are found by their hash: one can be longer than an index entry (see lookup-hash.ts).
  const emailHash = lookupHash(email);
  const existing = await tx
    .selectFrom("Contact as c")
    .leftJoin("Company as co", "co.id", "c.companyId")
    .selectAll("c")
    .select(["co.domain as companyDomain", "co.name as companyName"])
    .where("c.emailHash", "=", emailHash)
    .executeTakeFirst();
  if (existing) {
    const { companyDomain: domain, companyName: companyLabel, ...row } = existing;
    const company = row.companyId ? { id: row.companyId, domain: domain ?? "", name: companyLabel ?? "" } : null;
    const named = await fillName(tx, row, name);
    return { ...(await fillLocale(tx, named, input.locale ?? null)), company };
  }
  const domain = companyDomain(email);
  const company = domain ? await companyOfDomain(tx, domain, at) : null;
  // A racing transaction may create the same contact; withTx retries the loser on the unique key.
  const contact = await tx
    .insertInto("Contact")
    .values({ id: newId(), email, emailHash, name, locale: input.locale ?? null, companyId: company?.id ?? null, createdAt: at })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...contact, company };
}

/**
 * The company of a domain, created if there is none. Most senders' companies exist already: one
 * read. A racing transaction may create the same company: the unique hash keeps one, and this
 * transaction reads the one that is there.
 */
async function companyOfDomain(tx: Tx, domain: string, at: Date): Promise<CompanyRef> {
  const domainHash = lookupHash(domain);
  const byHash = () => tx.selectFrom("Company").select(["id", "domain", "name"]).where("domainHash", "=", domainHash).executeTakeFirst();
  const known = await byHash();
  if (known) return known;
  const created = await tx
    .insertInto("Company")
    .values({ id: newId(), domain, domainHash, name: companyName(domain), createdAt: at })
    .onConflict((oc) => oc.column("domainHash").doNothing())
    .returning(["id", "domain", "name"])
    .executeTakeFirst();
  return created ?? (await byHash())!;
}

async function fillLocale(tx: Tx, contact: ContactRow, locale: Locale | null): Promise<ContactRow> {
  if (contact.locale || !locale) return contact;
  await tx.updateTable("Contact").set({ locale }).where("id", "=", contact.id).execute();
  return { ...contact, locale };
}

async function fillName(tx: Tx, contact: ContactRow, name: string | null): Promise<ContactRow> {
  if (contact.name || !name) return contact;
  await tx.updateTable("Contact").set({ name }).where("id", "=", contact.id).execute();
  return { ...contact, name };
}

/** A requester known by their account on a chat surface rather than by an address. */
export interface ChatContactInput {
  surface: ChatSurface;
  userId: string;
  name?: string | null | undefined;
}

/**
 * The contact behind a chat account (its chat identity); an unknown account becomes a contact
 * without an email address. A name is filled in if missing. An agent's own account has a contact
 * of its own too (an agent's message made into a ticket), beside the agent's identity.
 */
export async function findOrCreateChatContact(tx: Tx, input: ChatContactInput, at: Date = new Date()): Promise<ContactRow> {
  const userId = input.userId.trim();
  if (!userId) throw invalid(msg("errors.chatRequesterNeedsUserId"), { requester: msg("fields.required") });
  const name = input.name?.trim() || null;
  const held = await contactIdFor(tx, input.surface, userId);
  if (held) {
    const existing = await tx.selectFrom("Contact").selectAll().where("id", "=", held).executeTakeFirstOrThrow();
    return fillName(tx, existing, name);
  }
  const contact = await tx.insertInto("Contact").values({ id: newId(), name, createdAt: at }).returningAll().executeTakeFirstOrThrow();
  // A racing transaction may link the same account first; withTx retries the loser on the primary key.
  await linkContact(tx, input.surface, userId, contact.id, at);
  return contact;
}
