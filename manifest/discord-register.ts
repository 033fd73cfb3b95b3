// `npm run discord:register`: publishes the committed manifest/discord-commands.json to Discord,
// to DISCORD_GUILD_ID's server when set (instant) or globally (may take up to an hour to appear).
// A bulk overwrite: commands not in the file are removed. Run it after `npm run manifest`.
// DISCORD_API_URL, when set, sends it to that REST base instead (a local stub or proxy).
// @see https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-guild-application-commands
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { REST, Routes } from "discord.js";
import { DiscordEnv } from "../adapters/discord/config.js";

export const discordCommandsFile = fileURLToPath(new URL("./discord-commands.json", import.meta.url));

/** Sends one PUT; the default goes through discord.js REST, tests inject their own. */
export type PutRequest = (route: `/${string}`, body: unknown) => Promise<unknown>;

export interface RegisterPlan {
  route: `/${string}`;
  scope: string;
  put: PutRequest;
}

/** The route and request from the environment, or one line saying what is missing or wrong. */
export function registerPlan(
  rawEnv: Record<string, string | undefined>,
  put?: PutRequest,
): { ok: true; plan: RegisterPlan } | { ok: false; error: string } {
  const parsed = DiscordEnv.safeParse(rawEnv);
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  }
  const env = parsed.data;
  const missing = (["DISCORD_TOKEN", "DISCORD_APPLICATION_ID"] as const).filter((k) => !env[k]);
  if (missing.length)
    return {
      ok: false,
      error: `${missing.join(" and ")} must be set to register commands (DISCORD_GUILD_ID too, to register in one server)`,
    };
  const app = env.DISCORD_APPLICATION_ID!;
  const route = env.DISCORD_GUILD_ID ? Routes.applicationGuildCommands(app, env.DISCORD_GUILD_ID) : Routes.applicationCommands(app);
  const rest = put
    ? null
    : new REST({ version: "10", ...(env.DISCORD_API_URL ? { api: env.DISCORD_API_URL } : {}) }).setToken(env.DISCORD_TOKEN!);
  return {
    ok: true,
    plan: {
      route,
      scope: env.DISCORD_GUILD_ID ? `server ${env.DISCORD_GUILD_ID}` : "all servers (global; may take up to an hour to show)",
      put: put ?? ((r, body) => rest!.put(r, { body })),
    },
  };
}

/** PUTs the committed definitions; returns how many Discord says it now has. */
export async function registerDiscordCommands(
  plan: RegisterPlan,
  definitions: unknown = JSON.parse(readFileSync(discordCommandsFile, "utf8")),
): Promise<number> {
  const result = await plan.put(plan.route, definitions);
  return Array.isArray(result) ? result.length : 0;
}

async function main(): Promise<void> {
  const r = registerPlan(process.env);
  if (!r.ok) {
    console.error(`discord:register: ${r.error}`);
    process.exit(2);
  }
  try {
    const n = await registerDiscordCommands(r.plan);
    console.log(`registered ${n} Discord commands in ${r.plan.scope}`);
  } catch (e) {
    console.error(`discord:register: Discord refused the commands: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
