// A forum's status tags: the bot creates one per status as tickets reach it and keeps the post's
// status tag in step. The forum's tag list can only be replaced whole, so one worker at a time
// changes it, through a short lease in the database.
// @see https://discord.com/developers/docs/resources/channel#forum-tag-object
import { Routes, type APIChannel, type APIGuildForumTag, type REST } from "discord.js";
import { randomUUID } from "node:crypto";
import { oneLine, truncate } from "./escape.js";
import { call } from "./rest.js";
import { type CoreDeps, DeliveryError, lockChatResource, unlockChatResource } from "../../core/index.js";

/** A forum keeps at most this many tags; a status beyond them goes without one (the card still says it). */
export const maxForumTags = 20;
/** A post carries at most five tags. @see https://discord.com/developers/docs/resources/channel#start-thread-in-forum-or-media-channel */
export const maxAppliedTags = 5;
/** The database lease that lets one worker at a time change a forum's tags. */
export const tagLockName = (forum: string) => `discord:tags:${forum}`;
/** How long the tag lock holds if its worker dies before releasing it: far longer than one read and one PATCH. */
const tagLockMs = 15_000;
/** A forum tag's name is at most 20 characters. @see https://discord.com/developers/docs/resources/channel#forum-tag-object */
export const tagNameLength = 20;
/** A status's forum tag name. */
export const statusTagName = (status: string) => truncate(oneLine(status), tagNameLength);

export interface ForumTags {
  /**
   * The id of the forum tag for a status, creating the tag when the forum lacks it. A forum
   * already holding 20 tags gets no new one: null, and the post goes without a status tag.
   */
  statusTag(forum: string, status: string): Promise<{ id: string | null; tags: APIGuildForumTag[] }>;
  /** Every status of every pipeline as a tag name: the tags the bot manages on a post. */
  managed: ReadonlySet<string>;
}

export function forumTags(opts: { deps: Pick<CoreDeps, "db" | "catalog" | "now">; rest: REST }): ForumTags {
  const { deps, rest } = opts;
  const { catalog } = deps;
  /** Every status of every pipeline as a tag name: the tags the bot manages. */
  const managed = new Set(catalog.config.pipelines.flatMap((p) => p.statuses.map((st) => statusTagName(st.name))));
  /** This process, as the holder of the forum tag locks it takes. */
  const worker = `discord-tags-${randomUUID().slice(0, 8)}`;
  /** This process's own tag additions, queued per forum: the outbox delivers several cards at once. */
  const adding = new Map<string, Promise<unknown>>();

  async function statusTag(forum: string, status: string): Promise<{ id: string | null; tags: APIGuildForumTag[] }> {
    const name = statusTagName(status);
    const readTags = async () =>
      (await call<APIChannel & { available_tags?: APIGuildForumTag[] }>("GET channel", () => rest.get(Routes.channel(forum))))
        .available_tags ?? [];
    const tags = await readTags();
    const found = tags.find((t) => t.name === name);
    if (found) return { id: found.id, tags };
    if (tags.length >= maxForumTags) return { id: null, tags };
    // The forum's tag list is replaced whole, so two workers adding tags at once would drop each
    // other's: one at a time per forum, through a short lease in the database. This process's own
    // deliveries wait for each other instead of being told to come back.
    return queued(forum, () => addTag(forum, status, name, readTags));
  }

  async function addTag(
    forum: string,
    status: string,
    name: string,
    readTags: () => Promise<APIGuildForumTag[]>,
  ): Promise<{ id: string | null; tags: APIGuildForumTag[] }> {
    if (!(await lockTags(forum))) throw new DeliveryError(`another worker is adding a tag to forum ${forum}`, { retryAfterMs: 1_000 });
    try {
      const fresh = await readTags();
      const again = fresh.find((t) => t.name === name);
      if (again) return { id: again.id, tags: fresh };
      if (fresh.length >= maxForumTags) return { id: null, tags: fresh };
      const keep = fresh.map((t) => ({ id: t.id, name: t.name, moderated: t.moderated, emoji_id: t.emoji_id, emoji_name: t.emoji_name }));
      const updated = await call<APIChannel & { available_tags?: APIGuildForumTag[] }>("PATCH channel tags", () =>
        rest.patch(Routes.channel(forum), {
          body: { available_tags: [...keep, { name, moderated: false }] },
          reason: `status tag for ${status}`,
        }),
      );
      const after = updated.available_tags ?? [];
      return { id: after.find((t) => t.name === name)?.id ?? null, tags: after };
    } finally {
      await unlockChatResource(deps, tagLockName(forum), worker);
    }
  }

  function queued<T>(forum: string, fn: () => Promise<T>): Promise<T> {
    const run = (adding.get(forum) ?? Promise.resolve()).then(fn);
    const settled = run.catch(() => undefined);
    adding.set(forum, settled);
    void settled.then(() => {
      if (adding.get(forum) === settled) adding.delete(forum);
    });
    return run;
  }

  /** Takes the forum's tag lock for a short while (released as soon as the tag is added), or false while another worker has it. */
  function lockTags(forum: string): Promise<boolean> {
    return lockChatResource(deps, tagLockName(forum), worker, tagLockMs);
  }

  return { statusTag, managed };
}
