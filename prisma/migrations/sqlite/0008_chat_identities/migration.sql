-- CreateTable
CREATE TABLE "ChatIdentity" (
    "surface" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "agentId" TEXT,
    "contactId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("surface", "externalId", "kind"),
    CONSTRAINT "ChatIdentity_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ChatIdentity_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

