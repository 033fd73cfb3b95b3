/** A row of the outbox as a delivery target sees it. */
export interface OutboxRow {
  id: string;
  ticketId: number | null;
  target: string;
  topic: string;
  payload: Record<string, unknown>;
  /** Attempts so far, this one included (an attempt is counted when its row is claimed). */
  attempts: number;
}

/**
 * A chat surface's name ("slack", "discord"): the key of its entry in the service's surface
 * registry (bot/surfaces.ts), of its delivery target and of its users' ChatIdentity rows. The core
 * keeps no list of them: a "chat" row is fanned out to every chat surface configured.
 */
export type ChatSurface = string;

/** The delivery targets that are not chat surfaces. */
export const nonChatTargets = ["email", "webhook"] as const;

/** Where a row can be delivered once fanned out: email, a webhook endpoint, or a chat surface. */
export type DeliveryTargetName = (typeof nonChatTargets)[number] | ChatSurface;

export function isChatSurface(target: DeliveryTargetName): boolean {
  return !(nonChatTargets as readonly string[]).includes(target);
}

/**
 * Something that can carry outbox rows out: SMTP, the Slack Web API, Discord's REST API.
 * `deliver` resolves when the row has been delivered, or throws (a DeliveryError to steer the retry).
 */
export interface DeliveryTarget {
  deliver(row: OutboxRow): Promise<void>;
  /** How long its failed rows are retried, when not as the dispatcher's options say. */
  retry?: TargetRetry | undefined;
}

/**
 * A target's own retry limits: a receiver that may be down for hours (a webhook's) needs more
 * attempts, further apart, than a chat post whose news goes stale in minutes.
 */
export interface TargetRetry {
  /** Attempts before a row is given up on; the dispatcher's `maxAttempts` applies when it is higher. */
  maxAttempts?: number;
  /** The longest wait between two attempts, instead of the dispatcher's `backoffMaxMs`. */
  backoffMaxMs?: number;
}

/** Thrown by a target to say when to try again, or that trying again cannot help. */
export class DeliveryError extends Error {
  override readonly name = "DeliveryError";
  constructor(
    message: string,
    readonly opts: { retryAfterMs?: number; permanent?: boolean } = {},
  ) {
    super(message);
  }
}
