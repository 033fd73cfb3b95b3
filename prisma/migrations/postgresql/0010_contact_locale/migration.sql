-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "locale" TEXT;

