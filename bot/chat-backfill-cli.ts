// `npm run chat:backfill`: queue a card on each configured chat surface for every open ticket it
// never showed, and exit. The running service (any replica) delivers them; start-up does the same.
import type { CoreDeps } from "../core/index.js";
import { runChatBackfill, backfillSurfaces } from "./chat-backfill.js";
import { openDatabase, parseDatabaseUrl } from "./db/connect.js";
import { jsonLogger } from "./log.js";
import { catalogFor, settingsOrExit } from "./settings.js";

const settings = settingsOrExit("chat:backfill");
const { on, off } = backfillSurfaces(settings);
if (!on.length) {
  process.stderr.write(`chat:backfill: no chat surface is configured (${off.join("; ")})\n`);
  process.exit(1);
}
const log = jsonLogger(settings.env.LOG_LEVEL, { component: "backfill" });
try {
  const database = await openDatabase(parseDatabaseUrl(settings.env.DATABASE_URL), { poolSize: 2 });
  try {
    const deps: CoreDeps = { db: database.db, catalog: catalogFor(settings), now: () => new Date() };
    await runChatBackfill(deps, settings, log);
  } finally {
    await database.close();
  }
} catch (e) {
  process.stderr.write(`chat:backfill: ${(e as Error).message}\n`);
  process.exit(1);
}
