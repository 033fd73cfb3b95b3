-- CreateIndex
CREATE INDEX "Ticket_firstResponseAt_idx" ON "Ticket"("firstResponseAt");

-- CreateIndex
CREATE INDEX "Ticket_teamId_firstResponseAt_idx" ON "Ticket"("teamId", "firstResponseAt");

-- CreateIndex
CREATE INDEX "SlaClock_metAt_idx" ON "SlaClock"("metAt");

