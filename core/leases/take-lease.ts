// A named row of the Lease table, held by one process at a time until it expires.
import type { Queryable } from "../db.js";

/**
 * Takes the lease `name` for `holder` until `now + ttlMs`, or renews it when `holder` has it
 * already. True when it is `holder`'s now; false while another holder's lease runs. One
 * conditional UPDATE (then an INSERT the primary key decides), so two processes racing for an
 * expired or absent lease cannot both win.
 */
export async function takeLease(db: Queryable, name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const taken = await db
    .updateTable("Lease")
    .set({ holder, expiresAt })
    .where("name", "=", name)
    .where((eb) => eb.or([eb("holder", "=", holder), eb("expiresAt", "<", now)]))
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 1) return true;
  const inserted = await db
    .insertInto("Lease")
    .values({ name, holder, expiresAt })
    .onConflict((oc) => oc.column("name").doNothing())
    .returning("name")
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Gives the lease up, if `holder` still has it. */
export async function releaseLease(db: Queryable, name: string, holder: string): Promise<void> {
  await db.deleteFrom("Lease").where("name", "=", name).where("holder", "=", holder).execute();
}
