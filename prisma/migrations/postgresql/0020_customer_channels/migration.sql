-- CreateTable
CREATE TABLE "CustomerChannel" (
    "surface" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "company" TEXT,
    "teamId" TEXT,
    "connectedBy" TEXT NOT NULL,
    "connectedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerChannel_pkey" PRIMARY KEY ("surface","channelId")
);

