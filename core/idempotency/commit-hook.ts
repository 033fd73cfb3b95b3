// The answer to a request with an Idempotency-Key is written in the transaction that carries out
// the request, so that a process dying between the commit and the answer cannot leave the key
// unanswered: a retry would first be told "still running", then, once the claim is stale, run
// the request again (a second ticket).
import type { CommitHook } from "../deps.js";
import { conflict } from "../errors.js";
import { msg } from "../i18n/translate.js";
import type { IdempotencyClaim } from "./begin-request.js";

/** What a request answers: its HTTP status and JSON body. */
export interface IdempotentAnswer {
  status: number;
  body: string;
}

/**
 * A CommitHook that stores `answer(result)` as the claimed key's response, in the transaction that
 * commits the request's effect; every retry with the key then replays it, and the request needs no
 * `finishRequest`. Stored only while the claim is still this run's: a run that a retry took over
 * (it had gone quiet for longer than the key's stale time) is refused with `conflict`, and its
 * effect rolls back, so the request takes effect once whichever run gets there.
 */
export function idempotencyCommitHook(claim: IdempotencyClaim, answer: (result: unknown) => IdempotentAnswer): CommitHook {
  return {
    state: "idle",
    async inTransaction(tx, result) {
      const { status, body } = answer(result);
      const stamped = await tx
        .updateTable("IdempotencyRecord")
        .set({ status, body })
        .where("tokenId", "=", claim.tokenId)
        .where("key", "=", claim.key)
        .where("startedAt", "=", claim.startedAt)
        .where("status", "is", null)
        .executeTakeFirst();
      if (Number(stamped.numUpdatedRows) !== 1) throw conflict(msg("apiTokens.idempotencyTakenOver"));
    },
  };
}
