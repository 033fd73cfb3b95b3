-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "slaDueAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Outbox" ADD COLUMN     "key" TEXT;

-- CreateTable
CREATE TABLE "SlaClock" (
    "ticketId" INTEGER NOT NULL,
    "metric" TEXT NOT NULL,
    "policy" TEXT NOT NULL,
    "calendar" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "targetSec" INTEGER NOT NULL,
    "warnSec" INTEGER NOT NULL,
    "usedSec" INTEGER NOT NULL DEFAULT 0,
    "runningSince" TIMESTAMP(3),
    "dueAt" TIMESTAMP(3),
    "warnAt" TIMESTAMP(3),
    "warnedAt" TIMESTAMP(3),
    "breachedAt" TIMESTAMP(3),
    "metAt" TIMESTAMP(3),
    "state" TEXT NOT NULL,

    CONSTRAINT "SlaClock_pkey" PRIMARY KEY ("ticketId","metric")
);

-- CreateIndex
CREATE INDEX "Ticket_open_deletedAt_quarantined_slaDueAt_idx" ON "Ticket"("open", "deletedAt", "quarantined", "slaDueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Outbox_key_key" ON "Outbox"("key");

-- CreateIndex
CREATE INDEX "Outbox_target_status_nextAttemptAt_idx" ON "Outbox"("target", "status", "nextAttemptAt");

-- AddForeignKey
ALTER TABLE "SlaClock" ADD CONSTRAINT "SlaClock_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

