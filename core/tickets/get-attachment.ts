import type { CoreDeps } from "../deps.js";
import { notFound } from "../errors.js";
import { msg } from "../i18n/translate.js";

export interface GetAttachmentInput {
  attachmentId: string;
}

/** A message's attachment with its content; `content` is null when it was too large to keep. */
export interface AttachmentFile {
  id: string;
  ticketId: number;
  filename: string;
  /** As the sender declared it: never trusted to decide how the file is shown. */
  contentType: string;
  size: number;
  content: Uint8Array<ArrayBuffer> | null;
}

/**
 * Reads one attachment, content included, for someone opening it. There is no actor: the caller
 * has already checked the right to read it (a signed link the service put in a ticket's chat
 * thread, where only agents see it). An attachment of a deleted ticket is not found, as the ticket
 * is not; restoring the ticket brings it back.
 */
export async function getAttachment(deps: CoreDeps, input: GetAttachmentInput): Promise<AttachmentFile> {
  const a = await deps.db
    .selectFrom("Attachment as a")
    .innerJoin("Message as m", "m.id", "a.messageId")
    .innerJoin("Ticket as t", "t.id", "m.ticketId")
    .select(["a.id", "a.filename", "a.contentType", "a.size", "a.content", "t.id as ticketId", "t.deletedAt"])
    .where("a.id", "=", input.attachmentId)
    .executeTakeFirst();
  if (!a || a.deletedAt) throw notFound(msg("errors.attachmentNotFound"));
  return {
    id: a.id,
    ticketId: a.ticketId,
    filename: a.filename,
    contentType: a.contentType,
    size: a.size,
    content: a.content ? new Uint8Array(a.content) : null,
  };
}
