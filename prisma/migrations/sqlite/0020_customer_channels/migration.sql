-- CreateTable
CREATE TABLE "CustomerChannel" (
    "surface" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "company" TEXT,
    "teamId" TEXT,
    "connectedBy" TEXT NOT NULL,
    "connectedAt" DATETIME NOT NULL,

    PRIMARY KEY ("surface", "channelId")
);

