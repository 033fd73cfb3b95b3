-- CreateTable
CREATE TABLE "ChatIdentity" (
    "surface" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "agentId" TEXT,
    "contactId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatIdentity_pkey" PRIMARY KEY ("surface","externalId","kind")
);

-- Chat accounts move from the per-platform columns of Agent and Contact to rows, copied before the
-- columns go. An account an agent and a contact both held keeps both: one row of each kind.
INSERT INTO "ChatIdentity" ("surface", "externalId", "kind", "agentId", "createdAt")
SELECT 'slack', "slackUserId", 'agent', "id", "createdAt" FROM "Agent" WHERE "slackUserId" IS NOT NULL;
INSERT INTO "ChatIdentity" ("surface", "externalId", "kind", "agentId", "createdAt")
SELECT 'discord', "discordUserId", 'agent', "id", "createdAt" FROM "Agent" WHERE "discordUserId" IS NOT NULL;
INSERT INTO "ChatIdentity" ("surface", "externalId", "kind", "contactId", "createdAt")
SELECT 'slack', "slackUserId", 'contact', "id", "createdAt" FROM "Contact" WHERE "slackUserId" IS NOT NULL;
INSERT INTO "ChatIdentity" ("surface", "externalId", "kind", "contactId", "createdAt")
SELECT 'discord', "discordUserId", 'contact', "id", "createdAt" FROM "Contact" WHERE "discordUserId" IS NOT NULL;

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

