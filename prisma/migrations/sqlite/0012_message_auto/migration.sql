-- AlterTable (added in place: SQLite can add a NOT NULL column with a constant default without copying the table)
ALTER TABLE "Message" ADD COLUMN "auto" BOOLEAN NOT NULL DEFAULT false;
