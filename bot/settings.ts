// Everything the process reads from its environment and its config file, parsed once at start.
// A bad value stops the process with one message naming it, before anything is served.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { HelpdeskConfig } from "../core/config.js";

const intFrom = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

export const Env = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgres:// (PostgreSQL)")
    .default("file:./data/helpdesk.db"),
  HELPDESK_CONFIG: z.string().min(1).optional(),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: intFrom(3000, 0, 65535),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  OUTBOX_POLL_MS: intFrom(1000, 10, 60_000),
  OUTBOX_MAX_ATTEMPTS: intFrom(8, 1, 100),
  SHUTDOWN_GRACE_MS: intFrom(10_000, 0, 600_000),
  DATABASE_POOL_SIZE: intFrom(10, 1, 200),
});
export type Env = z.infer<typeof Env>;

export interface Settings {
  env: Env;
  config: HelpdeskConfig;
  /** Where the config came from, for the start-up log. */
  configSource: string;
}

export class SettingsError extends Error {
  override readonly name = "SettingsError";
}

function describeIssues(prefix: string, error: z.ZodError): string {
  return error.issues
    .map((i) => `${prefix}${i.path.length ? i.path.join(".") : ""}${i.path.length ? ": " : ""}${i.message}`)
    .join("; ");
}

/** Parses env and the config file named by HELPDESK_CONFIG (JSON); throws one SettingsError. */
export function loadSettings(source: NodeJS.ProcessEnv): Settings {
  const envResult = Env.safeParse(emptyToUndefined(source));
  if (!envResult.success) throw new SettingsError(`invalid environment: ${describeIssues("", envResult.error)}`);
  const env = envResult.data;
  if (!env.HELPDESK_CONFIG) {
    return { env, config: HelpdeskConfig.parse({}), configSource: "built-in default pipeline" };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(env.HELPDESK_CONFIG, "utf8"));
  } catch (e) {
    throw new SettingsError(`HELPDESK_CONFIG ${env.HELPDESK_CONFIG}: ${(e as Error).message}`);
  }
  const cfg = HelpdeskConfig.safeParse(raw);
  if (!cfg.success) throw new SettingsError(`HELPDESK_CONFIG ${env.HELPDESK_CONFIG}: ${describeIssues("", cfg.error)}`);
  return { env, config: cfg.data, configSource: env.HELPDESK_CONFIG };
}

/** An empty variable (`PORT=`) means "use the default", as in most .env tooling. */
function emptyToUndefined(source: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v === "" ? undefined : v]));
}
