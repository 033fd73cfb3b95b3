-- AlterTable (the old key goes first: two old keys may become the same key in different namespaces)
ALTER TABLE "ExpiringKey" DROP CONSTRAINT "ExpiringKey_pkey",
ADD COLUMN "namespace" TEXT;

-- Keys stored before namespaces: each use's old prefix tells its namespace.
UPDATE "ExpiringKey" SET
    "namespace" = CASE
        WHEN "key" LIKE 'slack:event:%' OR "key" LIKE 'discord:event:%' THEN 'chat-event'
        WHEN "key" LIKE '%:usergroup-member:%' THEN 'group-member'
        WHEN "key" LIKE 'notice:%' THEN 'notice'
        WHEN "key" LIKE 'slack:request:%' THEN 'signed-request'
        ELSE 'intake-request'
    END,
    "key" = CASE
        WHEN "key" LIKE 'slack:event:%' OR "key" LIKE 'discord:event:%' THEN replace("key", ':event:', ':')
        WHEN "key" LIKE '%:usergroup-member:%' THEN replace("key", ':usergroup-member:', ':')
        WHEN "key" LIKE 'notice:%' THEN substr("key", 8)
        ELSE "key"
    END;

ALTER TABLE "ExpiringKey" ALTER COLUMN "namespace" SET NOT NULL,
ADD CONSTRAINT "ExpiringKey_pkey" PRIMARY KEY ("namespace", "key");

-- Event dedupe, group-membership caches and "told once" notices were kept as leases before they
-- had their own table; those rows are nobody's lease.
DELETE FROM "Lease" WHERE "name" LIKE 'slack:event:%' OR "name" LIKE 'discord:event:%' OR "name" LIKE '%:usergroup-member:%' OR "name" LIKE 'discord:thread-notice:%';
