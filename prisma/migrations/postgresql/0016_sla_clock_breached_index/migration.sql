-- CreateIndex
CREATE INDEX "SlaClock_breachedAt_idx" ON "SlaClock"("breachedAt");

