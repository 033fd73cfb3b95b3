// Customer channels: chat channels where customers write (a Slack Connect channel shared with a
// client, say) and each new request becomes a ticket. The configuration file names some; admins
// connect others from chat, kept in the CustomerChannel table so every replica knows them. Here
// too what the chat surface needs to show a customer their ticket: its origin message, status and
// language, and whether the acknowledgement was said.
import { requireAgent } from "../access.js";
import type { Queryable } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { forbidden } from "../errors.js";
import { pickLocale, type Locale } from "../i18n/locale.js";
import { msg } from "../i18n/translate.js";
import type { ChatSurface } from "../outbox/delivery.js";
import { normaliseCompanyDomain } from "./customer-company.js";
import { originRole } from "./card-port.js";
import { lookupHash } from "../keys/lookup-hash.js";
import { recordMessageRef } from "../tickets/message-refs.js";

/** A customer channel: where it is, and what its customers belong to. */
export interface CustomerChannel {
  surface: ChatSurface;
  channelId: string;
  /** The email domain of the customers' company, when one was named. */
  company: string | null;
  /** The customers' own organisation on the platform (a Slack Connect workspace), when known. */
  teamId: string | null;
}

export interface ConnectCustomerChannelInput {
  surface: ChatSurface;
  channelId: string;
  /** The customers' company by its email domain (example.com); none keeps the platform's organisation. */
  company?: string | null | undefined;
  teamId?: string | null | undefined;
}

/** Admins connect a channel; connecting it again updates its company. `created` says which. */
export async function connectCustomerChannel(
  deps: CoreDeps,
  input: ConnectCustomerChannelInput,
  actor: Actor,
): Promise<{ channel: CustomerChannel; created: boolean }> {
  const company = input.company?.trim() ? normaliseCompanyDomain(input.company) : null;
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    if (agent.role !== "admin") throw forbidden(msg("customers.onlyAdmins"));
    const channel: CustomerChannel = { surface: input.surface, channelId: input.channelId, company, teamId: input.teamId ?? null };
    const known = await customerChannelRow(tx, input.surface, input.channelId);
    if (known) {
      await tx
        .updateTable("CustomerChannel")
        .set({ company, teamId: channel.teamId ?? known.teamId })
        .where("surface", "=", input.surface)
        .where("channelId", "=", input.channelId)
        .execute();
      return { channel: { ...channel, teamId: channel.teamId ?? known.teamId }, created: false };
    }
    await tx
      .insertInto("CustomerChannel")
      .values({ ...channel, connectedBy: agent.id, connectedAt: deps.now() })
      .onConflict((oc) => oc.columns(["surface", "channelId"]).doNothing())
      .execute();
    return { channel, created: true };
  });
}

/** Admins disconnect a channel: later messages there open no ticket; its tickets stay. False when it was not connected. */
export async function disconnectCustomerChannel(
  deps: CoreDeps,
  input: { surface: ChatSurface; channelId: string },
  actor: Actor,
): Promise<boolean> {
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    if (agent.role !== "admin") throw forbidden(msg("customers.onlyAdmins"));
    const gone = await tx
      .deleteFrom("CustomerChannel")
      .where("surface", "=", input.surface)
      .where("channelId", "=", input.channelId)
      .executeTakeFirst();
    return Number(gone.numDeletedRows) > 0;
  });
}

async function customerChannelRow(q: Queryable, surface: ChatSurface, channelId: string): Promise<CustomerChannel | null> {
  const row = await q
    .selectFrom("CustomerChannel")
    .select(["surface", "channelId", "company", "teamId"])
    .where("surface", "=", surface)
    .where("channelId", "=", channelId)
    .executeTakeFirst();
  return row ? { surface, channelId: row.channelId, company: row.company, teamId: row.teamId } : null;
}

/** A connected customer channel (connected from chat, not configured), or null. One primary-key read. */
export function connectedCustomerChannel(
  deps: Pick<CoreDeps, "db">,
  surface: ChatSurface,
  channelId: string,
): Promise<CustomerChannel | null> {
  return customerChannelRow(deps.db, surface, channelId);
}

/** What a customer is shown of their ticket where they wrote. */
export interface CustomerOrigin {
  ticketId: number;
  number: string;
  /** The channel and the customer's own message (its thread is where answers go). */
  channelId: string;
  messageId: string;
  threadId: string | null;
  category: "OPEN" | "CLOSED";
  /** The customer's language (theirs, else the help desk's). */
  locale: Locale;
  /** The ticket's first message, which the acknowledgement is recorded on. */
  firstMessageId: string | null;
  /** The acknowledgement was posted already (or is being posted: it is claimed before). */
  acknowledged: boolean;
}

/** The MessageRef system of the acknowledgement posted under a customer's message, by surface. */
export const customerAckRefSystem = (surface: ChatSurface) => `${surface}.ack`;

/**
 * The ticket's origin message on a surface with what the customer is shown of it, or null when
 * the ticket did not come from a chat message there (or no longer exists).
 */
export async function customerOriginOf(
  deps: Pick<CoreDeps, "db" | "catalog">,
  surface: ChatSurface,
  ticketId: number,
): Promise<CustomerOrigin | null> {
  const row = await deps.db
    .selectFrom("ChatLink as l")
    .innerJoin("Ticket as t", "t.id", "l.ticketId")
    .leftJoin("Contact as c", "c.id", "t.contactId")
    .select(["l.channelId", "l.messageId", "l.threadId", "t.id", "t.pipelineId", "t.statusId", "c.locale"])
    .where("l.ticketId", "=", ticketId)
    .where("l.surface", "=", surface)
    .where("l.role", "=", originRole)
    .where("t.deletedAt", "is", null)
    .orderBy("l.createdAt", "asc")
    .executeTakeFirst();
  if (!row?.messageId) return null;
  const status = deps.catalog.status(row.pipelineId, row.statusId);
  const first = await deps.db
    .selectFrom("Message")
    .select("id")
    .where("ticketId", "=", ticketId)
    .orderBy("createdAt", "asc")
    .orderBy("id", "asc")
    .executeTakeFirst();
  const acked = first
    ? await deps.db
        .selectFrom("MessageRef")
        .select("id")
        .where("messageId", "=", first.id)
        .where("system", "=", customerAckRefSystem(surface))
        .executeTakeFirst()
    : undefined;
  return {
    ticketId: row.id,
    number: `#${row.id}`,
    channelId: row.channelId,
    messageId: row.messageId,
    threadId: row.threadId,
    category: status?.category === "CLOSED" ? "CLOSED" : "OPEN",
    locale: pickLocale([row.locale], deps.catalog.locale),
    firstMessageId: first?.id ?? null,
    acknowledged: acked !== undefined,
  };
}

/** The acknowledgement's claim: one per customer message, whichever ticket it is on now. */
const ackClaim = (origin: Pick<CustomerOrigin, "channelId" | "messageId">) => `for:${origin.channelId}:${origin.messageId}`;

/**
 * Takes the one right to post a ticket's acknowledgement, before it is posted: true for the first
 * caller only. A crash after posting can then never post it twice (at worst, a crash before
 * posting leaves it unsaid; the status reaction still shows the ticket).
 */
export async function claimCustomerAck(
  deps: Pick<CoreDeps, "db">,
  surface: ChatSurface,
  origin: Pick<CustomerOrigin, "firstMessageId" | "channelId" | "messageId">,
): Promise<boolean> {
  if (!origin.firstMessageId) return false;
  const { duplicate } = await recordMessageRef(deps, origin.firstMessageId, customerAckRefSystem(surface), ackClaim(origin));
  return !duplicate;
}

/** Gives the claim back when the platform said the acknowledgement was not posted, so a retry posts it. */
export async function releaseCustomerAck(
  deps: Pick<CoreDeps, "db">,
  surface: ChatSurface,
  origin: Pick<CustomerOrigin, "channelId" | "messageId">,
): Promise<void> {
  await deps.db
    .deleteFrom("MessageRef")
    .where("system", "=", customerAckRefSystem(surface))
    .where("externalIdHash", "=", lookupHash(ackClaim(origin)))
    .execute();
}

/** Records the acknowledgement posted for a ticket (its platform id) beside its claim, on the ticket's first message. */
export async function recordCustomerAck(
  deps: Pick<CoreDeps, "db">,
  surface: ChatSurface,
  origin: Pick<CustomerOrigin, "firstMessageId">,
  externalId: string,
): Promise<void> {
  if (origin.firstMessageId) await recordMessageRef(deps, origin.firstMessageId, customerAckRefSystem(surface), externalId);
}
