import { SLACK_LIMITS } from '../../../blocks/limits.js';
import { validateBlocks, type Surface } from './block-kit-validator.js';
import type { FaultRegistry } from './faults.js';
import { SANDBOX_TEAM, type Workspace } from './workspace.js';

type Args = Record<string, unknown>;
type Result = Record<string, unknown>;

/** A Slack platform error: HTTP 200 with `{ok:false, error}`. */
class SlackError extends Error {
  constructor(
    readonly error: string,
    readonly extra: Result = {},
  ) {
    super(error);
  }
}

export interface WebApiResponse {
  status: number;
  headers: Record<string, string>;
  body: Result;
}

/** Arguments Slack takes as JSON strings inside form-encoded bodies. */
const JSON_ARGS = ['blocks', 'attachments', 'view', 'metadata', 'loading_messages'];

/**
 * The Slack Web API methods the bot uses, answering as Slack does: same argument handling,
 * same validation and error names, same response shapes.
 */
export class WebApi {
  private readonly methods: Record<string, (args: Args) => Result> = {
    'auth.test': () => this.authTest(),
    'chat.postMessage': (a) => this.postMessage(a),
    'chat.update': (a) => this.update(a),
    'chat.postEphemeral': (a) => this.postEphemeral(a),
    'chat.delete': (a) => this.deleteMessage(a),
    'chat.getPermalink': (a) => this.permalink(a),
    'conversations.replies': (a) => this.replies(a),
    'conversations.history': (a) => this.history(a),
    'conversations.info': (a) => ({ channel: this.channelInfo(this.channel(a.channel)) }),
    'reactions.add': (a) => this.addReaction(a),
    'users.info': (a) => this.userInfo(a),
    'views.publish': (a) => this.publishView(a),
    'views.open': (a) => this.openView(a),
    'assistant.threads.setStatus': (a) => this.setStatus(a),
  };

  constructor(
    private readonly workspace: Workspace,
    private readonly faults: FaultRegistry,
    private readonly baseUrl: string,
  ) {}

  call(method: string, rawArgs: Args, authorization: string | undefined): WebApiResponse {
    const at = Date.now();
    const args = decodeArgs(rawArgs);
    const where = { channel: stringArg(args.channel ?? args.channel_id), ts: stringArg(args.ts), thread_ts: stringArg(args.thread_ts) };
    const fault = this.faults.take(method);
    if (fault) {
      const error = fault.status === 429 ? 'ratelimited' : `http_${fault.status}`;
      this.workspace.recordCall({ method, at, ok: false, error, ...compact(where) });
      const headers: Record<string, string> = fault.status === 429 ? { 'retry-after': String(fault.retryAfter ?? 1) } : {};
      return { status: fault.status, headers, body: { ok: false, error } };
    }
    let body: Result;
    try {
      body = { ok: true, ...this.dispatch(method, args, authorization) };
    } catch (error) {
      if (!(error instanceof SlackError)) throw error;
      body = { ok: false, error: error.error, ...error.extra };
    }
    const ts = method === 'chat.postMessage' || method === 'chat.postEphemeral' ? stringArg(body.ts ?? body.message_ts) : where.ts;
    this.workspace.recordCall({ method, at, ok: body.ok === true, ...(body.ok ? {} : { error: String(body.error) }), ...compact({ ...where, ts }) });
    return { status: 200, headers: {}, body };
  }

  private dispatch(method: string, args: Args, authorization: string | undefined): Result {
    const handler = this.methods[method];
    if (!handler) throw new SlackError('unknown_method');
    const token = authorization?.replace(/^Bearer\s+/i, '') ?? (typeof args.token === 'string' ? args.token : undefined);
    if (!token) throw new SlackError('not_authed');
    if (token !== this.workspace.bot.token) throw new SlackError('invalid_auth');
    return handler(args);
  }

  private authTest(): Result {
    const { bot } = this.workspace;
    return { url: `${this.baseUrl}/`, team: SANDBOX_TEAM.name, user: bot.name, team_id: SANDBOX_TEAM.id, user_id: bot.userId, bot_id: bot.botId, is_enterprise_install: false };
  }

  private postMessage(args: Args): Result {
    const channel = this.channel(args.channel);
    const { text, blocks } = this.content(args, 'message');
    const threadTs = this.threadTs(channel, args.thread_ts);
    const message = this.workspace.addMessage({ channel, text, blocks, user: this.workspace.bot.userId, bot_id: this.workspace.bot.botId, ...(threadTs ? { thread_ts: threadTs } : {}) });
    return { channel, ts: message.ts, message: slackMessage(this.workspace.view(message)), ...textWarning(args) };
  }

  private update(args: Args): Result {
    const channel = this.channel(args.channel);
    const ts = requireString(args, 'ts', 'message_not_found');
    const existing = this.workspace.getMessage(channel, ts);
    if (!existing || existing.ephemeral) throw new SlackError('message_not_found');
    if (existing.bot_id !== this.workspace.bot.botId) throw new SlackError('cant_update_message');
    const change: { text?: string; blocks?: unknown[] } = {};
    if (args.blocks !== undefined) change.blocks = this.checkedBlocks(args.blocks, 'message');
    if (args.text !== undefined) change.text = clampText(String(args.text));
    if (change.text === undefined && change.blocks === undefined) throw new SlackError('no_text');
    const message = this.workspace.updateMessage(channel, ts, change)!;
    return { channel, ts, text: message.text, message: slackMessage(this.workspace.view(message)) };
  }

  private postEphemeral(args: Args): Result {
    const channel = this.channel(args.channel);
    const user = this.workspace.findUser(args.user);
    if (!user) throw new SlackError('user_not_found');
    const { text, blocks } = this.content(args, 'message');
    const threadTs = this.threadTs(channel, args.thread_ts);
    const message = this.workspace.addMessage({ channel, text, blocks, user: this.workspace.bot.userId, bot_id: this.workspace.bot.botId, ephemeral: true, visible_to: user.id, ...(threadTs ? { thread_ts: threadTs } : {}) });
    return { message_ts: message.ts };
  }

  private deleteMessage(args: Args): Result {
    const channel = this.channel(args.channel);
    const ts = requireString(args, 'ts', 'message_not_found');
    const message = this.workspace.getMessage(channel, ts);
    if (!message) throw new SlackError('message_not_found');
    if (message.bot_id !== this.workspace.bot.botId) throw new SlackError('cant_delete_message');
    this.workspace.deleteMessage(channel, ts);
    return { channel, ts };
  }

  private permalink(args: Args): Result {
    const channel = this.channel(args.channel);
    const ts = requireString(args, 'message_ts', 'message_not_found');
    if (!this.workspace.getMessage(channel, ts)) throw new SlackError('message_not_found');
    return { channel, permalink: `${this.baseUrl}/#/${channel}/p${ts.replace('.', '')}` };
  }

  private replies(args: Args): Result {
    const channel = this.channel(args.channel);
    const ts = requireString(args, 'ts', 'thread_not_found');
    const messages = this.workspace.thread(channel, ts);
    if (messages.length === 0) throw new SlackError('thread_not_found');
    return paginate(messages.map(slackMessage), args, 1000);
  }

  private history(args: Args): Result {
    const channel = this.channel(args.channel);
    const topLevel = this.workspace.channelMessages(channel).filter((m) => !m.ephemeral && (!m.thread_ts || m.thread_ts === m.ts));
    const within = topLevel.filter((m) => (!args.oldest || m.ts > String(args.oldest)) && (!args.latest || m.ts < String(args.latest)));
    return paginate(within.reverse().map(slackMessage), args, 1000);
  }

  private addReaction(args: Args): Result {
    const channel = this.channel(args.channel);
    const outcome = this.workspace.addReaction(channel, requireString(args, 'timestamp', 'no_item_specified'), requireString(args, 'name', 'invalid_name'), this.workspace.bot.userId);
    if (outcome !== 'ok') throw new SlackError(outcome);
    return {};
  }

  private userInfo(args: Args): Result {
    const user = this.workspace.findUser(args.user);
    if (!user) throw new SlackError('user_not_found');
    const offsetSeconds = zoneOffsetSeconds(user.tz);
    return {
      user: {
        id: user.id, team_id: SANDBOX_TEAM.id, name: user.name, real_name: user.real_name, is_bot: user.is_bot,
        tz: user.tz, tz_label: user.tz, tz_offset: offsetSeconds, profile: { real_name: user.real_name, display_name: user.name },
      },
    };
  }

  private publishView(args: Args): Result {
    const user = this.workspace.findUser(args.user_id);
    if (!user) throw new SlackError('user_not_found');
    const view = this.checkedView(args.view, 'home');
    this.workspace.publishHome(user.id, view);
    return { view: { id: `V${Date.now()}`, ...view } };
  }

  private openView(args: Args): Result {
    if (typeof args.trigger_id !== 'string' || !args.trigger_id) throw new SlackError('invalid_trigger_id');
    const view = this.checkedView(args.view, 'modal');
    return { view: { id: `V${Date.now()}`, ...view } };
  }

  private setStatus(args: Args): Result {
    const channel = this.channel(args.channel_id);
    const threadTs = requireString(args, 'thread_ts', 'invalid_arguments');
    if (typeof args.status !== 'string') throw new SlackError('invalid_arguments');
    this.workspace.setThreadStatus({ channel, thread_ts: threadTs, status: args.status });
    return {};
  }

  private channel(value: unknown): string {
    const channel = this.workspace.findChannel(value);
    if (!channel) throw new SlackError('channel_not_found');
    return channel.id;
  }

  private channelInfo(id: string): Result {
    const channel = this.workspace.channels.find((c) => c.id === id)!;
    return { id: channel.id, name: channel.name, is_channel: true, is_member: true };
  }

  private threadTs(channel: string, value: unknown): string | undefined {
    if (value === undefined || value === '') return undefined;
    const parent = this.workspace.getMessage(channel, String(value));
    if (!parent) throw new SlackError('thread_not_found');
    // A reply to a reply joins the parent's thread, as in Slack.
    return parent.thread_ts ?? parent.ts;
  }

  private content(args: Args, surface: Surface): { text: string; blocks: unknown[] } {
    const blocks = args.blocks === undefined ? [] : this.checkedBlocks(args.blocks, surface);
    const text = typeof args.text === 'string' ? clampText(args.text) : '';
    if (!text && blocks.length === 0) throw new SlackError('no_text');
    return { text, blocks };
  }

  private checkedBlocks(blocks: unknown, surface: Surface): unknown[] {
    const verdict = validateBlocks(blocks, surface);
    if (!verdict.ok) throw new SlackError(verdict.error, { response_metadata: { messages: verdict.messages } });
    return blocks as unknown[];
  }

  private checkedView(view: unknown, surface: Surface): Result {
    if (!view || typeof view !== 'object') throw new SlackError('invalid_arguments');
    const { type, blocks } = view as Result;
    if (type !== (surface === 'home' ? 'home' : 'modal')) throw new SlackError('invalid_arguments', { response_metadata: { messages: [`[ERROR] must be ${surface === 'home' ? 'home' : 'modal'} [json-pointer:/view/type]`] } });
    this.checkedBlocks(blocks ?? [], surface);
    return view as Result;
  }
}

function decodeArgs(raw: Args): Args {
  const args: Args = { ...raw };
  for (const name of JSON_ARGS) {
    const value = args[name];
    if (typeof value !== 'string') continue;
    try {
      args[name] = JSON.parse(value);
    } catch {
      throw new SlackError(name === 'blocks' ? 'invalid_blocks_format' : 'invalid_arguments');
    }
  }
  return args;
}

function clampText(text: string): string {
  return text.length > SLACK_LIMITS.messageText ? text.slice(0, SLACK_LIMITS.messageText) : text;
}

function textWarning(args: Args): Result {
  return typeof args.text === 'string' && args.text.length > SLACK_LIMITS.messageText ? { warning: 'message_truncated' } : {};
}

function requireString(args: Args, name: string, error: string): string {
  const value = args[name];
  if (typeof value !== 'string' || value === '') throw new SlackError(error);
  return value;
}

function stringArg(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function compact<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The message object Slack returns from the Web API. */
function slackMessage(message: { ts: string; text: string; blocks: unknown[]; user?: string; bot_id?: string; thread_ts?: string; reply_count: number; edits: number }): Result {
  return compact({
    type: 'message', ts: message.ts, text: message.text, user: message.user, bot_id: message.bot_id, thread_ts: message.thread_ts,
    blocks: message.blocks.length ? message.blocks : undefined, reply_count: message.reply_count || undefined,
    edited: message.edits ? { user: message.user, ts: message.ts } : undefined, team: SANDBOX_TEAM.id,
  });
}

function paginate(items: Result[], args: Args, maxLimit: number): Result {
  const limit = Math.min(Number(args.limit) || 100, maxLimit);
  const offset = Number(String(args.cursor ?? '').replace(/^offset:/, '')) || 0;
  const page = items.slice(offset, offset + limit);
  const more = offset + limit < items.length;
  return { messages: page, has_more: more, response_metadata: { next_cursor: more ? `offset:${offset + limit}` : '' } };
}

function zoneOffsetSeconds(timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date());
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60);
}
