// A named row of the Lease table, held by one process at a time until it expires.
import type { Db } from "../db.js";
import { prismaCode } from "../deps.js";

/**
 * Takes the lease `name` for `holder` until `now + ttlMs`, or renews it when `holder` has it
 * already. True when it is `holder`'s now; false while another holder's lease runs. One
 * conditional UPDATE (then an INSERT the primary key decides), so two processes racing for an
 * expired or absent lease cannot both win.
 */
export async function takeLease(db: Pick<Db, "lease">, name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const taken = await db.lease.updateMany({ where: { name, OR: [{ holder }, { expiresAt: { lt: now } }] }, data: { holder, expiresAt } });
  if (taken.count === 1) return true;
  try {
    await db.lease.create({ data: { name, holder, expiresAt } });
    return true;
  } catch (e) {
    if (prismaCode(e) === "P2002") return false;
    throw e;
  }
}

/** Gives the lease up, if `holder` still has it. */
export async function releaseLease(db: Pick<Db, "lease">, name: string, holder: string): Promise<void> {
  await db.lease.deleteMany({ where: { name, holder } });
}
