-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ExpiringKey" (
    "namespace" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL DEFAULT '',
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("namespace", "key")
);
-- Keys stored before namespaces: each use's old prefix tells its namespace.
INSERT INTO "new_ExpiringKey" ("namespace", "key", "value", "expiresAt")
SELECT
    CASE
        WHEN "key" LIKE 'slack:event:%' OR "key" LIKE 'discord:event:%' THEN 'chat-event'
        WHEN "key" LIKE '%:usergroup-member:%' THEN 'group-member'
        WHEN "key" LIKE 'notice:%' THEN 'notice'
        WHEN "key" LIKE 'slack:request:%' THEN 'signed-request'
        ELSE 'intake-request'
    END,
    CASE
        WHEN "key" LIKE 'slack:event:%' OR "key" LIKE 'discord:event:%' THEN replace("key", ':event:', ':')
        WHEN "key" LIKE '%:usergroup-member:%' THEN replace("key", ':usergroup-member:', ':')
        WHEN "key" LIKE 'notice:%' THEN substr("key", 8)
        ELSE "key"
    END,
    "value", "expiresAt"
FROM "ExpiringKey";
DROP TABLE "ExpiringKey";
ALTER TABLE "new_ExpiringKey" RENAME TO "ExpiringKey";
CREATE INDEX "ExpiringKey_expiresAt_idx" ON "ExpiringKey"("expiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Event dedupe, group-membership caches and "told once" notices were kept as leases before they
-- had their own table; those rows are nobody's lease.
DELETE FROM "Lease" WHERE "name" LIKE 'slack:event:%' OR "name" LIKE 'discord:event:%' OR "name" LIKE '%:usergroup-member:%' OR "name" LIKE 'discord:thread-notice:%';
