// `npm run manifest`: writes manifest/slack-app.json and manifest/discord-commands.json from the catalogue.
// `npm run manifest -- --url https://helpdesk.acme.example` prints a manifest for that host
// instead (paste it at https://api.slack.com/apps → Create New App → From a manifest).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { slackManifestText } from "./slack.js";
import { discordCommandsText } from "./discord.js";

export const slackManifestPath = fileURLToPath(new URL("./slack-app.json", import.meta.url));
export const discordCommandsPath = fileURLToPath(new URL("./discord-commands.json", import.meta.url));

const urlAt = process.argv.indexOf("--url");
if (urlAt !== -1) {
  const url = process.argv[urlAt + 1];
  if (!url || !/^https:\/\//.test(url)) {
    console.error("--url needs the service's public https:// base URL");
    process.exit(2);
  }
  process.stdout.write(slackManifestText(url));
} else {
  writeFileSync(slackManifestPath, slackManifestText());
  console.log(`wrote ${slackManifestPath}`);
  writeFileSync(discordCommandsPath, discordCommandsText());
  console.log(`wrote ${discordCommandsPath}`);
}
