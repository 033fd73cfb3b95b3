-- CreateIndex
CREATE UNIQUE INDEX "ChatLink_surface_role_channelId_messageId_key" ON "ChatLink"("surface", "role", "channelId", "messageId");

