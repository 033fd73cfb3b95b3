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

/** Chat surfaces that mirror tickets; a "chat" row is fanned out to each one configured. */
export const chatSurfaces = ["slack", "discord"] as const;
export type ChatSurface = (typeof chatSurfaces)[number];

/** Where a row can be delivered once fanned out. */
export type DeliveryTargetName = "email" | ChatSurface;

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
