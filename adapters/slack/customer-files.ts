// A customer's files shared in a customer channel: kept on the ticket's first message the way an
// email's attachments are (the card's thread lists each with its size, a link when it was kept,
// and says when it was too large to keep). Slack hands a file's content over only with the bot's
// token (files:read); a file it will not hand over, or one too large, is kept by name and size.
// The token goes to Slack's own file host only: a remote file (one an app registered with
// files.remote.add) names any address its app chose, and a redirect could lead anywhere, so those
// are kept by name too, never fetched with the token.
// @see https://api.slack.com/types/file
// @see https://api.slack.com/types/file#authentication
// @see https://api.slack.com/messaging/files/remote
import type { SlackContext } from "./context.js";
import type { OpenChannelTicketInput } from "../../core/index.js";

/** The fields of a file in a `message` event read here. */
export interface SlackFile {
  id: string;
  name?: string;
  title?: string;
  mimetype?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
  /** "hosted", "external" (a remote file), "snippet", "post"… */
  mode?: string;
  /** A file hosted somewhere other than Slack. */
  is_external?: boolean;
}

/** The only origin the bot's token is ever sent to. */
const slackFileOrigin = "https://files.slack.com";

/** How many redirects within Slack's file host a download follows. */
const maxRedirects = 3;

/** Whether `url` is on Slack's file host (exactly: no look-alike host, no other scheme or port). */
export function onSlackFileHost(url: string): boolean {
  try {
    return new URL(url).origin === slackFileOrigin;
  } catch {
    return false;
  }
}

export type CustomerAttachment = NonNullable<OpenChannelTicketInput["attachments"]>[number];

/** Files larger than this are kept by name and size only, as an email's are by default. */
export const customerFileMaxBytes = 10 * 1024 * 1024;

/** How long one file's download may take before it is kept by name and size only. */
const downloadTimeoutMs = 15_000;

/** A file's name as the customer sees it in Slack; null when the event does not say (a file of another workspace may come as its id only). */
export const fileName = (f: SlackFile): string | null => f.name?.trim() || f.title?.trim() || null;

/** The files as attachments, each with its content when Slack gives it and it is small enough. */
export async function customerAttachments(
  ctx: SlackContext,
  token: string | undefined,
  files: readonly SlackFile[],
  maxBytes = customerFileMaxBytes,
): Promise<CustomerAttachment[]> {
  const out: CustomerAttachment[] = [];
  for (const f of files) {
    const contentType = f.mimetype || "application/octet-stream";
    const content = (f.size ?? 0) <= maxBytes ? await download(ctx, token, f, contentType, maxBytes) : null;
    out.push({ filename: fileName(f) ?? f.id, contentType, size: content?.byteLength ?? f.size ?? 0, content });
  }
  return out;
}

async function download(
  ctx: SlackContext,
  token: string | undefined,
  f: SlackFile,
  contentType: string,
  maxBytes: number,
): Promise<Uint8Array | null> {
  const first = f.url_private_download ?? f.url_private;
  if (!first || !token) return null;
  const failed = (why: string) => {
    ctx.log.warn("slack file not downloaded; kept by name and size", { file: f.id, why });
    return null;
  };
  if (f.is_external || f.mode === "external") return failed("a remote file, not hosted by Slack");
  try {
    const signal = AbortSignal.timeout(downloadTimeoutMs);
    let url = first;
    let res: Response | null = null;
    for (let hop = 0; hop <= maxRedirects; hop++) {
      if (!onSlackFileHost(url)) return failed("not on Slack's file host");
      // Redirects are followed here, not by fetch, so the token never follows one off Slack's host.
      res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, redirect: "manual", signal });
      const next = res.status >= 300 && res.status < 400 ? res.headers.get("location") : null;
      if (next === null) break;
      await res.body?.cancel();
      url = new URL(next, url).toString();
      res = null;
    }
    if (!res) return failed("too many redirects");
    if (!res.ok) return failed(`HTTP ${res.status}`);
    // Without files:read Slack answers with its sign-in page, not the file.
    const type = res.headers.get("content-type") ?? "";
    if (type.startsWith("text/html") && !contentType.startsWith("text/html")) return failed("answered with a web page");
    const body = new Uint8Array(await res.arrayBuffer());
    return body.byteLength <= maxBytes ? body : null;
  } catch (e) {
    return failed(e instanceof Error ? e.message : String(e));
  }
}
