// Raw gateway payloads in the shapes Discord documents, to drive the real client without a socket.
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
// @see https://discord.com/developers/docs/resources/message#message-object

let nextId = 310000000000000000n;
/** A fresh Discord id (increasing, like real ones). */
export const snowflake = () => String(++nextId);

export const GUILD = "500000000000000001";
export const APP = "700000000000000001";
export const FORUM = "200000000000000001";
/** A plain text channel (where "Create ticket from message" is used). */
export const GENERAL = "200000000000000009";
export const AGENT_ROLE = "800000000000000001";
export const COMMAND_ID = "900000000000000001";

export interface Who {
  id: string;
  name?: string;
  roles?: string[];
  bot?: boolean;
}

export interface Where {
  /** The channel the interaction happened in (a forum post's thread id for a ticket's post). */
  channelId?: string;
  /** For a thread: the forum or channel it belongs to. */
  parentId?: string;
  guildId?: string;
}

export const rawUser = (w: Who) => ({
  id: w.id,
  username: w.name ?? `user${w.id.slice(-4)}`,
  global_name: w.name ?? null,
  discriminator: "0",
  avatar: null,
  ...(w.bot ? { bot: true } : {}),
});

/** A member as it comes inside resolved data and messages: without its user (sent beside it). */
export const rawMemberOnly = (w: Who) => ({
  roles: w.roles ?? [],
  nick: null,
  joined_at: "2026-01-01T00:00:00.000Z",
  deaf: false,
  mute: false,
  flags: 0,
  permissions: "2248473465835073",
});

/** A member as it comes with an interaction: with its user. */
export const rawMember = (w: Who) => ({ user: rawUser(w), ...rawMemberOnly(w) });

function channelOf(where: Where) {
  const id = where.channelId ?? GENERAL;
  return where.parentId
    ? { id, type: 11, parent_id: where.parentId, guild_id: where.guildId ?? GUILD, name: "thread" }
    : { id, type: 0, guild_id: where.guildId ?? GUILD, name: "general" };
}

function base(type: number, who: Who, where: Where, data: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const id = snowflake();
  const guildId = where.guildId ?? GUILD;
  return {
    id,
    application_id: APP,
    type,
    token: `token-${id}`,
    version: 1,
    guild_id: guildId,
    channel_id: where.channelId ?? GENERAL,
    channel: channelOf(where),
    member: rawMember(who),
    // The bot's permissions in the channel, as the README asks for a support panel's (Manage Threads included).
    app_permissions: "2248490645704257",
    locale: "en-US",
    guild_locale: "en-US",
    entitlements: [],
    authorizing_integration_owners: { "0": guildId },
    context: 0,
    attachment_size_limit: 8388608,
    data,
    ...extra,
  };
}

export type OptionValue = string | number | boolean;

/** A `/ticket <sub>` chat-input command; `users` resolves user options (`{ option: userId }`). */
export function chatInput(
  who: Who,
  sub: string,
  options: Record<string, OptionValue> = {},
  where: Where = {},
  users: Record<string, Who> = {},
) {
  const opts = Object.entries(options).map(([name, value]) => ({
    name,
    type: users[name] ? 6 : typeof value === "number" ? 4 : typeof value === "boolean" ? 5 : 3,
    value,
  }));
  const resolved = Object.keys(users).length
    ? {
        users: Object.fromEntries(Object.values(users).map((u) => [u.id, rawUser(u)])),
        members: Object.fromEntries(Object.values(users).map((u) => [u.id, rawMemberOnly(u)])),
      }
    : undefined;
  return base(2, who, where, {
    id: COMMAND_ID,
    name: "ticket",
    type: 1,
    guild_id: where.guildId ?? GUILD,
    options: [{ type: 1, name: sub, options: opts }],
    ...(resolved ? { resolved } : {}),
  });
}

/** Autocomplete while typing option `focused` of `/ticket <sub>`. */
export function autocomplete(
  who: Who,
  sub: string,
  focused: string,
  typed: string,
  others: Record<string, string> = {},
  where: Where = {},
) {
  const opts = [
    ...Object.entries(others).map(([name, value]) => ({ name, type: 3, value })),
    { name: focused, type: 3, value: typed, focused: true },
  ];
  return base(4, who, where, { id: COMMAND_ID, name: "ticket", type: 1, options: [{ type: 1, name: sub, options: opts }] });
}

/** The message a component sits on (the card, or an ephemeral answer). */
export function rawMessage(
  channelId: string,
  opts: { id?: string; content?: string; author?: Who; components?: unknown[]; embeds?: unknown[]; flags?: number; guildId?: string } = {},
) {
  return {
    id: opts.id ?? snowflake(),
    channel_id: channelId,
    guild_id: opts.guildId ?? GUILD,
    type: 0,
    content: opts.content ?? "",
    author: rawUser(opts.author ?? { id: APP, name: "helpdesk", bot: true }),
    embeds: opts.embeds ?? [],
    components: opts.components ?? [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: "2026-11-21T10:00:00.000Z",
    edited_timestamp: null,
    flags: opts.flags ?? 0,
  };
}

/** A button click on a message (a ticket's card: pass its thread as channel and message). */
export function button(who: Who, customId: string, where: Where = {}, message = rawMessage(where.channelId ?? GENERAL)) {
  return base(3, who, where, { custom_id: customId, component_type: 2 }, { message });
}

/** A string select choice. */
export function stringSelect(
  who: Who,
  customId: string,
  values: string[],
  where: Where = {},
  message = rawMessage(where.channelId ?? GENERAL),
) {
  return base(3, who, where, { custom_id: customId, component_type: 3, values }, { message });
}

/** A user select choice. */
export function userSelect(who: Who, customId: string, users: Who[], where: Where = {}, message = rawMessage(where.channelId ?? GENERAL)) {
  return base(
    3,
    who,
    where,
    {
      custom_id: customId,
      component_type: 5,
      values: users.map((u) => u.id),
      resolved: {
        users: Object.fromEntries(users.map((u) => [u.id, rawUser(u)])),
        members: Object.fromEntries(users.map((u) => [u.id, rawMemberOnly(u)])),
      },
    },
    { message },
  );
}

/** What an agent entered in a modal field: text for a text input, a list for a select. */
export type ModalValue = string | string[] | { users: Who[] };

/** A modal submission; each field is sent inside a label component, as Discord does for modals built with labels. */
export function modalSubmit(who: Who, customId: string, fields: Record<string, ModalValue>, where: Where = {}) {
  const users: Who[] = [];
  const components = Object.entries(fields).map(([id, value], n) => {
    if (typeof value === "string") return { type: 18, id: n + 1, component: { type: 4, id: n + 100, custom_id: id, value } };
    if (Array.isArray(value)) return { type: 18, id: n + 1, component: { type: 3, id: n + 100, custom_id: id, values: value } };
    users.push(...value.users);
    return { type: 18, id: n + 1, component: { type: 5, id: n + 100, custom_id: id, values: value.users.map((u) => u.id) } };
  });
  const resolved = users.length
    ? {
        users: Object.fromEntries(users.map((u) => [u.id, rawUser(u)])),
        members: Object.fromEntries(users.map((u) => [u.id, rawMemberOnly(u)])),
      }
    : undefined;
  return base(5, who, where, { custom_id: customId, components, ...(resolved ? { resolved } : {}) });
}

/** A message context-menu command on `target`. */
export function messageCommand(who: Who, name: string, target: ReturnType<typeof rawMessage>, where: Where = {}) {
  return base(
    2,
    who,
    { channelId: target.channel_id, ...where },
    { id: COMMAND_ID, name, type: 3, target_id: target.id, resolved: { messages: { [target.id]: target } } },
  );
}

/** MESSAGE_CREATE: someone wrote `content` in a channel (a ticket's thread). */
export function messageCreate(
  who: Who,
  channelId: string,
  content: string,
  opts: { mentions?: Who[]; id?: string; replyTo?: string } = {},
) {
  return {
    ...rawMessage(channelId, { author: who, content, ...(opts.id ? { id: opts.id } : {}) }),
    ...(opts.replyTo ? { type: 19, message_reference: { type: 0, message_id: opts.replyTo, channel_id: channelId, guild_id: GUILD } } : {}),
    member: rawMemberOnly(who),
    mentions: (opts.mentions ?? []).map((m) => ({ ...rawUser(m), member: rawMemberOnly(m) })),
  };
}

/** GUILD_CREATE: the server as the gateway describes it on connect, with its forum, a text channel and active forum posts. */
export function guildCreate(threads: { id: string; parentId?: string; name?: string }[] = []) {
  return {
    id: GUILD,
    name: "Support",
    icon: null,
    owner_id: "100000000000000099",
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    system_channel_flags: 0,
    preferred_locale: "en-US",
    features: [],
    emojis: [],
    stickers: [],
    roles: [
      { id: GUILD, name: "@everyone", color: 0, hoist: false, position: 0, permissions: "0", managed: false, mentionable: false, flags: 0 },
      {
        id: AGENT_ROLE,
        name: "Support",
        color: 0,
        hoist: false,
        position: 1,
        permissions: "0",
        managed: false,
        mentionable: true,
        flags: 0,
      },
    ],
    member_count: 3,
    joined_at: "2026-01-01T00:00:00.000Z",
    large: false,
    unavailable: false,
    members: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    channels: [
      { id: FORUM, type: 15, guild_id: GUILD, name: "tickets", position: 0, permission_overwrites: [], available_tags: [] },
      { id: GENERAL, type: 0, guild_id: GUILD, name: "general", position: 1, permission_overwrites: [] },
    ],
    threads: threads.map((t) => thread(t.id, t.parentId ?? FORUM, t.name)),
  };
}

/** A forum post's thread channel (THREAD_CREATE, or in GUILD_CREATE's threads). */
export function thread(id: string, parentId = FORUM, name = "#1 ticket") {
  return {
    id,
    type: 11,
    guild_id: GUILD,
    parent_id: parentId,
    name,
    owner_id: APP,
    message_count: 1,
    member_count: 1,
    thread_metadata: { archived: false, auto_archive_duration: 4320, archive_timestamp: "2026-11-21T10:00:00.000Z", locked: false },
    applied_tags: [],
  };
}
