// `npm start`: parse settings, start the service, stop cleanly on SIGTERM/SIGINT. The script
// execs node itself (with tsx as its loader), so the signal a supervisor sends to npm's pid is
// forwarded straight to this process rather than to a shell that would die and orphan it.
import { jsonLogger } from "./log.js";
import { startService } from "./service.js";
import { settingsOrExit } from "./settings.js";

async function main(): Promise<void> {
  const settings = settingsOrExit("helpdesk: cannot start");
  const log = jsonLogger(settings.env.LOG_LEVEL);
  let service;
  try {
    service = await startService(settings, log);
  } catch (e) {
    log.error("cannot start", { err: (e as Error).message });
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    // Under `npm start` a Ctrl-C arrives twice (from the terminal and forwarded by npm); a second
    // signal must not end the process by default action halfway through the graceful stop.
    if (stopping) {
      log.info("signal received again; still stopping", { signal });
      return;
    }
    stopping = true;
    log.info("signal received", { signal });
    service.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        log.error("shutdown failed", { err: String(e) });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

void main();
