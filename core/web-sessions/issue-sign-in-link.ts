import { requireAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { newWebSecret, signInLinkTtlMs, webSecretKey } from "./web-keys.js";

/** A one-time sign-in link's secret and when it stops working. */
export interface SignInLink {
  token: string;
  expiresAt: Date;
}

/**
 * A one-time token that signs `actor` in to the dashboard: active agents only (anyone else is
 * refused with `forbidden`). Only its hash is stored, with the agent's id, for ten minutes.
 */
export async function issueSignInLink(deps: Pick<CoreDeps, "db" | "now">, actor: Actor): Promise<SignInLink> {
  const agent = await requireAgent(deps.db, actor);
  const token = newWebSecret();
  const expiresAt = new Date(deps.now().getTime() + signInLinkTtlMs);
  await deps.db
    .insertInto("ExpiringKey")
    .values({ namespace: "sign-in-link", key: webSecretKey(token), value: agent.id, expiresAt })
    .execute();
  return { token, expiresAt };
}
