// A support panel's ticket is worked in a private thread of its own with the customer. What the
// deliveries need of it: which ticket has one (for a survey a customer takes no DM for), and opening
// it again when it is locked (by a moderator: closing a ticket only archives it) and an agent writes
// to the customer later.
// @see https://discord.com/developers/docs/topics/threads#archiving-and-locking
import { ChannelType, RateLimitError, Routes, type APIChannel, type REST } from "discord.js";
import { customerOriginOf, type CoreDeps } from "../../core/index.js";
import { call, deliveryFailure } from "./rest.js";

export function privateThreads(deps: Pick<CoreDeps, "db" | "catalog">, rest: REST) {
  return {
    /** The private thread a ticket is worked in with its customer, or null (a channel everyone reads is not one). */
    async of(ticketId: number): Promise<string | null> {
      const origin = await customerOriginOf(deps, "discord", ticketId);
      if (!origin) return null;
      const id = origin.threadId ?? origin.channelId;
      const channel = await call<APIChannel>(`GET channel ${id}`, () => rest.get(Routes.channel(id)));
      return channel.type === ChannelType.PrivateThread ? id : null;
    },

    /**
     * Opens a customer's private thread again when it is locked, so they
     * can answer what is posted next (and, answering, reopen the ticket). Best effort: what is to be
     * posted goes in whatever this finds, and a thread it cannot read or change is left as it is;
     * only a rate limit is handed back, to try again later.
     */
    async reopen(id: string): Promise<void> {
      try {
        const channel = (await rest.get(Routes.channel(id))) as APIChannel;
        if (channel.type !== ChannelType.PrivateThread || !channel.thread_metadata?.locked) return;
        await rest.patch(Routes.channel(id), { body: { archived: false, locked: false } });
      } catch (e) {
        if (e instanceof RateLimitError) throw deliveryFailure("GET reply thread", e);
      }
    },
  };
}
