-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "csatAt" TIMESTAMP(3),
ADD COLUMN     "csatScore" INTEGER,
ADD COLUMN     "firstResponseBizSec" INTEGER,
ADD COLUMN     "firstResponseSec" INTEGER,
ADD COLUMN     "resolutionBizSec" INTEGER,
ADD COLUMN     "resolutionSec" INTEGER;

-- CreateTable
CREATE TABLE "CsatSurvey" (
    "id" TEXT NOT NULL,
    "ticketId" INTEGER NOT NULL,
    "contactId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "score" INTEGER,
    "comment" TEXT,
    "answeredAt" TIMESTAMP(3),
    "commentedAt" TIMESTAMP(3),

    CONSTRAINT "CsatSurvey_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "CsatSurvey" ADD CONSTRAINT "CsatSurvey_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CsatSurvey" ADD CONSTRAINT "CsatSurvey_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Tickets answered or resolved before: their seconds in calendar time (no calendar is known for them).
UPDATE "Ticket" SET "firstResponseSec" = ROUND(EXTRACT(EPOCH FROM ("firstResponseAt" - "createdAt")))::INTEGER WHERE "firstResponseAt" IS NOT NULL;
UPDATE "Ticket" SET "resolutionSec" = ROUND(EXTRACT(EPOCH FROM ("resolvedAt" - "createdAt")))::INTEGER WHERE "resolvedAt" IS NOT NULL;
