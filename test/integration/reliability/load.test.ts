import { nearestRank } from '../../../pipeline-infra/bench/statistics.js';
import type { MessageView } from '../../../bot/sandbox/emulator/types.js';
import { blockText, startTestSandbox, type TestSandbox } from '../../support/sandbox.js';

/** 30 investigations started at once (issue 7): all finish, none twice, progress edits at Slack's pace. */

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
}, 120_000);
afterAll(async () => {
  await sandbox.stop();
});

const USERS = ['U01ALICE', 'U02BOB', 'U03CAROL'];
const CHANNELS = ['general', 'oncall'];
const QUESTIONS = [
  'how many API calls failed in the last 3 days?',
  'what were the five most frequent API calls today?',
  'who deleted S3 buckets in the last 3 days?',
  'which IAM users made the most calls today?',
  'how many GetSecretValue calls today?',
];
const TERMINAL = /✅|❌/;

describe('load: 30 investigations at once', () => {
  it('finishes every one, posts each once, and edits progress no closer than 1.5 s apart', async () => {
    const count = 30;
    const before = new Map<string, Set<string>>();
    for (const channel of CHANNELS) before.set(channel, new Set((await sandbox.messages(channel)).map((m) => m.ts)));
    const callsBefore = (await sandbox.calls()).length;
    const started = Date.now();
    const requests = Array.from({ length: count }, (_, i) => ({ channel: CHANNELS[i % 2]!, user: USERS[i % 3]!, command: '/cia', text: `${QUESTIONS[i % QUESTIONS.length]} (#${i + 1})` }));
    const acks = await Promise.all(requests.map((body) => sandbox.post('/sandbox/api/command', body)));
    expect(acks.every((a) => a.status === 200)).toBe(true);

    const mine = async () => (await Promise.all(CHANNELS.map(async (c) => (await sandbox.messages(c)).filter((m) => !before.get(c)!.has(m.ts))))).flat();
    const roots = (all: MessageView[]) => all.filter((m) => !m.thread_ts && m.bot_id && !m.ephemeral);
    const progressOf = (all: MessageView[], root: MessageView) => all.filter((m) => m.thread_ts === root.ts && /Reading the question|⏳|✅|❌/.test(blockText(m)));
    const done = (all: MessageView[]) => roots(all).length >= count && roots(all).every((r) => progressOf(all, r).length > 0 && progressOf(all, r).every((p) => TERMINAL.test(blockText(p))));
    const all = await sandbox.waitFor(mine, done, 'all 30 investigations to end', 240_000);
    await sandbox.jobs.idle();
    const seconds = (Date.now() - started) / 1000;

    const rootMessages = roots(all);
    expect(rootMessages).toHaveLength(count);
    // Each question once: one root and one progress message per command, one answer per thread.
    expect(new Set(rootMessages.map((r) => blockText(r).match(/\(#\d+\)/)?.[0])).size).toBe(count);
    for (const root of rootMessages) {
      expect(progressOf(all, root)).toHaveLength(1);
      const answers = all.filter((m) => m.thread_ts === root.ts && m.ts !== root.ts && !/Reading the question|⏳|✅|❌/.test(blockText(m)));
      expect(answers.length).toBe(1);
    }
    const calls = (await sandbox.calls()).slice(callsBefore);
    const editsByMessage = new Map<string, number[]>();
    for (const c of calls) if (c.method === 'chat.update' && c.ok && c.ts) editsByMessage.set(c.ts, [...(editsByMessage.get(c.ts) ?? []), c.at]);
    // When each investigation's progress message got its last edit (✅ or ❌).
    const finishedAt = rootMessages.map((r) => Math.max(...(editsByMessage.get(progressOf(all, r)[0]!.ts) ?? [started])) - started);
    let closest = Number.POSITIVE_INFINITY;
    for (const times of editsByMessage.values()) for (let i = 1; i < times.length; i++) closest = Math.min(closest, times[i]! - times[i - 1]!);
    expect(closest).toBeGreaterThanOrEqual(1500);
    const rateLimited = calls.filter((c) => !c.ok && c.error === 'ratelimited').length;
    // The figure the README's security section reports.
    console.log(`load: ${count} investigations at once, all ended in ${seconds.toFixed(1)} s (p50 ${((nearestRank(finishedAt, 0.5) ?? 0) / 1000).toFixed(1)} s); ${calls.length} Web API calls, ${rateLimited} rate-limited; closest progress edits of one message ${Number.isFinite(closest) ? `${closest} ms` : 'n/a'} apart`);
  }, 300_000);
});
