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
