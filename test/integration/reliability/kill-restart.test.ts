import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageView } from '../../../bot/sandbox/emulator/types.js';
import { blockText } from '../../support/sandbox.js';
import { sharedTestLake } from '../../support/test-lake.js';

/**
 * Durability (issue 7): `cia sandbox` killed with SIGKILL in the middle of an investigation and
 * started again on the same data directory loses no session, no message, and no investigation:
 * the interrupted one is run again to its end, and a follow-up in its thread keeps the context.
 */

const ALICE = 'U01ALICE';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Sandbox {
  child: ChildProcess;
  url: string;
  output: string[];
}

async function startSandboxProcess(env: Record<string, string>): Promise<Sandbox> {
  const child = spawn(process.execPath, ['bin/cia.js', 'sandbox'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the sandbox did not start: ${output.join('')}`)), 120_000);
    const read = (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /open\s+(http:\/\/\S+)/.exec(output.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}): ${output.join('')}`)));
  });
  return { child, url, output };
}

async function api<T>(sandbox: Sandbox, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandbox.url}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as T;
}

async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 1500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const progressOf = (all: MessageView[], root: MessageView) => all.filter((m) => m.thread_ts === root.ts && /Reading the question|⏳|✅|❌/.test(blockText(m)));

describe('SIGKILL mid-investigation, then a restart', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let running: Sandbox | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cia-kill-'));
    env = { CIA_DATA_DIR: dataDir, CIA_LAKE_DIR: await sharedTestLake(), CIA_SANDBOX_PORT: String(await freePort()), CIA_BOT_PORT: String(await freePort()), CIA_STREAM: 'off', CIA_LOG_LEVEL: 'error' };
  }, 120_000);

  afterAll(() => {
    running?.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no session, message or investigation, and answers the next follow-up in the thread', async () => {
    running = await startSandboxProcess(env);
    // The worker's first call waits 30 s on a rate limit: the investigation is certainly in flight when the process dies.
    await api(running, '/sandbox/api/faults', { target: 'assistant.threads.setStatus', status: 429, count: 1, retry_after: 30 });
    await api(running, '/sandbox/api/command', { channel: 'general', user: ALICE, command: '/cia', text: 'how many API calls failed in the last 3 days?' });
    const before = await waitFor(() => api<MessageView[]>(running!, '/sandbox/api/messages?channel=general'), (all) => all.some((m) => !m.thread_ts && m.bot_id) && all.some((m) => m.thread_ts && /Reading the question|⏳/.test(blockText(m))), 'the root and the running progress message');
    const root = before.find((m) => !m.thread_ts && m.bot_id)!;
    // The worker has the job (its first call came back rate-limited): the job is saved and in flight.
    await waitFor(() => api<Array<{ method: string; ok: boolean }>>(running!, '/sandbox/api/calls'), (calls) => calls.some((c) => c.method === 'assistant.threads.setStatus' && !c.ok), 'the worker\'s first call');
    expect(progressOf(before, root).every((p) => !/✅|❌/.test(blockText(p)))).toBe(true);

    running.child.kill('SIGKILL');
    await new Promise((resolve) => running!.child.once('exit', resolve));

    running = await startSandboxProcess(env);
    // The thread is still there, and the interrupted investigation is run again to its end.
    const resumed = await waitFor(
      () => api<MessageView[]>(running!, '/sandbox/api/messages?channel=general'),
      (all) => progressOf(all, root).length === 1 && /✅/.test(blockText(progressOf(all, root)[0]!)) && all.some((m) => m.thread_ts === root.ts && /CloudTrail events that failed/.test(blockText(m))),
      'the interrupted investigation to end',
      60_000,
    );
    expect(resumed.find((m) => m.ts === root.ts)).toBeDefined();

    // The session survived: a follow-up in the thread keeps the first question's context.
    await api(running, '/sandbox/api/message', { channel: 'general', user: ALICE, text: 'only in dev', thread_ts: root.ts });
    const after = await waitFor(
      () => api<MessageView[]>(running!, '/sandbox/api/messages?channel=general'),
      (all) => progressOf(all, root).length === 2 && progressOf(all, root).every((p) => /✅|❌/.test(blockText(p))),
      'the follow-up to end',
      60_000,
    );
    const followUp = after.filter((m) => m.thread_ts === root.ts && m.bot_id && !/Reading the question|⏳|✅|❌/.test(blockText(m))).at(-1)!;
    expect(blockText(followUp)).toMatch(/CloudTrail events that failed in dev/);
  }, 300_000);
});
