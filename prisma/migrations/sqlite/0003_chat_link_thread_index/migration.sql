-- CreateIndex
CREATE INDEX "ChatLink_surface_threadId_idx" ON "ChatLink"("surface", "threadId");

