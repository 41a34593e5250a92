import { createHmac, randomBytes } from 'node:crypto';
import type { DeliveryRecord } from './types.js';
import { validateBlocks } from './block-kit-validator.js';
import { findActionElement } from './find-action-element.js';
import { SANDBOX_TEAM, type Workspace } from './workspace.js';

/** Slack gives an app 3 s to acknowledge a command, a click or an event. */
const ACK_DEADLINE_MS = 3000;

export interface DeliveryOptions {
  /** The bot's request URL, e.g. http://127.0.0.1:3001/slack/events. */
  botUrl: string;
  signingSecret: string;
  /** The sandbox's own base URL, for response_urls. */
  sandboxUrl: string;
  apiAppId?: string;
}

interface ResponseTarget {
  channel: string;
  user: string;
  messageTs?: string;
  threadTs?: string;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Signs a request body the way Slack does (v0 HMAC-SHA256 over "v0:timestamp:body"). */
export function signSlackRequest(signingSecret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

/**
 * Delivers what users do — slash commands, messages, button clicks — to the bot's HTTP
 * endpoint, signed and shaped exactly as Slack sends them, and handles what the bot answers.
 */
export class Delivery {
  private readonly responseTargets = new Map<string, ResponseTarget>();
  private readonly appId: string;

  constructor(
    private readonly workspace: Workspace,
    private readonly options: DeliveryOptions,
  ) {
    this.appId = options.apiAppId ?? 'A0CIASANDBOX';
  }

  async command(input: { channel: unknown; user: unknown; command: unknown; text?: unknown; retries?: unknown }): Promise<{ status: number }> {
    const channel = this.requireChannel(input.channel);
    const user = this.requireUser(input.user);
    if (typeof input.command !== 'string' || !/^\/[a-z0-9_-]+$/i.test(input.command)) throw new DeliveryError('command must look like /cia');
    const text = typeof input.text === 'string' ? input.text : '';
    const retries = Math.max(0, Math.min(Number(input.retries ?? 0) || 0, 3));
    const form = new URLSearchParams({
      token: 'sandbox-verification-token', team_id: SANDBOX_TEAM.id, team_domain: SANDBOX_TEAM.domain,
      channel_id: channel.id, channel_name: channel.name, user_id: user.id, user_name: user.name,
      command: input.command, text, api_app_id: this.appId, is_enterprise_install: 'false',
      response_url: this.responseUrl({ channel: channel.id, user: user.id }), trigger_id: triggerId(),
    }).toString();
    let first = { status: 0 };
    for (let attempt = 0; attempt <= retries; attempt++) {
      const outcome = await this.post('command', form, 'application/x-www-form-urlencoded', attempt);
      if (attempt === 0) first = outcome;
      await this.applyInteractiveResponse(outcome, { channel: channel.id, user: user.id }, input.command);
    }
    return first;
  }

  async message(input: { channel: unknown; user: unknown; text: unknown; thread_ts?: unknown }): Promise<{ ts: string }> {
    const channel = this.requireChannel(input.channel);
    const user = this.requireUser(input.user);
    if (typeof input.text !== 'string' || input.text.trim() === '') throw new DeliveryError('text must be a non-empty string');
    const text = input.text.replace(new RegExp(`(^|\\s)@${this.workspace.bot.name}\\b`, 'gi'), `$1<@${this.workspace.bot.userId}>`);
    let threadTs: string | undefined;
    if (input.thread_ts !== undefined && input.thread_ts !== '') {
      const parent = this.workspace.getMessage(channel.id, String(input.thread_ts));
      if (!parent) throw new DeliveryError(`no message ${String(input.thread_ts)} in #${channel.name}`, 404);
      threadTs = parent.thread_ts ?? parent.ts;
    }
    const message = this.workspace.addMessage({ channel: channel.id, user: user.id, text, blocks: [], ...(threadTs ? { thread_ts: threadTs } : {}) });
    const parentUser = threadTs ? this.workspace.getMessage(channel.id, threadTs)?.user : undefined;
    const event = {
      user: user.id, text, ts: message.ts, channel: channel.id, event_ts: message.ts, team: SANDBOX_TEAM.id,
      ...(threadTs ? { thread_ts: threadTs, parent_user_id: parentUser } : {}),
    };
    // Slack sends both: app_mention for the mention, message.channels for every channel message.
    if (text.includes(`<@${this.workspace.bot.userId}>`)) await this.event({ type: 'app_mention', ...event });
    await this.event({ type: 'message', channel_type: 'channel', ...event });
    return { ts: message.ts };
  }

  /** The user opens the app's Home tab (app_home_opened). */
  async openHome(input: { user: unknown }): Promise<{ status: number }> {
    const user = this.requireUser(input.user);
    await this.event({ type: 'app_home_opened', user: user.id, channel: `D${user.id.slice(1)}`, tab: 'home', event_ts: (Date.now() / 1000).toFixed(6) });
    return { status: 200 };
  }

  async action(input: { channel: unknown; message_ts: unknown; action_id: unknown; value?: unknown; user: unknown }): Promise<{ status: number }> {
    const channel = this.requireChannel(input.channel);
    const user = this.requireUser(input.user);
    const message = this.workspace.getMessage(channel.id, String(input.message_ts ?? ''));
    if (!message) throw new DeliveryError(`no message ${String(input.message_ts)} in #${channel.name}`, 404);
    if (message.ephemeral && message.visible_to !== user.id) throw new DeliveryError('that message is not visible to this user', 403);
    const found = findActionElement(message.blocks, String(input.action_id ?? ''));
    if (!found) throw new DeliveryError(`the message has no element with action_id ${String(input.action_id)}`, 404);
    const { element, blockId } = found;
    const view = this.workspace.view(message);
    const payload = {
      type: 'block_actions',
      user: { id: user.id, username: user.name, name: user.name, team_id: SANDBOX_TEAM.id },
      api_app_id: this.appId, token: 'sandbox-verification-token', trigger_id: triggerId(),
      team: { id: SANDBOX_TEAM.id, domain: SANDBOX_TEAM.domain },
      container: { type: 'message', message_ts: message.ts, channel_id: channel.id, is_ephemeral: Boolean(message.ephemeral), ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}) },
      channel: { id: channel.id, name: channel.name },
      message: { type: 'message', ts: view.ts, text: view.text, blocks: view.blocks, user: view.user, bot_id: view.bot_id, thread_ts: view.thread_ts, reply_count: view.reply_count },
      state: { values: {} },
      response_url: this.responseUrl({ channel: channel.id, user: user.id, messageTs: message.ts, threadTs: message.thread_ts }),
      actions: [{
        type: element.type, action_id: element.action_id, block_id: blockId, text: element.text,
        value: typeof input.value === 'string' ? input.value : element.value, action_ts: (Date.now() / 1000).toFixed(6),
        ...(element.style ? { style: element.style } : {}),
      }],
    };
    const form = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const outcome = await this.post('action', form, 'application/x-www-form-urlencoded', 0);
    await this.applyInteractiveResponse(outcome, { channel: channel.id, user: user.id, messageTs: message.ts, threadTs: message.thread_ts }, 'the button');
    return { status: outcome.status };
  }

  /** A POST to a response_url the sandbox issued (what Bolt's respond() does). */
  respond(id: string, body: Record<string, unknown>): { ok: boolean; error?: string } {
    const target = this.responseTargets.get(id);
    if (!target) return { ok: false, error: 'expired_url' };
    this.workspace.recordCall({ method: 'response_url', at: Date.now(), ok: true, channel: target.channel, ...(target.messageTs ? { ts: target.messageTs } : {}) });
    const blocks = Array.isArray(body.blocks) ? body.blocks : [];
    if (blocks.length) {
      const verdict = validateBlocks(blocks, 'message');
      if (!verdict.ok) return { ok: false, error: verdict.error };
    }
    const text = typeof body.text === 'string' ? body.text : '';
    if (body.delete_original === true && target.messageTs) {
      this.workspace.deleteMessage(target.channel, target.messageTs);
      return { ok: true };
    }
    if (body.replace_original === true && target.messageTs) {
      this.workspace.updateMessage(target.channel, target.messageTs, { text, blocks });
      return { ok: true };
    }
    this.postResponse(target, { text, blocks, inChannel: body.response_type === 'in_channel' });
    return { ok: true };
  }

  /** Any request, signed or not, to exercise the bot's verification (an extension for tests). */
  async probe(body: string, headers: Record<string, string>): Promise<{ status: number }> {
    const started = Date.now();
    const response = await fetch(this.options.botUrl, { method: 'POST', body, headers });
    await response.text();
    this.record({ kind: 'probe', at: started, status: response.status, ms: Date.now() - started });
    return { status: response.status };
  }

  private async event(event: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify({
      token: 'sandbox-verification-token', team_id: SANDBOX_TEAM.id, api_app_id: this.appId, event,
      type: 'event_callback', event_id: `Ev${randomBytes(6).toString('hex').toUpperCase()}`, event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: SANDBOX_TEAM.id, user_id: this.workspace.bot.userId, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false, event_context: `sandbox-${randomBytes(4).toString('hex')}`,
    });
    await this.post('event', body, 'application/json', 0);
  }

  private async post(kind: DeliveryRecord['kind'], body: string, contentType: string, retryNum: number): Promise<{ status: number; body: string }> {
    const started = Date.now();
    const headers: Record<string, string> = { 'content-type': contentType, ...signSlackRequest(this.options.signingSecret, body) };
    if (retryNum > 0) Object.assign(headers, { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' });
    try {
      const response = await fetch(this.options.botUrl, { method: 'POST', body, headers, signal: AbortSignal.timeout(ACK_DEADLINE_MS) });
      const text = await response.text();
      this.record({ kind, at: started, status: response.status, ms: Date.now() - started, ...(retryNum ? { retry_num: retryNum } : {}) });
      return { status: response.status, body: text };
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      this.record({ kind, at: started, status: timedOut ? 408 : 502, ms: Date.now() - started, ...(retryNum ? { retry_num: retryNum } : {}) });
      return { status: timedOut ? 408 : 502, body: '' };
    }
  }

  /** What Slack shows after a command or click: the ack's body, or its error when the app failed. */
  private async applyInteractiveResponse(outcome: { status: number; body?: string }, target: ResponseTarget, what: string): Promise<void> {
    if (outcome.status === 408 || outcome.status >= 300) {
      const error = outcome.status === 408 ? 'operation_timeout' : 'dispatch_failed';
      this.postResponse(target, { text: `${what} failed with the error "${error}"`, blocks: [], inChannel: false, fromSlack: true });
      return;
    }
    if (!outcome.body) return;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(outcome.body);
    } catch {
      this.postResponse(target, { text: outcome.body, blocks: [], inChannel: false });
      return;
    }
    const blocks = Array.isArray(body.blocks) ? body.blocks : [];
    const verdict = blocks.length ? validateBlocks(blocks, 'message') : { ok: true as const };
    if (!verdict.ok) {
      this.postResponse(target, { text: `${what} failed with the error "${verdict.error}"`, blocks: [], inChannel: false, fromSlack: true });
      return;
    }
    if (typeof body.text === 'string' || blocks.length) this.postResponse(target, { text: String(body.text ?? ''), blocks, inChannel: body.response_type === 'in_channel' });
  }

  private postResponse(target: ResponseTarget, response: { text: string; blocks: unknown[]; inChannel: boolean; fromSlack?: boolean }): void {
    const { bot } = this.workspace;
    this.workspace.addMessage({
      channel: target.channel, text: response.text, blocks: response.blocks,
      ...(response.fromSlack ? { user: 'USLACKBOT' } : { user: bot.userId, bot_id: bot.botId }),
      ...(response.inChannel ? {} : { ephemeral: true, visible_to: target.user }),
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    });
  }

  private responseUrl(target: ResponseTarget): string {
    const id = randomBytes(12).toString('hex');
    this.responseTargets.set(id, target);
    return `${this.options.sandboxUrl}/sandbox/response/${id}`;
  }

  private record(delivery: DeliveryRecord): void {
    this.workspace.recordDelivery(delivery);
  }

  private requireChannel(value: unknown) {
    const channel = this.workspace.findChannel(value);
    if (!channel) throw new DeliveryError(`unknown channel ${JSON.stringify(value)}; known: ${this.workspace.channels.map((c) => c.name).join(', ')}`, 404);
    return channel;
  }

  private requireUser(value: unknown) {
    const user = this.workspace.findUser(value);
    if (!user || user.is_bot) throw new DeliveryError(`unknown user ${JSON.stringify(value)}; known: ${this.workspace.users.filter((u) => !u.is_bot).map((u) => u.id).join(', ')}`, 404);
    return user;
  }
}

function triggerId(): string {
  return `${Date.now()}.${randomBytes(8).toString('hex')}`;
}
