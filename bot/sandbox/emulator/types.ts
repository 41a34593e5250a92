/** Shapes the sandbox shares between the emulator, its test API (DESIGN §6.3) and the web page. */

export interface SandboxChannel {
  id: string;
  name: string;
}

export interface SandboxUser {
  id: string;
  name: string;
  real_name: string;
  tz: string;
  is_bot: boolean;
}

/** A message as the test API and the page see it. */
export interface MessageView {
  channel: string;
  ts: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  text: string;
  blocks: unknown[];
  /** How many chat.update calls edited it. */
  edits: number;
  reply_count: number;
  ephemeral?: boolean;
  /** For ephemeral messages: the only user who sees it. */
  visible_to?: string;
  reactions?: { name: string; users: string[] }[];
  deleted?: boolean;
}

/** One Web API call the bot made (DESIGN §6.3 GET /sandbox/api/calls). */
export interface ApiCallRecord {
  method: string;
  at: number;
  ok: boolean;
  error?: string;
  channel?: string;
  ts?: string;
  thread_ts?: string;
}

/** One request the sandbox delivered to the bot, with how long the bot took to answer (the ack). */
export interface DeliveryRecord {
  kind: 'command' | 'event' | 'action' | 'probe';
  at: number;
  status: number;
  ms: number;
  retry_num?: number;
}

/** A thread's "is thinking…" status (assistant.threads.setStatus). */
export interface ThreadStatus {
  channel: string;
  thread_ts: string;
  status: string;
}

/** What the page's live stream (GET /sandbox/api/stream, server-sent events) carries. */
export type SandboxEvent =
  | { type: 'message'; message: MessageView }
  | { type: 'status'; status: ThreadStatus }
  | { type: 'home'; user: string; view: unknown };
