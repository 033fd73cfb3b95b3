-- CreateIndex
CREATE INDEX "Outbox_ticketId_target_status_createdAt_idx" ON "Outbox"("ticketId", "target", "status", "createdAt");

