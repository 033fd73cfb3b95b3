-- CreateIndex
CREATE INDEX "Ticket_open_deletedAt_teamId_createdAt_idx" ON "Ticket"("open", "deletedAt", "teamId", "createdAt");

