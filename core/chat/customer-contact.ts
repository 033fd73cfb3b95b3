// The contact of a customer writing in chat: found by their chat account, else by the address
// the platform gave (an email customer now writing in chat), else made; with the company their
// address or the platform names. Both a customer's first message and a colleague joining their
// thread find their contact here.
import {
  companyDomain,
  findOrCreateChatContact,
  findOrCreateContact,
  normaliseEmail,
  type ContactRow,
} from "../contacts/find-or-create-contact.js";
import type { Tx } from "../db.js";
import { lookupHash } from "../keys/lookup-hash.js";
import type { ChatSurface } from "../outbox/delivery.js";
import { companyFor, normaliseCompanyDomain, type CompanyHint } from "./customer-company.js";
import { contactIdFor, linkContact } from "./identities.js";

/** What the platform tells of a customer's chat account. */
export interface ChatCustomer {
  surface: ChatSurface;
  userId: string;
  name?: string | null | undefined;
  /** Their address, when the platform gives it: an existing contact with it is theirs, and so is its company. */
  email?: string | null | undefined;
  /** Their company when their address says none (their organisation, the channel's company). */
  company?: CompanyHint | null | undefined;
}

/** An address the platform gave, or null when it is none we can write to. */
function usableEmail(email: string | null | undefined): string | null {
  try {
    return email?.trim() ? normaliseEmail(email) : null;
  } catch {
    return null;
  }
}

/** A company the platform named, or null when its domain is none (the ticket is opened all the same). */
function usableCompany(hint: CompanyHint | null | undefined): CompanyHint | null {
  try {
    return hint ? { ...hint, domain: normaliseCompanyDomain(hint.domain) } : null;
  } catch {
    return null;
  }
}

/**
 * The customer's contact: the one of their chat account; else the one of their address (an email
 * customer who now writes in chat), which the account joins; else a new one. A contact without an
 * address gets theirs when no other contact has it, and one without a company gets the hint's.
 */
export async function customerContact(tx: Tx, input: ChatCustomer, at: Date): Promise<ContactRow> {
  const email = usableEmail(input.email);
  const held = await contactIdFor(tx, input.surface, input.userId);
  let contact: ContactRow;
  // The address this call gave the contact: its domain names the contact's company before the hint does.
  let given: string | null = null;
  if (held || !email) {
    contact = await findOrCreateChatContact(tx, { surface: input.surface, userId: input.userId, name: input.name }, at);
    if (email && !contact.email) {
      const taken = await tx.selectFrom("Contact").select("id").where("emailHash", "=", lookupHash(email)).executeTakeFirst();
      if (!taken) {
        await tx
          .updateTable("Contact")
          .set({ email, emailHash: lookupHash(email) })
          .where("id", "=", contact.id)
          .execute();
        contact = { ...contact, email, emailHash: lookupHash(email) };
        given = email;
      }
    }
  } else {
    const byEmail = await findOrCreateContact(tx, { email, name: input.name ?? null }, at);
    // A contact has one account per surface: an address whose contact has another account here
    // (two people sharing a mailbox) leaves this account a contact of its own.
    const other = await tx
      .selectFrom("ChatIdentity")
      .select("externalId")
      .where("surface", "=", input.surface)
      .where("contactId", "=", byEmail.id)
      .executeTakeFirst();
    if (other) contact = await findOrCreateChatContact(tx, { surface: input.surface, userId: input.userId, name: input.name }, at);
    else {
      await linkContact(tx, input.surface, input.userId, byEmail.id, at);
      contact = byEmail;
    }
  }
  if (contact.companyId) return contact;
  // The given address's company, as an email from it would have had, unless a free-mail domain;
  // else the one the platform named.
  const domain = given === null ? null : companyDomain(given);
  const hint = domain ? { domain } : usableCompany(input.company);
  if (!hint) return contact;
  const company = await companyFor(tx, hint, at);
  await tx.updateTable("Contact").set({ companyId: company.id }).where("id", "=", contact.id).execute();
  return { ...contact, companyId: company.id };
}
