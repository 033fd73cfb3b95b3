-- DropIndex
DROP INDEX "Ticket_createdAt_idx";

-- DropIndex
DROP INDEX "Ticket_firstResponseAt_idx";

-- DropIndex
DROP INDEX "Ticket_resolvedAt_idx";

-- DropIndex
DROP INDEX "Ticket_csatAt_idx";

-- DropIndex
DROP INDEX "Ticket_teamId_createdAt_idx";

-- DropIndex
DROP INDEX "Ticket_teamId_firstResponseAt_idx";

-- DropIndex
DROP INDEX "Ticket_teamId_resolvedAt_idx";

-- DropIndex
DROP INDEX "SlaClock_metAt_idx";

-- DropIndex
DROP INDEX "SlaClock_breachedAt_idx";

-- DropIndex
DROP INDEX "CsatSurvey_sentAt_idx";

-- CreateIndex
CREATE INDEX "Ticket_createdAt_kpi_idx" ON "Ticket"("createdAt", "deletedAt", "mergedIntoId", "quarantined", "teamId", "ownerId", "pipelineId", "source", "resolvedAt");

-- CreateIndex
CREATE INDEX "Ticket_firstResponseAt_kpi_idx" ON "Ticket"("firstResponseAt", "deletedAt", "mergedIntoId", "quarantined", "teamId", "ownerId", "pipelineId", "source", "firstResponseSec", "firstResponseBizSec");

-- CreateIndex
CREATE INDEX "Ticket_resolvedAt_kpi_idx" ON "Ticket"("resolvedAt", "deletedAt", "mergedIntoId", "quarantined", "teamId", "ownerId", "pipelineId", "source", "resolutionSec", "resolutionBizSec");

-- CreateIndex
CREATE INDEX "Ticket_csatAt_kpi_idx" ON "Ticket"("csatAt", "deletedAt", "mergedIntoId", "quarantined", "teamId", "ownerId", "pipelineId", "source", "csatScore");

-- CreateIndex
CREATE INDEX "SlaClock_metAt_kpi_idx" ON "SlaClock"("metAt", "state", "breachedAt", "ticketId");

-- CreateIndex
CREATE INDEX "SlaClock_breachedAt_kpi_idx" ON "SlaClock"("breachedAt", "state", "ticketId");

-- CreateIndex
CREATE INDEX "CsatSurvey_sentAt_kpi_idx" ON "CsatSurvey"("sentAt", "answeredAt", "ticketId");

