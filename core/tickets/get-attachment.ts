import type { CoreDeps } from "../deps.js";
import { notFound } from "../errors.js";

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
  const a = await deps.db.attachment.findUnique({
    where: { id: input.attachmentId },
    select: { id: true, filename: true, contentType: true, size: true, content: true, message: { select: { ticket: { select: { id: true, deletedAt: true } } } } },
  });
  const ticket = a?.message.ticket;
  if (!a || !ticket || ticket.deletedAt) throw notFound("There is no such attachment.");
  return { id: a.id, ticketId: ticket.id, filename: a.filename, contentType: a.contentType, size: a.size, content: a.content ? new Uint8Array(a.content) : null };
}
