// The company of a customer who writes in a customer channel, when their address says none: the
// organisation they write from (a Slack Connect workspace) or the channel's configured company.
// Companies are keyed by an email domain, so an organisation without one is keyed by its own
// address on the platform (acme.slack.com): it stays one company, and agents can rename it.
import type { Tx } from "../db.js";
import { invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { newId } from "../ids.js";
import { lookupHash } from "../keys/lookup-hash.js";
import { companyName } from "../contacts/find-or-create-contact.js";

/** A company as a chat adapter names it: its domain, and its name when the platform says. */
export interface CompanyHint {
  domain: string;
  name?: string | null | undefined;
}

const domainShape = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** "Example.COM" → "example.com"; anything that is not a domain is `invalid`. */
export function normaliseCompanyDomain(domain: string): string {
  const d = domain.trim().toLowerCase().replace(/^@/, "");
  if (!domainShape.test(d)) throw invalid(msg("customers.badCompany", { company: domain.trim() }));
  return d;
}

/** The company of a domain, created (named as the hint says, else from the domain) when there is none. */
export async function companyFor(tx: Tx, hint: CompanyHint, at: Date): Promise<{ id: string }> {
  const domain = normaliseCompanyDomain(hint.domain);
  const domainHash = lookupHash(domain);
  const byHash = () => tx.selectFrom("Company").select("id").where("domainHash", "=", domainHash).executeTakeFirst();
  const known = await byHash();
  if (known) return known;
  const created = await tx
    .insertInto("Company")
    .values({ id: newId(), domain, domainHash, name: hint.name?.trim() || companyName(domain), createdAt: at })
    .onConflict((oc) => oc.column("domainHash").doNothing())
    .returning("id")
    .executeTakeFirst();
  return created ?? (await byHash())!;
}
