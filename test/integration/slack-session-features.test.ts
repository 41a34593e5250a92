import { join } from 'node:path';
import { LocalMemoryStore } from '../../agents/memory/local-memory-store.js';
import type { MessageView } from '../../bot/sandbox/emulator/types.js';
import { blockText, startTestSandbox, type TestSandbox } from '../support/sandbox.js';

let sandbox: TestSandbox;
const BOB = 'U02BOB';

beforeAll(async () => {
  sandbox = await startTestSandbox();
}, 120_000);
afterAll(async () => {
  await sandbox.stop();
});

async function command(text: string, channel = 'oncall') {
  const before = new Set((await sandbox.messages(channel)).map((m) => m.ts));
  await sandbox.post('/sandbox/api/command', { channel, user: BOB, command: '/cia', text });
  const fresh = (all: MessageView[]) => all.filter((m) => !before.has(m.ts) && (m.ephemeral || !/^(history|delete|services)/.test(text)));
  await sandbox.waitFor(() => sandbox.messages(channel), (all) => fresh(all).length > 0, `an answer to /cia ${text}`);
  await sandbox.waitFor(() => sandbox.messages(channel), (all) => !fresh(all).some((m) => /⏳|Reading the question/.test(blockText(m))), 'the investigation to end', 30_000);
  await sandbox.jobs.idle();
  return fresh(await sandbox.messages(channel));
}

const actionIds = (m: MessageView) => m.blocks.flatMap((b) => ((b as { elements?: { action_id?: string; value?: string }[] }).elements ?? []));

describe('sessions, history and buttons', () => {
  let answer: MessageView;
  let root: MessageView;

  beforeAll(async () => {
    const messages = await command('how many API calls failed in the last 3 days?');
    root = messages.find((m) => !m.thread_ts)!;
    answer = messages.find((m) => actionIds(m).some((e) => e.action_id === 'cia_show_sql'))!;
  }, 60_000);

  it('shows the SQL that ran, only to whoever clicked', async () => {
    const sqlButton = actionIds(answer).find((e) => e.action_id === 'cia_show_sql')!;
    await sandbox.post('/sandbox/api/action', { channel: 'oncall', message_ts: answer.ts, action_id: 'cia_show_sql', value: sqlButton.value, user: BOB });
    const shown = await sandbox.waitFor(() => sandbox.messages('oncall'), (all) => all.some((m) => m.ephemeral && blockText(m).includes('FROM cia_logs.cloudtrail_logs')), 'the SQL');
    expect(shown.find((m) => m.ephemeral && blockText(m).includes('FROM cia_logs.cloudtrail_logs'))!.visible_to).toBe(BOB);
  });

  it('stores feedback and thanks the user privately', async () => {
    const up = actionIds(answer).find((e) => e.action_id === 'cia_feedback_up')!;
    await sandbox.post('/sandbox/api/action', { channel: 'oncall', message_ts: answer.ts, action_id: 'cia_feedback_up', value: up.value, user: BOB });
    await sandbox.waitFor(() => sandbox.messages('oncall'), (all) => all.some((m) => m.ephemeral && /thank/i.test(blockText(m))), 'the thanks');
  });

  it('re-runs the question in the same thread', async () => {
    const rerun = actionIds(answer).find((e) => e.action_id === 'cia_rerun')!;
    const answers = (all: MessageView[]) => all.filter((m) => m.thread_ts === root.ts && actionIds(m).some((e) => e.action_id === 'cia_rerun'));
    expect(answers(await sandbox.messages('oncall'))).toHaveLength(1);
    await sandbox.post('/sandbox/api/action', { channel: 'oncall', message_ts: answer.ts, action_id: 'cia_rerun', value: rerun.value, user: BOB });
    const after = await sandbox.waitFor(() => sandbox.messages('oncall'), (all) => answers(all).length === 2, 'the second answer', 30_000);
    expect(answers(after).every((m) => blockText(m).includes('CloudTrail events that failed'))).toBe(true);
    await sandbox.jobs.idle();
  }, 60_000);

  it('lists the user\'s investigations in /cia history and deletes one with /cia delete', async () => {
    const [history] = await command('history');
    const text = blockText(history!);
    expect(text).toContain('how many API calls failed in the last 3 days?');
    const id = /`([0-9a-f-]{36})`/.exec(text)?.[1];
    expect(id).toBeDefined();
    // The thread's exchanges are in Bob's memory, under the session's id…
    const memory = new LocalMemoryStore(join(sandbox.dataDir, 'memory'));
    const remembered = await memory.recall(BOB, id!, 'failed API calls');
    expect(remembered.events.filter((e) => e.role === 'user').map((e) => e.text)).toEqual(['how many API calls failed in the last 3 days?', 'how many API calls failed in the last 3 days?']);
    expect(remembered.facts[0]!.text).toContain('CloudTrail events that failed');
    const [deleted] = await command(`delete ${id}`);
    expect(blockText(deleted!)).toContain(`Deleted investigation ${id}`);
    // …and /cia delete forgets them.
    expect(await memory.recall(BOB, id!, 'failed API calls')).toEqual({ events: [], facts: [], reflections: [] });
    const [after] = await command('history');
    expect(blockText(after!)).not.toContain(id!);
  }, 60_000);

  it('describes the sources for people in /cia services', async () => {
    const [services] = await command('services');
    expect(blockText(services!)).toMatch(/CloudTrail[\s\S]*VPC flow logs[\s\S]*GuardDuty/);
  });

  it('publishes an App Home with recent investigations and health', async () => {
    await sandbox.post('/sandbox/api/home', { user: BOB });
    const home = await sandbox.waitFor(() => sandbox.get<{ view: { blocks: unknown[] } | null }>(`/sandbox/api/home?user=${BOB}`), (h) => h.view !== null, 'the home view');
    expect(blockText({ blocks: home.view!.blocks, text: '' })).toMatch(/session store/);
  });
});
