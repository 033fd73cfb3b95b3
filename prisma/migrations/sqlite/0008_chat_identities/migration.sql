-- CreateTable
CREATE TABLE "ChatIdentity" (
    "surface" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "agentId" TEXT,
    "contactId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("surface", "externalId"),
    CONSTRAINT "ChatIdentity_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ChatIdentity_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Agent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "role" TEXT NOT NULL DEFAULT 'agent',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Agent" ("active", "createdAt", "email", "id", "name", "role") SELECT "active", "createdAt", "email", "id", "name", "role" FROM "Agent";
DROP TABLE "Agent";
ALTER TABLE "new_Agent" RENAME TO "Agent";
CREATE UNIQUE INDEX "Agent_email_key" ON "Agent"("email");
CREATE TABLE "new_Contact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT,
    "emailHash" TEXT,
    "name" TEXT,
    "companyId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Contact_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Contact" ("companyId", "createdAt", "email", "emailHash", "id", "name") SELECT "companyId", "createdAt", "email", "emailHash", "id", "name" FROM "Contact";
DROP TABLE "Contact";
ALTER TABLE "new_Contact" RENAME TO "Contact";
CREATE UNIQUE INDEX "Contact_emailHash_key" ON "Contact"("emailHash");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ChatIdentity_agentId_idx" ON "ChatIdentity"("agentId");

-- CreateIndex
CREATE INDEX "ChatIdentity_contactId_idx" ON "ChatIdentity"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatIdentity_surface_agentId_key" ON "ChatIdentity"("surface", "agentId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatIdentity_surface_contactId_key" ON "ChatIdentity"("surface", "contactId");

