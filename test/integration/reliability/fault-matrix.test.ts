import type { MessageView } from '../../../bot/sandbox/emulator/types.js';
import { sessionKeys } from '../../../bot/sessions/session-store.js';
import { blockText, startTestSandbox, type TestSandbox } from '../../support/sandbox.js';

/**
 * The fault matrix (issue 7): each Slack Web API method an investigation uses fails with 429 and
 * with 500, and each internal component fails; every investigation must still end in a terminal
 * message the asker sees, leave no progress message running, and leave complete records.
 */

let sandbox: TestSandbox;
const ALICE = 'U01ALICE';
const QUESTION = 'how many API calls failed in the last 3 days?';

beforeAll(async () => {
  sandbox = await startTestSandbox();
}, 120_000);
afterAll(async () => {
  await sandbox.stop();
});

const TERMINAL = /✅|❌/;

interface Outcome {
  root?: MessageView;
  thread: MessageView[];
  ephemeral: MessageView[];
}

/** Runs one /cia command and waits until it has ended in something the asker can see. */
async function investigate(channel = 'general'): Promise<Outcome> {
  const before = new Set((await sandbox.messages(channel)).map((m) => m.ts));
  const fresh = (all: MessageView[]) => all.filter((m) => !before.has(m.ts));
  await sandbox.post('/sandbox/api/command', { channel, user: ALICE, command: '/cia', text: QUESTION });
  const ended = (all: MessageView[]) => {
    const mine = fresh(all);
    const root = mine.find((m) => !m.thread_ts && m.bot_id && !m.ephemeral);
    if (!root) return mine.some((m) => m.ephemeral);
    const thread = mine.filter((m) => m.thread_ts === root.ts && m.ts !== root.ts);
    const progress = thread.filter((m) => /Reading the question|⏳|✅|❌/.test(blockText(m)));
    return progress.length > 0 && progress.every((p) => TERMINAL.test(blockText(p))) && thread.length >= 2;
  };
  await sandbox.waitFor(() => sandbox.messages(channel), ended, 'a terminal message', 45_000);
  await sandbox.jobs.idle();
  const mine = fresh(await sandbox.messages(channel));
  const root = mine.find((m) => !m.thread_ts && m.bot_id && !m.ephemeral);
  return { root, thread: root ? mine.filter((m) => m.thread_ts === root.ts && m.ts !== root.ts) : [], ephemeral: mine.filter((m) => m.ephemeral) };
}

async function expectCompleteRecords(outcome: Outcome, channel = 'C01GENERAL') {
  if (!outcome.root) return;
  const session = await sandbox.records.sessions.get(sessionKeys.thread('T0SANDBOX', channel, outcome.root.ts));
  expect(session).toMatchObject({ user_id: ALICE, question_count: 1 });
}

describe('the fault matrix: every investigation ends in a terminal message', () => {
  let methods: string[] = [];

  beforeAll(async () => {
    const before = (await sandbox.calls()).length;
    const outcome = await investigate();
    expect(outcome.thread.some((m) => TERMINAL.test(blockText(m)))).toBe(true);
    methods = [...new Set((await sandbox.calls()).slice(before).map((c) => c.method))].sort();
  }, 60_000);

  it('knows the Web API methods an investigation calls', () => {
    expect(methods).toEqual(expect.arrayContaining(['chat.postMessage', 'chat.update']));
  });

  it.each([429, 500])('ends every investigation when each method answers %i', async (status) => {
    const results: Array<{ method: string; ended: string }> = [];
    for (const method of methods) {
      await sandbox.post('/sandbox/api/faults', { target: method, status, count: 1, ...(status === 429 ? { retry_after: 1 } : {}) });
      const outcome = await investigate();
      const progress = outcome.thread.filter((m) => /Reading the question|⏳|✅|❌/.test(blockText(m)));
      expect({ method, running: progress.filter((p) => !TERMINAL.test(blockText(p))).length }).toEqual({ method, running: 0 });
      const answered = outcome.thread.some((m) => /CloudTrail events that failed/.test(blockText(m)));
      const failed = outcome.thread.some((m) => /❌/.test(blockText(m))) || outcome.ephemeral.length > 0;
      expect({ method, ended: answered || failed }).toEqual({ method, ended: true });
      await expectCompleteRecords(outcome);
      results.push({ method, ended: answered ? 'answered' : 'error message' });
    }
    console.log(`fault matrix, Slack ${status}: ${results.map((r) => `${r.method} → ${r.ended}`).join('; ')}`);
  }, 300_000);

  it.each([
    ['query_engine', /❌/],
    ['agent_runtime', /❌/],
    ['memory', /✅/],
    ['session_store', /✅|❌/],
  ])('ends the investigation when the %s fails', async (target, expected) => {
    await sandbox.post('/sandbox/api/faults', { target, count: 1 });
    const outcome = await investigate();
    const text = [...outcome.thread, ...outcome.ephemeral].map(blockText).join('\n');
    expect(text).toMatch(expected);
    expect(outcome.thread.filter((m) => /⏳|Reading the question/.test(blockText(m)) && !TERMINAL.test(blockText(m)))).toEqual([]);
    if (target !== 'session_store') await expectCompleteRecords(outcome);
  }, 60_000);
});
