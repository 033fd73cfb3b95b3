-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN "csatAt" DATETIME;
ALTER TABLE "Ticket" ADD COLUMN "csatScore" INTEGER;
ALTER TABLE "Ticket" ADD COLUMN "firstResponseBizSec" INTEGER;
ALTER TABLE "Ticket" ADD COLUMN "firstResponseSec" INTEGER;
ALTER TABLE "Ticket" ADD COLUMN "resolutionBizSec" INTEGER;
ALTER TABLE "Ticket" ADD COLUMN "resolutionSec" INTEGER;

-- CreateTable
CREATE TABLE "CsatSurvey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ticketId" INTEGER NOT NULL,
    "contactId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "score" INTEGER,
    "comment" TEXT,
    "answeredAt" DATETIME,
    "commentedAt" DATETIME,
    CONSTRAINT "CsatSurvey_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CsatSurvey_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CsatSurvey_ticketId_idx" ON "CsatSurvey"("ticketId");

-- CreateIndex
CREATE INDEX "CsatSurvey_contactId_sentAt_idx" ON "CsatSurvey"("contactId", "sentAt");

-- CreateIndex
CREATE INDEX "CsatSurvey_sentAt_idx" ON "CsatSurvey"("sentAt");

-- CreateIndex
CREATE INDEX "Ticket_createdAt_idx" ON "Ticket"("createdAt");

-- CreateIndex
CREATE INDEX "Ticket_resolvedAt_idx" ON "Ticket"("resolvedAt");

-- CreateIndex
CREATE INDEX "Ticket_csatAt_idx" ON "Ticket"("csatAt");

-- CreateIndex
CREATE INDEX "Ticket_teamId_createdAt_idx" ON "Ticket"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "Ticket_teamId_resolvedAt_idx" ON "Ticket"("teamId", "resolvedAt");

-- Tickets answered or resolved before: their seconds in calendar time (no calendar is known for them).
UPDATE "Ticket" SET "firstResponseSec" = CAST(ROUND((julianday("firstResponseAt") - julianday("createdAt")) * 86400) AS INTEGER) WHERE "firstResponseAt" IS NOT NULL;
UPDATE "Ticket" SET "resolutionSec" = CAST(ROUND((julianday("resolvedAt") - julianday("createdAt")) * 86400) AS INTEGER) WHERE "resolvedAt" IS NOT NULL;
