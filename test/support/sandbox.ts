import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox } from '../../bot/sandbox/start-sandbox.js';
import type { ApiCallRecord, DeliveryRecord, MessageView } from '../../bot/sandbox/emulator/types.js';
import { sharedTestLake } from './test-lake.js';

export interface TestSandbox extends RunningSandbox {
  dataDir: string;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<{ status: number; body: T }>;
  messages(channel: string): Promise<MessageView[]>;
  calls(): Promise<ApiCallRecord[]>;
  deliveries(): Promise<DeliveryRecord[]>;
  /** Polls until the predicate holds, failing with the last value seen. */
  waitFor<T>(read: () => Promise<T>, predicate: (value: T) => boolean, what: string, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** The whole sandbox on ephemeral ports with its own data directory, as `npm start` runs it. */
export async function startTestSandbox(env: Record<string, string> = {}): Promise<TestSandbox> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cia-test-'));
  const sandbox = await startSandbox({ CIA_SANDBOX_PORT: '0', CIA_BOT_PORT: '0', CIA_DATA_DIR: dataDir, CIA_LAKE_DIR: await sharedTestLake(), CIA_LOG_LEVEL: 'error', CIA_STREAM: 'off', ...env });
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${sandbox.sandboxUrl}${path}`);
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  const post = async <T>(path: string, body: unknown) => {
    const response = await fetch(`${sandbox.sandboxUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as T };
  };
  return {
    ...sandbox,
    dataDir,
    get,
    post,
    messages: (channel) => get<MessageView[]>(`/sandbox/api/messages?channel=${encodeURIComponent(channel)}`),
    calls: () => get<ApiCallRecord[]>('/sandbox/api/calls'),
    deliveries: () => get<DeliveryRecord[]>('/sandbox/api/deliveries'),
    async waitFor(read, predicate, what, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      let value = await read();
      while (!predicate(value)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(value).slice(0, 2000)}`);
        await new Promise((r) => setTimeout(r, 50));
        value = await read();
      }
      return value;
    },
    async stop() {
      await sandbox.jobs.idle();
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** All text of a message's blocks, for assertions on what a user reads. */
export function blockText(message: Pick<MessageView, 'blocks' | 'text'>): string {
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') texts.push(value);
        else walk(value);
      }
    }
  };
  walk(message.blocks);
  return texts.join('\n');
}
