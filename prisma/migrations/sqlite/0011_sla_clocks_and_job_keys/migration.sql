-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN "slaDueAt" DATETIME;

-- AlterTable
ALTER TABLE "Outbox" ADD COLUMN "key" TEXT;

-- CreateTable
CREATE TABLE "SlaClock" (
    "ticketId" INTEGER NOT NULL,
    "metric" TEXT NOT NULL,
    "policy" TEXT NOT NULL,
    "calendar" TEXT,
    "startedAt" DATETIME NOT NULL,
    "targetSec" INTEGER NOT NULL,
    "warnSec" INTEGER NOT NULL,
    "usedSec" INTEGER NOT NULL DEFAULT 0,
    "runningSince" DATETIME,
    "dueAt" DATETIME,
    "warnAt" DATETIME,
    "warnedAt" DATETIME,
    "breachedAt" DATETIME,
    "metAt" DATETIME,
    "state" TEXT NOT NULL,

    PRIMARY KEY ("ticketId", "metric"),
    CONSTRAINT "SlaClock_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Ticket_open_deletedAt_quarantined_slaDueAt_idx" ON "Ticket"("open", "deletedAt", "quarantined", "slaDueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Outbox_key_key" ON "Outbox"("key");

-- CreateIndex
CREATE INDEX "Outbox_target_status_nextAttemptAt_idx" ON "Outbox"("target", "status", "nextAttemptAt");

