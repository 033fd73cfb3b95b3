import type { CoreDeps } from "../deps.js";
import { isWebSecret, webSecretKey } from "./web-keys.js";

/** Ends a dashboard session (sign-out); an unknown or ended one is left as it is. */
export async function endSession(deps: Pick<CoreDeps, "db">, sessionId: string): Promise<void> {
  if (!isWebSecret(sessionId)) return;
  await deps.db.deleteFrom("ExpiringKey").where("namespace", "=", "web-session").where("key", "=", webSecretKey(sessionId)).execute();
}
