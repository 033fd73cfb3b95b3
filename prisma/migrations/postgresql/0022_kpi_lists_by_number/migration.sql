-- DropIndex
DROP INDEX "Ticket_createdAt_kpi_idx";

-- DropIndex
DROP INDEX "Ticket_firstResponseAt_kpi_idx";

-- DropIndex
DROP INDEX "Ticket_resolvedAt_kpi_idx";

-- DropIndex
DROP INDEX "Ticket_csatAt_kpi_idx";

-- DropIndex
DROP INDEX "Ticket_csatSentAt_kpi_idx";

-- CreateIndex
CREATE INDEX "Ticket_createdAt_kpi_idx" ON "Ticket"("createdAt", "id", "deletedAt", "mergedIntoId", "quarantined", "teamId", "ownerId", "pipelineId", "source", "resolvedAt");

-- CreateIndex
CREATE INDEX "Ticket_firstResponseAt_kpi_idx" ON "Ticket"("firstResponseAt", "id", "deletedAt", "mergedIntoId", "quarantined", "teamId", "ownerId", "pipelineId", "source", "firstResponseSec", "firstResponseBizSec");

-- CreateIndex
CREATE INDEX "Ticket_resolvedAt_kpi_idx" ON "Ticket"("resolvedAt", "id", "deletedAt", "mergedIntoId", "quarantined", "teamId", "ownerId", "pipelineId", "source", "resolutionSec", "resolutionBizSec");

-- CreateIndex
CREATE INDEX "Ticket_csatAt_kpi_idx" ON "Ticket"("csatAt", "id", "deletedAt", "mergedIntoId", "quarantined", "teamId", "ownerId", "pipelineId", "source", "csatScore");

-- CreateIndex
CREATE INDEX "Ticket_csatSentAt_kpi_idx" ON "Ticket"("csatSentAt", "id", "deletedAt", "mergedIntoId", "quarantined", "teamId", "ownerId", "pipelineId", "source", "csatAt");

