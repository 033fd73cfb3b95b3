// `npm run db:migrate`: apply pending migrations to DATABASE_URL and exit (the service also does this at start).
import { openDatabase, parseDatabaseUrl } from "./db/connect.js";

const url = process.env.DATABASE_URL || "file:./data/helpdesk.db";
try {
  const open = await openDatabase(parseDatabaseUrl(url));
  console.log(open.migrationsApplied.length ? `applied: ${open.migrationsApplied.join(", ")}` : "database is up to date");
  await open.close();
} catch (e) {
  console.error(`db:migrate: ${(e as Error).message}`);
  process.exit(1);
}
