// `npm run api:token -- create --name billing --agent ada [--scope read]`, `… revoke --name billing`,
// `… list`: API tokens managed by the operator. The secret is printed once, on create.
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createApiToken, isHelpdeskError, listApiTokens, revokeApiToken, systemActor, type CoreDeps } from "../core/index.js";
import { openDatabase, parseDatabaseUrl } from "./db/connect.js";
import { catalogFor, settingsOrExit } from "./settings.js";

const usage = `usage: npm run api:token -- create --name <name> --agent <agent id> [--scope write|read]
       npm run api:token -- revoke --name <name>
       npm run api:token -- list`;

/** What a run printed and its exit code: the command, apart from the process, for tests. */
export interface CommandOutcome {
  code: number;
  out: string;
}

export async function apiTokenCommand(argv: string[], deps: CoreDeps): Promise<CommandOutcome> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { name: { type: "string" }, agent: { type: "string" }, scope: { type: "string" } },
    });
  } catch (e) {
    return { code: 2, out: `${(e as Error).message}\n${usage}` };
  }
  const [verb] = parsed.positionals;
  const { name, agent, scope } = parsed.values;
  try {
    if (verb === "create" && name && agent) {
      const { token, secret } = await createApiToken(deps, { name, agentId: agent, scope }, systemActor);
      return {
        code: 0,
        out: `created API token "${token.name}" acting as ${token.agent.name} (${token.agent.id}), scope ${token.scope}\nsecret (shown once, store it now):\n${secret}`,
      };
    }
    if (verb === "revoke" && name) {
      const token = await revokeApiToken(deps, { name }, systemActor);
      return { code: 0, out: `revoked API token "${token.name}"` };
    }
    if (verb === "list") {
      const tokens = await listApiTokens(deps, systemActor);
      if (!tokens.length) return { code: 0, out: "no API tokens" };
      const lines = tokens.map((t) =>
        [
          t.name,
          `${t.prefix}…`,
          t.agent.id,
          t.scope,
          t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : "active",
          `last used ${t.lastUsedAt?.toISOString() ?? "never"}`,
        ].join("\t"),
      );
      return { code: 0, out: lines.join("\n") };
    }
  } catch (e) {
    if (!isHelpdeskError(e)) throw e;
    return { code: 1, out: `api:token: ${e.message}` };
  }
  return { code: 2, out: usage };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const settings = settingsOrExit("api:token");
  const database = await openDatabase(parseDatabaseUrl(settings.env.DATABASE_URL), { poolSize: 2 });
  let outcome: CommandOutcome;
  try {
    outcome = await apiTokenCommand(process.argv.slice(2), { db: database.db, catalog: catalogFor(settings), now: () => new Date() });
  } finally {
    await database.close();
  }
  (outcome.code === 0 ? process.stdout : process.stderr).write(`${outcome.out}\n`);
  process.exit(outcome.code);
}
