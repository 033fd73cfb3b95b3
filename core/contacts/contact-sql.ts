import { newId } from "../ids.js";
import { lookupHash } from "../keys/lookup-hash.js";
import type { SqlTx } from "../sql.js";
import { companyDomain, companyName } from "./find-or-create-contact.js";

export type ContactRow = { id: string; name: string | null; companyId: string | null };
export type CompanyRow = { id: string; domain: string; name: string };

/** `findOrCreateContact` for the SQL paths: the sender's contact (created if new, with its company unless a free-mail domain). */
export async function contactForSql(q: SqlTx, email: string, name: string | null, at: Date): Promise<{ contact: ContactRow; company: CompanyRow | null }> {
  const [found] = await q.query<ContactRow & { cId: string | null; cDomain: string | null; cName: string | null }>(
    `SELECT c.id, c.name, c."companyId", co.id AS "cId", co.domain AS "cDomain", co.name AS "cName"
     FROM "Contact" c LEFT JOIN "Company" co ON co.id = c."companyId" WHERE c."emailHash" = ?`,
    [lookupHash(email)],
  );
  if (found) {
    if (!found.name && name) await q.execute(`UPDATE "Contact" SET name = ? WHERE id = ?`, [name, found.id]);
    const company = found.cId ? { id: found.cId, domain: found.cDomain!, name: found.cName! } : null;
    return { contact: { id: found.id, name: found.name ?? name, companyId: found.companyId }, company };
  }
  const domain = companyDomain(email);
  let company: CompanyRow | null = null;
  if (domain) {
    const domainHash = lookupHash(domain);
    [company = null] = await q.query<CompanyRow>(`SELECT id, domain, name FROM "Company" WHERE "domainHash" = ?`, [domainHash]);
    if (!company) {
      company = { id: newId(), domain, name: companyName(domain) };
      await q.execute(`INSERT INTO "Company" (id, domain, "domainHash", name, "createdAt") VALUES (?, ?, ?, ?, ?)`, [company.id, domain, domainHash, company.name, at]);
    }
  }
  const contact = { id: newId(), name, companyId: company?.id ?? null };
  await q.execute(`INSERT INTO "Contact" (id, email, "emailHash", name, "companyId", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`, [
    contact.id, email, lookupHash(email), name, contact.companyId, at,
  ]);
  return { contact, company };
}
