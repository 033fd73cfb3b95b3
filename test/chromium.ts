// The system's Chromium for the browser tests (playwright-core drives it; no browser download):
// its path, or null with one line saying why the suite skips. CI sets REQUIRE_CHROMIUM=1 once it
// has installed Chromium, so there a missing browser fails the suite instead of skipping it unseen.
import { existsSync } from "node:fs";

/** Where Chromium is (CHROMIUM_PATH, else /usr/bin/chromium), or null when it is not there and not required. */
export function chromiumFor(suite: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const path = env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (existsSync(path)) return path;
  if (env.REQUIRE_CHROMIUM === "1") throw new Error(`${suite}: no Chromium at ${path}, and REQUIRE_CHROMIUM=1 says they must run`);
  console.log(`${suite} skipped: no Chromium at ${path} (install it, or set CHROMIUM_PATH)`);
  return null;
}

export const chromiumArgs = ["--headless", "--no-sandbox", "--disable-gpu"];
