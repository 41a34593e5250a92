import { EventEmitter } from 'node:events';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ApiCallRecord, DeliveryRecord, MessageView, SandboxChannel, SandboxEvent, SandboxUser, ThreadStatus } from './types.js';

export interface BotIdentity {
  userId: string;
  botId: string;
  name: string;
  token: string;
}

interface StoredMessage extends Omit<MessageView, 'reply_count' | 'edits' | 'deleted'> {
  edits: number;
  deleted: boolean;
}

export const SANDBOX_TEAM = { id: 'T0SANDBOX', name: 'cia sandbox', domain: 'cia-sandbox' } as const;

const DEFAULT_CHANNELS: SandboxChannel[] = [
  { id: 'C01GENERAL', name: 'general' },
  { id: 'C02ONCALL', name: 'oncall' },
];

/** Human users in different time zones, so time expressions are exercised as in a real team. */
const DEFAULT_USERS: SandboxUser[] = [
  { id: 'U01ALICE', name: 'alice', real_name: 'Alice Martin', tz: 'Europe/Berlin', is_bot: false },
  { id: 'U02BOB', name: 'bob', real_name: 'Bob Chen', tz: 'America/New_York', is_bot: false },
  { id: 'U03CAROL', name: 'carol', real_name: 'Carol Okafor', tz: 'Asia/Tokyo', is_bot: false },
];

/**
 * The emulated workspace's state: channels, users, messages and the record of every call and
 * delivery. Changes are announced on `events` so the page updates live. With a journal file,
 * each change of a message is appended to it (the whole message, one JSON line) before it is
 * announced, and a new workspace replays it: the sandbox's Slack survives a restart, a SIGKILL
 * included.
 */
export class Workspace {
  readonly events = new EventEmitter();
  readonly channels: SandboxChannel[] = DEFAULT_CHANNELS.map((c) => ({ ...c }));
  readonly users: SandboxUser[];
  readonly calls: ApiCallRecord[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  private readonly messages = new Map<string, StoredMessage>();
  private readonly statuses = new Map<string, ThreadStatus>();
  private readonly homeViews = new Map<string, unknown>();
  private lastTs = 0;

  constructor(
    readonly bot: BotIdentity,
    private readonly journal?: string,
  ) {
    this.events.setMaxListeners(0);
    this.users = [...DEFAULT_USERS.map((u) => ({ ...u })), { id: bot.userId, name: bot.name, real_name: bot.name, tz: 'UTC', is_bot: true }];
    if (journal) this.replay(journal);
  }

  /** Reads the journal back (the last line of a message wins; a line cut by a crash is skipped), then compacts it. */
  private replay(path: string): void {
    mkdirSync(dirname(path), { recursive: true });
    if (!existsSync(path)) return;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      let message: StoredMessage;
      try {
        message = JSON.parse(line) as StoredMessage;
      } catch {
        continue;
      }
      this.messages.set(key(message.channel, message.ts), message);
      const [seconds, micros = '0'] = message.ts.split('.');
      this.lastTs = Math.max(this.lastTs, Number(seconds) * 1e6 + Number(micros));
    }
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, [...this.messages.values()].map((m) => `${JSON.stringify(m)}\n`).join(''));
    renameSync(partial, path);
  }

  /** Accepts a channel id, a name or `#name`, as Slack does for chat.postMessage. */
  findChannel(idOrName: unknown): SandboxChannel | undefined {
    if (typeof idOrName !== 'string') return undefined;
    const name = idOrName.replace(/^#/, '');
    return this.channels.find((c) => c.id === idOrName || c.name === name);
  }

  findUser(id: unknown): SandboxUser | undefined {
    return this.users.find((u) => u.id === id || u.name === id);
  }

  /** Slack timestamps: unique, increasing, "seconds.micro". */
  nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.lastTs + 1);
    this.lastTs = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  getMessage(channel: string, ts: string): StoredMessage | undefined {
    const message = this.messages.get(key(channel, ts));
    return message && !message.deleted ? message : undefined;
  }

  addMessage(message: Omit<StoredMessage, 'ts' | 'edits' | 'deleted'>): StoredMessage {
    const stored: StoredMessage = { ...message, ts: this.nextTs(), edits: 0, deleted: false };
    this.messages.set(key(stored.channel, stored.ts), stored);
    this.announce(stored);
    if (stored.thread_ts && stored.thread_ts !== stored.ts) {
      const parent = this.getMessage(stored.channel, stored.thread_ts);
      if (parent) this.announce(parent);
      // As in Slack, the app's reply in a thread clears its "is thinking…" status there.
      const status = this.statuses.get(key(stored.channel, stored.thread_ts));
      if (stored.bot_id && !stored.ephemeral && status?.status) this.setThreadStatus({ ...status, status: '' });
    }
    return stored;
  }

  updateMessage(channel: string, ts: string, change: { text?: string; blocks?: unknown[] }): StoredMessage | undefined {
    const message = this.getMessage(channel, ts);
    if (!message) return undefined;
    if (change.text !== undefined) message.text = change.text;
    if (change.blocks !== undefined) message.blocks = change.blocks;
    message.edits += 1;
    this.announce(message);
    return message;
  }

  deleteMessage(channel: string, ts: string): boolean {
    const message = this.getMessage(channel, ts);
    if (!message) return false;
    message.deleted = true;
    this.announce(message);
    return true;
  }

  addReaction(channel: string, ts: string, name: string, user: string): 'ok' | 'message_not_found' | 'already_reacted' {
    const message = this.getMessage(channel, ts);
    if (!message) return 'message_not_found';
    const reactions = (message.reactions ??= []);
    let reaction = reactions.find((r) => r.name === name);
    if (!reaction) reactions.push((reaction = { name, users: [] }));
    if (reaction.users.includes(user)) return 'already_reacted';
    reaction.users.push(user);
    this.announce(message);
    return 'ok';
  }

  /** Every message of a channel in ts order, thread replies and ephemeral messages included. */
  channelMessages(channel: string): MessageView[] {
    return [...this.messages.values()]
      .filter((m) => m.channel === channel && !m.deleted)
      .sort((a, b) => compareTs(a.ts, b.ts))
      .map((m) => this.view(m));
  }

  /** The parent and its replies, oldest first (conversations.replies). */
  thread(channel: string, threadTs: string): MessageView[] {
    return this.channelMessages(channel).filter((m) => !m.ephemeral && (m.ts === threadTs || m.thread_ts === threadTs));
  }

  setThreadStatus(status: ThreadStatus): void {
    this.statuses.set(key(status.channel, status.thread_ts), status);
    this.emit({ type: 'status', status });
  }

  threadStatuses(): ThreadStatus[] {
    return [...this.statuses.values()].filter((s) => s.status !== '');
  }

  publishHome(user: string, view: unknown): void {
    this.homeViews.set(user, view);
    this.emit({ type: 'home', user, view });
  }

  homeView(user: string): unknown {
    return this.homeViews.get(user);
  }

  recordCall(call: ApiCallRecord): void {
    this.calls.push(call);
  }

  recordDelivery(delivery: DeliveryRecord): void {
    this.deliveries.push(delivery);
  }

  view(message: StoredMessage): MessageView {
    const { deleted, ...rest } = message;
    const replyCount = message.thread_ts && message.thread_ts !== message.ts
      ? 0
      : [...this.messages.values()].filter((m) => !m.deleted && !m.ephemeral && m.channel === message.channel && m.thread_ts === message.ts && m.ts !== message.ts).length;
    return { ...rest, reply_count: replyCount, ...(deleted ? { deleted } : {}) };
  }

  private announce(message: StoredMessage): void {
    if (this.journal) appendFileSync(this.journal, `${JSON.stringify(message)}\n`);
    this.emit({ type: 'message', message: this.view(message) });
  }

  private emit(event: SandboxEvent): void {
    this.events.emit('event', event);
  }
}

function key(channel: string, ts: string): string {
  return `${channel}/${ts}`;
}

export function compareTs(a: string, b: string): number {
  const [as, am = '0'] = a.split('.');
  const [bs, bm = '0'] = b.split('.');
  return Number(as) - Number(bs) || Number(am) - Number(bm);
}
