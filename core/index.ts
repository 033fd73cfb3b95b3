// The core's public face for adapters and bot/: use cases, their input types, and the shared
// vocabulary (errors, views, deps). Internal helpers stay behind their own files.
export type { Actor, CommitHook, CoreDeps } from "./deps.js";
export { systemActor } from "./deps.js";
export { errorCodes, HelpdeskError, isHelpdeskError, type ErrorCode, type ErrorText } from "./errors.js";
export { agentAccounts, buildCatalog, HelpdeskConfig, type Catalog } from "./config.js";
export type { Logger } from "./log.js";
export {
  DeliveryError,
  isChatSurface,
  type ChatSurface,
  type DeliveryTarget,
  type DeliveryTargetName,
  type OutboxRow,
} from "./outbox/delivery.js";
export { OutboxDispatcher, type DispatcherOptions } from "./outbox/dispatcher.js";
export type { OutboxItem, NotifyReason } from "./outbox/enqueue.js";
export { syncDirectory } from "./agents/sync-directory.js";
export {
  provisionAgent,
  provisionedAgentId,
  type ProvisionAgentInput,
  type ProvisionAgentResult,
  type ProvisionSurface,
} from "./agents/provision-agent.js";
export {
  backfillCards,
  backfillLeaseName,
  type BackfillSurface,
  type BackfillCardsInput,
  type BackfillOutcome,
} from "./chat/backfill-cards.js";
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
export { findTickets, searchQueues, type SearchFilters, type SearchQueue } from "./tickets/find-tickets.js";
export { findTicketsPage, type FindTicketsPageInput, type FoundTicketsPage } from "./tickets/find-tickets-page.js";
export { setAway, type SetAwayInput, type AgentAvailability } from "./assignment/set-away.js";
export { awayAgents, type AwayAgent } from "./assignment/away-agents.js";
export {
  rememberKey,
  sightKey,
  peekKey,
  forgetKey,
  purgeExpiredKeys,
  keyNamespaces,
  type KeyNamespace,
  type KeySighting,
} from "./keys/remember-key.js";
export { lookupHash, messageRefKey } from "./keys/lookup-hash.js";
export { issueSignInLink, type SignInLink } from "./web-sessions/issue-sign-in-link.js";
export { redeemSignIn, type WebSession } from "./web-sessions/redeem-sign-in.js";
export { sessionAgent } from "./web-sessions/session-agent.js";
export { endSession } from "./web-sessions/end-session.js";
export { signInPath, signInUrl } from "./web-sessions/sign-in-url.js";
export { parseBoundedJson, type BoundedJson } from "./bounded-json.js";
export type { AutoKind } from "./tickets/ingest-inbound.js";
export type { AttachmentUrl } from "./outbox/chat-target.js";
export { ticketBrief, replyRecipient, ticketCardView, type TicketBrief, type ReplyRecipient } from "./tickets/ticket-brief.js";
export { deletedTickets, type DeletedTicket } from "./tickets/deleted-tickets.js";
export { splitCandidates, type SplitCandidate } from "./tickets/split-candidates.js";
export { agentByChatUser, agentsByChatUsers, namedAgentsByChatUsers, type ChatUserSurface } from "./agents/agent-by-chat-user.js";
export { lockChatResource, unlockChatResource } from "./chat/chat-locks.js";
export { firstNoticeWithin } from "./chat/told-once.js";
export { rememberRowPost, rowPost } from "./outbox/remember-row-post.js";
export { activeAgents } from "./agents/active-agents.js";
export { rememberedMembership, rememberMembership, type RememberedMembership } from "./agents/group-membership.js";
export { cardLinkAt, originTicketAt, cardLinkOf, messageOfExternalRef, type ChatCardLink } from "./chat/lookups.js";
export {
  connectCustomerChannel,
  connectedCustomerChannel,
  customerOriginOf,
  disconnectCustomerChannel,
  recordCustomerAck,
  claimCustomerAck,
  releaseCustomerAck,
  type CustomerChannel,
  type CustomerOrigin,
} from "./chat/customer-channels.js";
export { normaliseCompanyDomain, type CompanyHint } from "./chat/customer-company.js";
export { openChannelTicket, type OpenChannelTicketInput, type OpenChannelTicketResult } from "./chat/open-channel-ticket.js";
export { recordOriginReply, type RecordOriginReplyInput, type RecordOriginReplyResult } from "./chat/record-origin-reply.js";
export { claimChatEvent, releaseChatEvent, firstSightingOfRequest } from "./chat/chat-events.js";
export { resolvedMention } from "./tickets/mentions.js";
export { cardSync, type CardSync } from "./chat/card-sync.js";
export { movedCardRole, type CardPort, type CardRef, type OriginRef, type AgentNote, type MirroredMessage } from "./chat/card-port.js";
export { silentLogger } from "./log.js";
export { sightRequestKey } from "./keys/sight-request.js";
export { recordMessageRef, storedRefs, type StoredRef } from "./tickets/message-refs.js";
export { outboundReply, type OutboundReply } from "./tickets/outbound-reply.js";
export { slaAlertEmails, type SlaAlertEmail } from "./sla/alert-email.js";
export { workflowEmails } from "./workflows/workflow-email.js";
export { chatPostPayload, type ChatPostPayload } from "./outbox/chat-post.js";
export { answerSurvey, type AnswerSurveyInput, type AnswerSurveyResult } from "./csat/answer-survey.js";
export { commentOnSurvey, type CommentOnSurveyInput, type CommentOnSurveyResult } from "./csat/comment-on-survey.js";
export { surveyForm, type SurveyForm } from "./csat/survey-form.js";
export { surveyToken, readSurveyToken, checkSurveyToken, type SurveyTokenCheck } from "./csat/survey-token.js";
export { chatSurveyPayload, ChatSurveyPayload } from "./csat/chat-survey.js";
export { surveyEmail, type SurveyEmail } from "./csat/survey-email.js";
export { maxCommentLength, type SurveyVia } from "./csat/survey-rules.js";
export { maxScore, ratingText, timelineNotes, type TimelineNote } from "./csat/rating-text.js";
export { listWorkflows, type WorkflowSummary } from "./workflows/list-workflows.js";
export { readKpis } from "./kpis/read-kpis.js";
export { readStats } from "./kpis/read-stats.js";
export { apiTokenAction, type ApiTokenActionInput, type ApiTokenAnswer } from "./api-tokens/api-token-action.js";
export { describeKpis, type DescribedFigure, type DescribedKpis } from "./kpis/describe-kpis.js";
export { formatDuration, formatShare, formatScore } from "./kpis/kpi-format.js";
export { kpiTickets } from "./kpis/kpi-tickets.js";
export { kpiTicketChunks } from "./kpis/kpi-ticket-chunks.js";
export { kpiFilterOptions, kpiSources } from "./kpis/kpi-filter-options.js";
export { kpiPeriod, kpiPeriodNames, defaultKpiPeriod } from "./kpis/kpi-period.js";
export { bucketBounds } from "./kpis/kpi-durations.js";
export {
  kpiFigureNames,
  type Durations,
  type KpiFigureName,
  type KpiFigures,
  type KpiFilter,
  type KpiFilterOptions,
  type KpiTargets,
  type KpiTicketPage,
  type KpiTicketRow,
  type StatsInput,
} from "./kpis/kpi-types.js";
export { describeWorkflows } from "./workflows/describe.js";
export { createApiToken, type CreateApiTokenInput, type CreatedApiToken } from "./api-tokens/create-api-token.js";
export { revokeApiToken } from "./api-tokens/revoke-api-token.js";
export { listApiTokens } from "./api-tokens/list-api-tokens.js";
export { authenticateApiToken, type ApiCaller, type ApiAuthRefusal, type ApiAuthResult } from "./api-tokens/authenticate-api-token.js";
export { tokenScopes, type ApiTokenView, type TokenScope } from "./api-tokens/api-token-view.js";
export { countRequest, type RateLimitInput, type RateLimitResult } from "./rate-limit/count-request.js";
export { purgeRateCounters } from "./rate-limit/purge-rate-counters.js";
export { beginRequest, type BeginRequestInput, type BeginRequestResult, type IdempotencyClaim } from "./idempotency/begin-request.js";
export { idempotencyCommitHook, type IdempotentAnswer } from "./idempotency/commit-hook.js";
export { finishRequest, abandonRequest, purgeIdempotencyRecords } from "./idempotency/finish-request.js";
export { disabledWebhookEndpoints, webhookEndpoints, type WebhookEndpointStatus } from "./webhooks/webhook-endpoints.js";
export {
  enableWebhookEndpoint,
  type EnableWebhookEndpointInput,
  type EnableWebhookEndpointResult,
} from "./webhooks/enable-webhook-endpoint.js";
export { recordWebhookAttempt, webhookEndpointOpen, type WebhookAttempt } from "./webhooks/record-webhook-attempt.js";
export { webhookTarget, type WebhookEvent, type WebhookPayload } from "./webhooks/enqueue-webhooks.js";
export type { PublicTicket } from "./webhooks/public-ticket.js";
export { webhookDestinations, workflowWebhookId, type WebhookDestination } from "./webhooks/webhook-destinations.js";
export { webhookEventTypes, type WebhookEndpointDefinition, type WebhookEventType } from "./webhooks/webhook-config.js";

// For the adapters (they import the core only through this file).
export { canSeeTeam } from "./access.js";
export { actionText, listActions } from "./actions/catalog.js";
export type { ActionName } from "./actions/catalog.js";
export { actionNamesOn, surfaceActionNames, type ActionOn, type AnyActionName, type SurfaceActionName } from "./actions/catalog.js";
export type { PropertyDefinition, StatusDefinition } from "./config.js";
export { constantTimeEqual } from "./constant-time.js";
export { QuietGate } from "./quiet-gate.js";
export { normaliseEmail } from "./contacts/find-or-create-contact.js";
export { invalid } from "./errors.js";
export { parseJsonObject } from "./json.js";
export { SingleHolderLease } from "./leases/single-holder-lease.js";
export type { SingleHolderLeaseOptions } from "./leases/single-holder-lease.js";
export { formatBytes, notifyReason, WorkflowText } from "./outbox/chat-target.js";
export type { ThreadAttachment, ThreadMessage } from "./outbox/chat-target.js";
export { getSnippet, listSnippets } from "./snippets/list-snippets.js";
export { saveSnippet } from "./snippets/save-snippet.js";
export { appendChatReply, type AppendChatReplyInput } from "./tickets/append-chat-reply.js";
export { openChatTicket, chatRequestRefSystem, type OpenChatTicketInput, type OpenChatTicketResult } from "./tickets/open-chat-ticket.js";
export { closeOwnTicket, type CloseOwnTicketInput, type CloseOwnTicketResult } from "./tickets/close-own-ticket.js";
export {
  holdChatRequest,
  settleChatRequest,
  releaseChatRequest,
  type ChatRequestHold,
  type ChatRequestPlace,
  type HeldTicket,
} from "./tickets/hold-chat-request.js";
export { authorizePanel } from "./chat/authorize-panel.js";
export { getReplyForm } from "./tickets/get-reply-form.js";
export { parsePropertyPairs, validateProperties } from "./tickets/properties.js";
export { normaliseRecipients } from "./tickets/reply-to-ticket.js";
export type { MessageView, TicketDetail } from "./tickets/show-ticket.js";
export { missingRequirements } from "./tickets/status-rules.js";
export { precheckRequiredFields } from "./tickets/set-required-fields.js";

// Languages: the message catalogue, and the language and time zone a reader gets.
export { Formats, type LocalizedName } from "./i18n/format.js";
export { isLocale, locales, localeOfTag, pickLocale, type Locale } from "./i18n/locale.js";
export { english, msg, render, type Msg, type Speech, speechIn } from "./i18n/translate.js";
export { deskFormats, readerFormats, type Reader } from "./i18n/reader.js";
export { messageKind, optionName, ticketNames } from "./i18n/names.js";
