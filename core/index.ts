// The core's public face for adapters and bot/: use cases, their input types, and the shared
// vocabulary (errors, views, deps). Internal helpers stay behind their own files.
export type { Actor, CoreDeps } from "./deps.js";
export { systemActor } from "./deps.js";
export { errorCodes, HelpdeskError, isHelpdeskError, type ErrorCode } from "./errors.js";
export { buildCatalog, HelpdeskConfig, type Catalog } from "./config.js";
export type { Logger } from "./log.js";
export { DeliveryError, chatSurfaces, type ChatSurface, type DeliveryTarget, type DeliveryTargetName, type OutboxRow } from "./outbox/delivery.js";
export { OutboxDispatcher, type DispatcherOptions } from "./outbox/dispatcher.js";
export type { OutboxItem, NotifyReason } from "./outbox/enqueue.js";
export { syncDirectory } from "./agents/sync-directory.js";
export { backfillCards, backfillLeaseName, type BackfillSurface, type BackfillCardsInput, type BackfillOutcome } from "./chat/backfill-cards.js";
export { priorities, ticketSources, type Priority, type TicketSource, type TicketView } from "./tickets/view.js";

export { createTicket, type CreateTicketInput } from "./tickets/create-ticket.js";
export { ingestInbound, type InboundInput, type InboundResult, type InboundChannel } from "./tickets/ingest-inbound.js";
export { claimTicket, type ClaimTicketInput } from "./tickets/claim-ticket.js";
export { releaseTicket, type ReleaseTicketInput } from "./tickets/release-ticket.js";
export { assignTicket, type AssignTicketInput } from "./tickets/assign-ticket.js";
export { replyToTicket, type ReplyToTicketInput, type ReplyToTicketResult } from "./tickets/reply-to-ticket.js";
export { commentOnTicket, type CommentOnTicketInput, type CommentOnTicketResult } from "./tickets/comment-on-ticket.js";
export { changeStatus, type ChangeStatusInput } from "./tickets/change-status.js";
export { updateProperties, type UpdatePropertiesInput } from "./tickets/update-properties.js";
export { splitTicket, type SplitTicketInput } from "./tickets/split-ticket.js";
export { mergeTickets, type MergeTicketsInput } from "./tickets/merge-tickets.js";
export { moveTicket, type MoveTicketInput } from "./tickets/move-ticket.js";
export { deleteTicket, type DeleteTicketInput } from "./tickets/delete-ticket.js";
export { restoreTicket, type RestoreTicketInput } from "./tickets/restore-ticket.js";
export { followTicket } from "./tickets/follow-ticket.js";
export { unfollowTicket } from "./tickets/unfollow-ticket.js";
export { saveDraft, getDraft } from "./tickets/save-draft.js";
export { discardDraft } from "./tickets/discard-draft.js";
export { linkContact, type LinkContactInput } from "./tickets/link-contact.js";
export { listTickets, queues, type ListTicketsInput, type Queue, type TicketPage } from "./tickets/list-tickets.js";
export { showTicket } from "./tickets/show-ticket.js";
export { getAttachment, type GetAttachmentInput, type AttachmentFile } from "./tickets/get-attachment.js";
export { findTickets } from "./tickets/find-tickets.js";
export { rememberKey, sightKey, purgeExpiredKeys, type KeySighting } from "./keys/remember-key.js";
