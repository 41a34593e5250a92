import type { MessageView } from '../../bot/sandbox/emulator/types.js';
import { blockText, startTestSandbox, type TestSandbox } from '../support/sandbox.js';

let sandbox: TestSandbox;
const ALICE = 'U01ALICE';

beforeAll(async () => {
  sandbox = await startTestSandbox();
}, 120_000);
afterAll(async () => {
  await sandbox.stop();
});

const inThread = (messages: MessageView[], threadTs: string) => messages.filter((m) => m.thread_ts === threadTs && m.ts !== threadTs);
const progressOf = (messages: MessageView[], threadTs: string) => inThread(messages, threadTs).filter((m) => m.bot_id && /Reading the question|Answered|Failed|✅|❌|⏳/.test(`${m.text}${blockText(m)}`));
const hasTable = (m: MessageView) => m.blocks.some((b) => (b as { type: string }).type === 'table');
const buttons = (m: MessageView) => m.blocks.flatMap((b) => ((b as { elements?: { action_id?: string }[] }).elements ?? []).map((e) => e.action_id)).filter(Boolean);

async function ask(text: string, channel = 'general', extra: Record<string, unknown> = {}) {
  const before = new Set((await sandbox.messages(channel)).map((m) => m.ts));
  const { status } = await sandbox.post('/sandbox/api/command', { channel, user: ALICE, command: '/cia', text, ...extra });
  expect(status).toBe(200);
  const isRoot = (m: MessageView) => !before.has(m.ts) && !m.thread_ts && Boolean(m.bot_id);
  const withRoot = await sandbox.waitFor(() => sandbox.messages(channel), (all) => all.some(isRoot), `the thread root of "${text}"`);
  const root = withRoot.find(isRoot)!;
  await waitForTerminal(channel, root.ts, 1);
  return { root, messages: await sandbox.messages(channel) };
}

/** Waits until the thread has `count` progress messages, all ended (✅ or ❌). */
async function waitForTerminal(channel: string, threadTs: string, count: number) {
  await sandbox.waitFor(
    () => sandbox.messages(channel),
    (all) => {
      const progresses = progressOf(all, threadTs);
      return progresses.length >= count && progresses.every((p) => /✅|❌/.test(blockText(p)));
    },
    'the investigation to end',
    30_000,
  );
  await sandbox.jobs.idle();
}

describe('an investigation in Slack (through the sandbox test API)', () => {
  it('posts a root, a progress message edited in place to ✅, and an answer with a table; a reply follows up in the thread', async () => {
    const { root, messages } = await ask('show the last 5 CloudTrail events');
    expect(root.text).toContain('show the last 5 CloudTrail events');
    const thread = inThread(messages, root.ts);
    const [progress] = progressOf(messages, root.ts);
    expect(progress).toBeDefined();
    expect(blockText(progress!)).toMatch(/✅/);
    const answer = thread.find(hasTable);
    expect(answer).toBeDefined();
    expect(buttons(answer!)).toEqual(expect.arrayContaining(['cia_show_sql', 'cia_rerun', 'cia_new_session', 'cia_feedback_up', 'cia_feedback_down']));

    await sandbox.post('/sandbox/api/message', { channel: 'general', user: ALICE, text: 'and only the failed ones', thread_ts: root.ts });
    await waitForTerminal('general', root.ts, 2);
    const after = inThread(await sandbox.messages('general'), root.ts);
    const progresses = progressOf(await sandbox.messages('general'), root.ts);
    expect(progresses).toHaveLength(2);
    expect(progresses.every((p) => /✅|❌/.test(blockText(p)))).toBe(true);
    const followUpAnswer = after.filter((m) => m.bot_id).at(-1)!;
    expect(blockText(followUpAnswer)).toMatch(/failed/i);
  }, 60_000);

  it('makes one investigation of a command Slack delivered three times', async () => {
    const { root, messages } = await ask('how many API calls failed today?', 'general', { retries: 2 });
    const roots = messages.filter((m) => !m.thread_ts && m.bot_id && m.text.includes('how many API calls failed today?'));
    expect(roots).toHaveLength(1);
    expect(progressOf(messages, root.ts)).toHaveLength(1);
    const deliveries = (await sandbox.deliveries()).filter((d) => d.kind === 'command').slice(-3);
    expect(deliveries.map((d) => d.retry_num ?? 0)).toEqual([0, 1, 2]);
  }, 60_000);

  it('completes although chat.update answers 429 three times', async () => {
    await sandbox.post('/sandbox/api/faults', { target: 'chat.update', status: 429, count: 3, retry_after: 1 });
    const { root, messages } = await ask('which IAM users made the most calls today?');
    const [progress] = progressOf(messages, root.ts);
    expect(blockText(progress!)).toMatch(/✅/);
    expect(inThread(messages, root.ts).some((m) => m.bot_id && blockText(m).includes('by IAM users'))).toBe(true);
  }, 60_000);

  it('ends in an error with a Retry button when the query engine fails, and leaves no progress message running', async () => {
    await sandbox.post('/sandbox/api/faults', { target: 'query_engine', count: 1 });
    const { root, messages } = await ask('who deleted S3 buckets today?');
    const thread = inThread(messages, root.ts);
    const error = thread.find((m) => buttons(m).includes('cia_retry'));
    expect(error).toBeDefined();
    expect(blockText(error!)).toMatch(/query_engine|engine/);
    const [progress] = progressOf(messages, root.ts);
    expect(blockText(progress!)).toMatch(/❌/);
  }, 60_000);

  it('keeps the API calls of a one-source investigation within budget and edits no closer than 1.5 s apart', async () => {
    const before = (await sandbox.calls()).length;
    const { root } = await ask('how many GetSecretValue calls today?');
    const calls = (await sandbox.calls()).slice(before);
    expect(calls.every((c) => c.ok)).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(12);
    const edits = calls.filter((c) => c.method === 'chat.update' && c.ok).map((c) => c.at);
    for (let i = 1; i < edits.length; i++) expect(edits[i]! - edits[i - 1]!).toBeGreaterThanOrEqual(1500);
    expect(inThread(await sandbox.messages('general'), root.ts).some((m) => blockText(m).includes('GetSecretValue calls'))).toBe(true);
    expect(blockText(progressOf(await sandbox.messages('general'), root.ts)[0]!)).toMatch(/✅/);
  }, 60_000);
});
