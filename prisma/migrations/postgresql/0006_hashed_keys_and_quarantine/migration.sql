-- Values senders control (Message-IDs, addresses, domains) stay whole, but their unique indexes
-- move to a SHA-256 hex of them: a btree entry holds at most about 2.7 KB, so a longer value
-- could not be stored at all. Existing rows get the same hash the application computes
-- (core/keys/lookup-hash.ts: SHA-256 of the UTF-8 bytes, lower-case hex).

-- DropIndex
DROP INDEX "Company_domain_key";

-- DropIndex
DROP INDEX "Contact_email_key";

-- DropIndex
DROP INDEX "MessageRef_system_externalId_key";

-- AlterTable
ALTER TABLE "Company" ADD COLUMN     "domainHash" TEXT;
UPDATE "Company" SET "domainHash" = encode(sha256(convert_to("domain", 'UTF8')), 'hex');
ALTER TABLE "Company" ALTER COLUMN "domainHash" SET NOT NULL;

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "emailHash" TEXT;
UPDATE "Contact" SET "emailHash" = encode(sha256(convert_to("email", 'UTF8')), 'hex') WHERE "email" IS NOT NULL;

-- AlterTable
ALTER TABLE "MessageRef" ADD COLUMN     "externalIdHash" TEXT;
UPDATE "MessageRef" SET "externalIdHash" = encode(sha256(convert_to("externalId", 'UTF8')), 'hex');
ALTER TABLE "MessageRef" ALTER COLUMN "externalIdHash" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Company_domainHash_key" ON "Company"("domainHash");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_emailHash_key" ON "Contact"("emailHash");

-- CreateIndex
CREATE UNIQUE INDEX "MessageRef_system_externalIdHash_key" ON "MessageRef"("system", "externalIdHash");

-- Tickets filed apart (auto-replies and bounces that matched no ticket), in their own range of
-- every queue index.
-- DropIndex
DROP INDEX "Ticket_open_deletedAt_teamId_ownerId_createdAt_idx";

-- DropIndex
DROP INDEX "Ticket_open_deletedAt_teamId_createdAt_idx";

-- DropIndex
DROP INDEX "Ticket_open_deletedAt_ownerId_createdAt_idx";

-- DropIndex
DROP INDEX "Ticket_open_deletedAt_createdAt_idx";

-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "quarantined" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "Ticket_open_deletedAt_quarantined_teamId_ownerId_createdAt_idx" ON "Ticket"("open", "deletedAt", "quarantined", "teamId", "ownerId", "createdAt");

-- CreateIndex
CREATE INDEX "Ticket_open_deletedAt_quarantined_teamId_createdAt_idx" ON "Ticket"("open", "deletedAt", "quarantined", "teamId", "createdAt");

-- CreateIndex
CREATE INDEX "Ticket_open_deletedAt_quarantined_ownerId_createdAt_idx" ON "Ticket"("open", "deletedAt", "quarantined", "ownerId", "createdAt");

-- CreateIndex
CREATE INDEX "Ticket_open_deletedAt_quarantined_createdAt_idx" ON "Ticket"("open", "deletedAt", "quarantined", "createdAt");
