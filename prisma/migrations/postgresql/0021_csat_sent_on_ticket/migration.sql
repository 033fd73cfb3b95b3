-- DropIndex
DROP INDEX "CsatSurvey_sentAt_kpi_idx";

-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "csatSentAt" TIMESTAMP(3);

-- Backfill: each ticket's survey (there is one at most).
UPDATE "Ticket" SET "csatSentAt" = (SELECT min(s."sentAt") FROM "CsatSurvey" s WHERE s."ticketId" = "Ticket"."id")
WHERE "id" IN (SELECT "ticketId" FROM "CsatSurvey");

-- CreateIndex
CREATE INDEX "Ticket_csatSentAt_kpi_idx" ON "Ticket"("csatSentAt", "deletedAt", "mergedIntoId", "quarantined", "teamId", "ownerId", "pipelineId", "source", "csatAt");


-- The KPIs compute medians with percentile_cont/percentile_disc in the query (core/kpis/kpi-durations.ts).
DROP AGGREGATE "kpi_ranks"(double precision);
DROP FUNCTION "kpi_ranks_final"(double precision[]);
