import type { MessageView, SandboxChannel, SandboxEvent, SandboxUser, ThreadStatus } from '../emulator/types.js';

/** GET /sandbox/api/info */
export interface SandboxInfo {
  team: { id: string; name: string };
  bot: { user_id: string; bot_id: string; name: string };
}

const BASE = '/sandbox/api';

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${BASE}${path}`, init);
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (body as { error?: unknown } | undefined)?.error;
    throw new Error(typeof error === 'string' ? error : `${response.status} ${response.statusText}`);
  }
  return body as T;
}

function post<T>(path: string, payload: object): Promise<T> {
  return request<T>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
}

export const api = {
  info: () => request<SandboxInfo>('/info'),
  channels: () => request<SandboxChannel[]>('/channels'),
  users: () => request<SandboxUser[]>('/users'),
  statuses: () => request<ThreadStatus[]>('/statuses'),
  messages: (channel: string) => request<MessageView[]>(`/messages?channel=${encodeURIComponent(channel)}`),
  postMessage: (payload: { channel: string; user: string; text: string; thread_ts?: string }) =>
    post<{ ts: string }>('/message', payload),
  runCommand: (payload: { channel: string; user: string; command: string; text: string }) =>
    post<unknown>('/command', payload),
  clickAction: (payload: { channel: string; message_ts: string; action_id: string; value?: string; user: string }) =>
    post<unknown>('/action', payload),
};

/** Live updates; EventSource reconnects by itself, and onReconnect lets the caller catch up on what it missed. */
export function subscribe(onEvent: (event: SandboxEvent) => void, onReconnect: () => void): () => void {
  const source = new EventSource(`${BASE}/stream`);
  let lostConnection = false;
  source.onerror = () => {
    lostConnection = true;
  };
  source.onopen = () => {
    if (lostConnection) onReconnect();
    lostConnection = false;
  };
  source.onmessage = (message: MessageEvent<string>) => {
    onEvent(JSON.parse(message.data) as SandboxEvent);
  };
  return () => source.close();
}
