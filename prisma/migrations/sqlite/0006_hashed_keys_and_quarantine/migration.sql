-- Values senders control (Message-IDs, addresses, domains) stay whole, but their unique indexes
-- move to a SHA-256 hex of them, whatever their length. SQLite has no sha256(): the migration
-- runner (bot/db/migrate.ts) gives this connection sha256_hex(), the same function the
-- application computes the hashes with (core/keys/lookup-hash.ts), and runs this with foreign
-- keys off and checked before commit, so rebuilding a referenced table cascades nothing.

-- DropIndex
DROP INDEX "Contact_email_key";

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN "emailHash" TEXT;
UPDATE "Contact" SET "emailHash" = sha256_hex("email") WHERE "email" IS NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Contact_emailHash_key" ON "Contact"("emailHash");

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Company" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "domain" TEXT NOT NULL,
    "domainHash" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Company" ("createdAt", "domain", "domainHash", "id", "name") SELECT "createdAt", "domain", sha256_hex("domain"), "id", "name" FROM "Company";
DROP TABLE "Company";
ALTER TABLE "new_Company" RENAME TO "Company";
CREATE UNIQUE INDEX "Company_domainHash_key" ON "Company"("domainHash");
CREATE TABLE "new_MessageRef" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "messageId" TEXT NOT NULL,
    "system" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "externalIdHash" TEXT NOT NULL,
    CONSTRAINT "MessageRef_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_MessageRef" ("externalId", "externalIdHash", "id", "messageId", "system") SELECT "externalId", sha256_hex("externalId"), "id", "messageId", "system" FROM "MessageRef";
DROP TABLE "MessageRef";
ALTER TABLE "new_MessageRef" RENAME TO "MessageRef";
CREATE INDEX "MessageRef_messageId_idx" ON "MessageRef"("messageId");
CREATE UNIQUE INDEX "MessageRef_system_externalIdHash_key" ON "MessageRef"("system", "externalIdHash");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Tickets filed apart (auto-replies and bounces that matched no ticket). A column added in place
-- rather than the table rebuilt: the ticket table is the largest, and column order is immaterial.
-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN "quarantined" BOOLEAN NOT NULL DEFAULT false;

-- DropIndex
DROP INDEX "Ticket_open_deletedAt_teamId_ownerId_createdAt_idx";
DROP INDEX "Ticket_open_deletedAt_teamId_createdAt_idx";
DROP INDEX "Ticket_open_deletedAt_ownerId_createdAt_idx";
DROP INDEX "Ticket_open_deletedAt_createdAt_idx";

-- CreateIndex
CREATE INDEX "Ticket_open_deletedAt_quarantined_teamId_ownerId_createdAt_idx" ON "Ticket"("open", "deletedAt", "quarantined", "teamId", "ownerId", "createdAt");
CREATE INDEX "Ticket_open_deletedAt_quarantined_teamId_createdAt_idx" ON "Ticket"("open", "deletedAt", "quarantined", "teamId", "createdAt");
CREATE INDEX "Ticket_open_deletedAt_quarantined_ownerId_createdAt_idx" ON "Ticket"("open", "deletedAt", "quarantined", "ownerId", "createdAt");
CREATE INDEX "Ticket_open_deletedAt_quarantined_createdAt_idx" ON "Ticket"("open", "deletedAt", "quarantined", "createdAt");
