// The language a Slack user's client is set to, for those with no `locale` in the config. Slack
// sends it only when asked (`users.info` with `include_locale`), so each user's is asked once an
// hour, after the request's ack, and read from memory wherever a text is written for them.
// @see https://api.slack.com/methods/users.info
import type { WebClient } from "@slack/web-api";
import type { Catalog, Logger } from "../../core/index.js";
import { agentAccounts } from "../../core/index.js";

interface Known {
  locale: string | null;
  until: number;
}

export interface SlackLocalesOptions {
  catalog: Catalog;
  log: Logger;
  /** How long an answer is kept (default an hour). */
  ttlMs?: number;
  /** How long a failed ask is remembered before the user is asked again (default 5 minutes). */
  failureTtlMs?: number;
  /** How long a request waits for the answer before it is written in the help desk's language (default 1.5 s). */
  budgetMs?: number;
  now?: () => number;
}

export class SlackLocales {
  readonly #known = new Map<string, Known>();
  readonly #asking = new Map<string, Promise<void>>();
  readonly #configured: ReadonlySet<string>;
  #warned = false;

  constructor(private readonly opts: SlackLocalesOptions) {
    // Agents with a configured locale are never asked: theirs wins anyway.
    this.#configured = new Set(
      opts.catalog.config.agents.flatMap((a) => {
        const id = agentAccounts(a).get("slack");
        return a.locale && id ? [id] : [];
      }),
    );
  }

  /** The user's client locale (a BCP 47 tag such as `ja-JP`) if Slack has said it, else undefined. */
  known(userId: string): string | undefined {
    return this.#known.get(userId)?.locale ?? undefined;
  }

  /**
   * Asks Slack for the user's locale unless it is known and fresh; waits at most the budget (the
   * answer is kept when it comes later). Failures are logged once and leave the default.
   */
  async learn(client: WebClient, userId: string): Promise<void> {
    if (this.#configured.has(userId)) return;
    const now = (this.opts.now ?? Date.now)();
    const k = this.#known.get(userId);
    if (k && k.until > now) return;
    let asking = this.#asking.get(userId);
    if (!asking) {
      asking = this.#ask(client, userId).finally(() => this.#asking.delete(userId));
      this.#asking.set(userId, asking);
    }
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.opts.budgetMs ?? 1500);
      timer.unref();
    });
    await Promise.race([asking, budget]);
    clearTimeout(timer);
  }

  async #ask(client: WebClient, userId: string): Promise<void> {
    let locale: string | null = null;
    // A failure (Slack down, a missing scope) is asked again sooner than an answer.
    let keepMs = this.opts.ttlMs ?? 3_600_000;
    try {
      const r = await client.users.info({ user: userId, include_locale: true });
      locale = typeof r.user?.locale === "string" ? r.user.locale : null;
    } catch (e) {
      keepMs = this.opts.failureTtlMs ?? 300_000;
      if (!this.#warned) {
        this.#warned = true;
        this.opts.log.warn("slack users.info for the user's locale failed; texts use the help desk's language", {
          err: e instanceof Error ? e.message : String(e),
        });
      }
    }
    this.#known.set(userId, { locale, until: (this.opts.now ?? Date.now)() + keepMs });
  }
}
