-- DropIndex
DROP INDEX "CsatSurvey_sentAt_kpi_idx";

-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN "csatSentAt" DATETIME;

-- Backfill: each ticket's survey (there is one at most).
UPDATE "Ticket" SET "csatSentAt" = (SELECT min(s."sentAt") FROM "CsatSurvey" s WHERE s."ticketId" = "Ticket"."id")
WHERE "id" IN (SELECT "ticketId" FROM "CsatSurvey");

-- CreateIndex
CREATE INDEX "Ticket_csatSentAt_kpi_idx" ON "Ticket"("csatSentAt", "deletedAt", "mergedIntoId", "quarantined", "teamId", "ownerId", "pipelineId", "source", "csatAt");

