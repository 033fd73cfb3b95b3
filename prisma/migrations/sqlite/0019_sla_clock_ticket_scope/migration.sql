-- Columns added in place (no table rebuild), filled from the tickets, then the indexes.
DROP INDEX "SlaClock_metAt_kpi_idx";
DROP INDEX "SlaClock_breachedAt_kpi_idx";

ALTER TABLE "SlaClock" ADD COLUMN "teamId" TEXT;
ALTER TABLE "SlaClock" ADD COLUMN "ownerId" TEXT;
ALTER TABLE "SlaClock" ADD COLUMN "pipelineId" TEXT NOT NULL DEFAULT '';
ALTER TABLE "SlaClock" ADD COLUMN "source" TEXT NOT NULL DEFAULT '';
ALTER TABLE "SlaClock" ADD COLUMN "counted" BOOLEAN NOT NULL DEFAULT true;

UPDATE "SlaClock" SET ("teamId", "ownerId", "pipelineId", "source", "counted") = (
  SELECT t."teamId", t."ownerId", t."pipelineId", t."source", (t."deletedAt" IS NULL AND t."mergedIntoId" IS NULL AND t."quarantined" = 0)
  FROM "Ticket" t WHERE t."id" = "SlaClock"."ticketId"
);

CREATE INDEX "SlaClock_metAt_kpi_idx" ON "SlaClock"("metAt", "state", "counted", "breachedAt", "teamId", "ownerId", "pipelineId", "source", "ticketId");
CREATE INDEX "SlaClock_breachedAt_kpi_idx" ON "SlaClock"("breachedAt", "state", "counted", "teamId", "ownerId", "pipelineId", "source", "ticketId");
