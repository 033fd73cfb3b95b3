// `npm start`: parse settings, start the service, stop cleanly on SIGTERM/SIGINT.
import { existsSync } from "node:fs";
import { jsonLogger } from "./log.js";
import { startService } from "./service.js";
import { loadSettings, SettingsError } from "./settings.js";

async function main(): Promise<void> {
  // A .env beside the project is read if present; variables already set win.
  if (existsSync(".env")) process.loadEnvFile(".env");
  let settings;
  try {
    settings = loadSettings(process.env);
  } catch (e) {
    if (e instanceof SettingsError) {
      process.stderr.write(`helpdesk: cannot start: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const log = jsonLogger(settings.env.LOG_LEVEL);
  let service;
  try {
    service = await startService(settings, log);
  } catch (e) {
    log.error("cannot start", { err: (e as Error).message });
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    log.info("signal received", { signal });
    service.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        log.error("shutdown failed", { err: String(e) });
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

void main();
