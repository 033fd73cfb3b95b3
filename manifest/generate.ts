// `npm run manifest`: writes manifest/slack-app.json (English), manifest/slack-app.ja.json
// (Japanese) and manifest/discord-commands.json (both languages) from the catalogue, and
// manifest/openapi.json from the REST API's routes (adapters/api/openapi-file.ts still writes it alone).
// `npm run manifest -- --url https://helpdesk.acme.example [--locale ja]` prints a Slack manifest
// for that host instead (paste it at https://api.slack.com/apps → Create New App → From a manifest).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openApiPath, openApiText } from "../adapters/api/openapi-file.js";
import { isLocale } from "../core/i18n/locale.js";
import { slackManifestText } from "./slack.js";
import { discordCommandsText } from "./discord.js";

export const slackManifestPath = fileURLToPath(new URL("./slack-app.json", import.meta.url));
export const slackManifestJaPath = fileURLToPath(new URL("./slack-app.ja.json", import.meta.url));
export const discordCommandsPath = fileURLToPath(new URL("./discord-commands.json", import.meta.url));

const urlAt = process.argv.indexOf("--url");
if (urlAt !== -1) {
  const url = process.argv[urlAt + 1];
  if (!url || !/^https:\/\//.test(url)) {
    console.error("--url needs the service's public https:// base URL");
    process.exit(2);
  }
  const localeAt = process.argv.indexOf("--locale");
  const locale = localeAt === -1 ? "en" : process.argv[localeAt + 1];
  if (!isLocale(locale)) {
    console.error("--locale is en or ja");
    process.exit(2);
  }
  process.stdout.write(slackManifestText(url, locale));
} else {
  writeFileSync(slackManifestPath, slackManifestText());
  console.log(`wrote ${slackManifestPath}`);
  writeFileSync(slackManifestJaPath, slackManifestText(undefined, "ja"));
  console.log(`wrote ${slackManifestJaPath}`);
  writeFileSync(discordCommandsPath, discordCommandsText());
  console.log(`wrote ${discordCommandsPath}`);
  writeFileSync(openApiPath, openApiText());
  console.log(`wrote ${openApiPath}`);
}
