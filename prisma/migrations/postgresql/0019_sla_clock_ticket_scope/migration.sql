-- DropIndex
DROP INDEX "SlaClock_metAt_kpi_idx";

-- DropIndex
DROP INDEX "SlaClock_breachedAt_kpi_idx";

-- AlterTable
ALTER TABLE "SlaClock" ADD COLUMN     "counted" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "ownerId" TEXT,
ADD COLUMN     "pipelineId" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "source" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "teamId" TEXT;

-- Backfill from the tickets
UPDATE "SlaClock" c SET "teamId" = t."teamId", "ownerId" = t."ownerId", "pipelineId" = t."pipelineId", "source" = t."source",
  "counted" = (t."deletedAt" IS NULL AND t."mergedIntoId" IS NULL AND NOT t."quarantined")
FROM "Ticket" t WHERE t."id" = c."ticketId";

-- CreateIndex
CREATE INDEX "SlaClock_metAt_kpi_idx" ON "SlaClock"("metAt", "state", "counted", "breachedAt", "teamId", "ownerId", "pipelineId", "source", "ticketId");

-- CreateIndex
CREATE INDEX "SlaClock_breachedAt_kpi_idx" ON "SlaClock"("breachedAt", "state", "counted", "teamId", "ownerId", "pipelineId", "source", "ticketId");

