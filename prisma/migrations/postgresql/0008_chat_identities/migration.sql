-- CreateTable
CREATE TABLE "ChatIdentity" (
    "surface" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "agentId" TEXT,
    "contactId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatIdentity_pkey" PRIMARY KEY ("surface","externalId")
);

-- Chat accounts move from the per-platform columns of Agent and Contact to rows, copied before the
-- columns go. An account both an agent and a contact held stays the agent's (one party per account).
INSERT INTO "ChatIdentity" ("surface", "externalId", "agentId", "createdAt")
SELECT 'slack', "slackUserId", "id", "createdAt" FROM "Agent" WHERE "slackUserId" IS NOT NULL;
INSERT INTO "ChatIdentity" ("surface", "externalId", "agentId", "createdAt")
SELECT 'discord', "discordUserId", "id", "createdAt" FROM "Agent" WHERE "discordUserId" IS NOT NULL;
INSERT INTO "ChatIdentity" ("surface", "externalId", "contactId", "createdAt")
SELECT 'slack', c."slackUserId", c."id", c."createdAt" FROM "Contact" c
WHERE c."slackUserId" IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "ChatIdentity" i WHERE i."surface" = 'slack' AND i."externalId" = c."slackUserId");
INSERT INTO "ChatIdentity" ("surface", "externalId", "contactId", "createdAt")
SELECT 'discord', c."discordUserId", c."id", c."createdAt" FROM "Contact" c
WHERE c."discordUserId" IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "ChatIdentity" i WHERE i."surface" = 'discord' AND i."externalId" = c."discordUserId");

-- DropIndex
DROP INDEX "Agent_slackUserId_key";

-- DropIndex
DROP INDEX "Agent_discordUserId_key";

-- DropIndex
DROP INDEX "Contact_slackUserId_key";

-- DropIndex
DROP INDEX "Contact_discordUserId_key";

-- AlterTable
ALTER TABLE "Agent" DROP COLUMN "discordUserId",
DROP COLUMN "slackUserId";

-- AlterTable
ALTER TABLE "Contact" DROP COLUMN "discordUserId",
DROP COLUMN "slackUserId";

-- CreateIndex
CREATE INDEX "ChatIdentity_agentId_idx" ON "ChatIdentity"("agentId");

-- CreateIndex
CREATE INDEX "ChatIdentity_contactId_idx" ON "ChatIdentity"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatIdentity_surface_agentId_key" ON "ChatIdentity"("surface", "agentId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatIdentity_surface_contactId_key" ON "ChatIdentity"("surface", "contactId");

-- AddForeignKey
ALTER TABLE "ChatIdentity" ADD CONSTRAINT "ChatIdentity_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatIdentity" ADD CONSTRAINT "ChatIdentity_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

