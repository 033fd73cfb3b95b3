-- CreateTable
CREATE TABLE "ExpiringKey" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL DEFAULT '',
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExpiringKey_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "ExpiringKey_expiresAt_idx" ON "ExpiringKey"("expiresAt");

