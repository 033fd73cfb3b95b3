// `/ticket connect [company domain]` and `/ticket disconnect`, typed by an admin inside a channel:
// it becomes (or stops being) a customer channel. They act on the channel they are typed in, which
// the catalogue's subcommands are not told, so they are taken before the `/ticket` router, as a
// middleware that lets every other subcommand through untouched.
// @see https://api.slack.com/interactivity/slash-commands#app_command_handling
import type { Middleware, AnyMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { agentInCustomerChannel } from "./customer-profile.js";
import { errorText, refusalText, slackReader, type SlackContext, speech } from "./context.js";
import type { CustomerChannelSettings } from "./customer-channels.js";
import type { ExtraSubcommand } from "./render.js";
import { connectCustomerChannel, disconnectCustomerChannel, msg, type Msg } from "../../core/index.js";

/** How `/ticket help` lists the two (they are not catalogue actions). */
export const connectHelp: readonly ExtraSubcommand[] = [
  { usage: "connect", placeholder: msg("customers.helpConnectPlaceholder"), description: msg("customers.helpConnect") },
  { usage: "disconnect", description: msg("customers.helpDisconnect") },
];

/** The `/ticket connect|disconnect` middleware; anything else goes on to the router. */
export function connectCommand(ctx: SlackContext, settings: CustomerChannelSettings, command = "/ticket"): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as Partial<SlackCommandMiddlewareArgs["command"]>;
    const words = typeof body.text === "string" ? body.text.trim().split(/\s+/).filter(Boolean) : [];
    const sub = words[0]?.toLowerCase();
    if (body.command !== command || (sub !== "connect" && sub !== "disconnect")) return args.next();
    const { ack, respond } = args as unknown as Pick<SlackCommandMiddlewareArgs, "ack" | "respond">;
    await ack();
    const userId = String(body.user_id);
    const channel = String(body.channel_id ?? "");
    const tell = (text: string) => respond({ response_type: "ephemeral", text });
    // The workspace a command comes from is the user's: one other than ours is no agent's.
    const actor = await agentInCustomerChannel(ctx, args.client, { id: userId, teamId: body.team_id, requestTeamId: body.team_id });
    if (!actor) return void (await tell(refusalText(ctx, userId)));
    const { say } = speech(ctx, userId);
    const where = `<#${channel}>`;
    const notice = (m: Msg, look = ":information_source:") => tell(`${look} ${say(m)}`);
    if (!/^[CG]/.test(channel)) return void (await notice(msg("customers.notAChannel"), ":warning:"));
    if (settings.triage.includes(channel)) return void (await notice(msg("customers.triageChannel", { channel: where }), ":no_entry:"));
    if (settings.configured.some((c) => c.channel === channel))
      return void (await notice(msg("customers.inConfiguration", { channel: where })));
    try {
      if (sub === "disconnect") {
        const gone = await disconnectCustomerChannel(ctx.deps, { surface: "slack", channelId: channel }, actor);
        return void (await notice(
          gone ? msg("customers.disconnected", { channel: where }) : msg("customers.notConnected", { channel: where }),
        ));
      }
      const { channel: made, created } = await connectCustomerChannel(
        ctx.deps,
        { surface: "slack", channelId: channel, company: words[1] ?? null },
        actor,
      );
      const said = created
        ? msg("customers.connected", { channel: where, company: made.company })
        : msg("customers.alreadyConnected", { channel: where });
      await notice(said, ":white_check_mark:");
    } catch (e) {
      await tell(errorText(ctx, e, slackReader(userId)));
    }
  };
}
