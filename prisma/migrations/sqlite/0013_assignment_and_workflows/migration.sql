-- CreateTable
CREATE TABLE "AssignmentCursor" (
    "rule" TEXT NOT NULL PRIMARY KEY,
    "lastAgentId" TEXT,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "WorkflowRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflow" TEXT NOT NULL,
    "ticketId" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WorkflowRun_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable (added in place: SQLite adds a column with a constant default without copying the table)
ALTER TABLE "Agent" ADD COLUMN "away" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Agent" ADD COLUMN "awaySince" DATETIME;

-- CreateIndex
CREATE INDEX "WorkflowRun_workflow_createdAt_idx" ON "WorkflowRun"("workflow", "createdAt");

-- CreateIndex
CREATE INDEX "WorkflowRun_ticketId_idx" ON "WorkflowRun"("ticketId");

