-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "auto" BOOLEAN NOT NULL DEFAULT false;

