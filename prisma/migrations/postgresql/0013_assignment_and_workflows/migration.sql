-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "away" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "awaySince" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "AssignmentCursor" (
    "rule" TEXT NOT NULL,
    "lastAgentId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssignmentCursor_pkey" PRIMARY KEY ("rule")
);

-- CreateTable
CREATE TABLE "WorkflowRun" (
    "id" TEXT NOT NULL,
    "workflow" TEXT NOT NULL,
    "ticketId" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkflowRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WorkflowRun_workflow_createdAt_idx" ON "WorkflowRun"("workflow", "createdAt");

-- CreateIndex
CREATE INDEX "WorkflowRun_ticketId_idx" ON "WorkflowRun"("ticketId");

-- AddForeignKey
ALTER TABLE "WorkflowRun" ADD CONSTRAINT "WorkflowRun_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

