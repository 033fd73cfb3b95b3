-- CreateTable
CREATE TABLE "ExpiringKey" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL DEFAULT '',
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ExpiringKey_expiresAt_idx" ON "ExpiringKey"("expiresAt");

