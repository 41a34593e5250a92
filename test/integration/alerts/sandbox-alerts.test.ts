import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTION_IDS } from '../../../blocks/action-ids.js';
import type { MessageView } from '../../../bot/sandbox/emulator/types.js';
import { blockText, startTestSandbox, type TestSandbox } from '../../support/sandbox.js';
import { sharedTestLake } from '../../support/test-lake.js';

const USER = 'U01ALICE';

/** Top-level messages in #oncall (thread replies excluded). */
async function alertPosts(sandbox: TestSandbox): Promise<MessageView[]> {
  return (await sandbox.messages('oncall')).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
}

function buttonIds(message: MessageView): string[] {
  return (message.blocks as Array<{ type: string; elements?: Array<{ action_id?: string }> }>).filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ''));
}

describe('alerts in the sandbox: a simulated DDoS', () => {
  let sandbox: TestSandbox;
  let lake: string;

  beforeAll(async () => {
    // The stream delivers its flows into the lake: a copy, so the shared test lake stays as it is.
    lake = mkdtempSync(join(tmpdir(), 'cia-alerts-lake-'));
    cpSync(await sharedTestLake(), lake, { recursive: true });
    // 60 stream seconds a second: a one-minute window closes every second.
    sandbox = await startTestSandbox({ CIA_LAKE_DIR: lake, CIA_STREAM: 'on', CIA_STREAM_SPEED: '60' });
  }, 60_000);

  afterAll(async () => {
    await sandbox?.stop();
    rmSync(lake, { recursive: true, force: true });
  });

  it('refuses unknown scenarios and accounts with a clear message', async () => {
    const unknown = await sandbox.post<{ error: string }>('/sandbox/api/simulate', { scenario: 'meteor' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/unknown scenario "meteor"; known: ddos/);
    const account = await sandbox.post<{ error: string }>('/sandbox/api/simulate', { scenario: 'ddos', account: '999999999999' });
    expect(account.status).toBe(400);
    expect(account.body.error).toMatch(/not in the simulated organization/);
  });

  it('posts one alert in #oncall with severity and buttons, edits it while the attack lasts, and never posts it twice', async () => {
    const { body } = await sandbox.post<{ attack: { target: string; account: string; start: number; end: number } }>('/sandbox/api/simulate', { scenario: 'ddos', minutes: 6 });
    expect(body.attack).toMatchObject({ account: '333333333333', target: '10.2.0.10' });
    const [posted] = await sandbox.waitFor(() => alertPosts(sandbox), (posts) => posts.some((m) => /SYN flood/.test(m.text)), 'the DDoS alert', 20_000);
    const alert = (await alertPosts(sandbox)).find((m) => /SYN flood/.test(m.text))!;
    expect(posted).toBeDefined();
    expect(alert.text).toMatch(/^SEV1 · SYN flood \(DDoS\) on 10\.2\.0\.10 \(prod \(333333333333\)\)/);
    expect(buttonIds(alert)).toEqual([ACTION_IDS.alertInvestigate, ACTION_IDS.alertAcknowledge, ACTION_IDS.alertSnooze1h, ACTION_IDS.alertSnooze4h, ACTION_IDS.alertSnooze24h, ACTION_IDS.alertResolve]);

    // Enrichment lands by editing: runbook actions and the time to act, with the section cited.
    const enriched = await sandbox.waitFor(async () => (await alertPosts(sandbox)).find((m) => m.ts === alert.ts)!, (m) => /Recommended actions/.test(blockText(m)), 'the runbook guidance', 10_000);
    const text = blockText(enriched);
    expect(text).toMatch(/Act within \d+ h/);
    expect(text).toContain('pipeline-infra/runbooks/ddos-syn-flood.md#immediate-actions');
    expect(text).toMatch(/Peak/);
    expect(text).toMatch(/Top sources/);

    // While it lasts the message is edited ("seen N times"), and it ends resolved, in place.
    const resolved = await sandbox.waitFor(async () => (await alertPosts(sandbox)).find((m) => m.ts === alert.ts)!, (m) => /^Resolved/.test(m.text), 'the resolution edit', 30_000);
    expect(resolved.edits).toBeGreaterThanOrEqual(3);
    expect(blockText(resolved)).toMatch(/seen [2-9] times/);
    expect((await alertPosts(sandbox)).filter((m) => /SYN flood/.test(m.text))).toHaveLength(1);
    const posts = (await sandbox.calls()).filter((c) => c.method === 'chat.postMessage' && !c.thread_ts);
    expect(posts).toHaveLength(1);
  }, 60_000);

  it('Acknowledge edits the message with who, and Investigate answers in its thread from the streamed flows', async () => {
    await sandbox.post('/sandbox/api/simulate', { scenario: 'port_scan', minutes: 30 });
    const alert = await sandbox.waitFor(async () => (await alertPosts(sandbox)).find((m) => /Port scan/.test(m.text)), (m) => m !== undefined, 'the port-scan alert', 20_000);
    expect((await sandbox.post('/sandbox/api/action', { channel: 'oncall', message_ts: alert!.ts, action_id: ACTION_IDS.alertAcknowledge, user: USER })).status).toBe(200);
    const acked = await sandbox.waitFor(async () => (await alertPosts(sandbox)).find((m) => m.ts === alert!.ts)!, (m) => blockText(m).includes(`acknowledged by <@${USER}>`), 'the acknowledgement', 10_000);
    expect(buttonIds(acked)).not.toContain(ACTION_IDS.alertAcknowledge);

    // Let the stream deliver the scan's flows into the lake (every five stream minutes).
    await new Promise((resolve) => setTimeout(resolve, 7000));
    expect((await sandbox.post('/sandbox/api/action', { channel: 'oncall', message_ts: alert!.ts, action_id: ACTION_IDS.alertInvestigate, user: USER })).status).toBe(200);
    await sandbox.jobs.idle();
    const threadReplies = async () => (await sandbox.messages('oncall')).filter((m) => m.thread_ts === alert!.ts && m.ts !== alert!.ts).map((m) => ({ ...m, text: blockText(m) }));
    const replies = await sandbox.waitFor(threadReplies, (ms) => ms.some((m) => /203\.0\.113\.66/.test(m.text)), 'an answer naming the scanner', 30_000);
    expect(replies.map((m) => m.text).join('\n')).toMatch(/ports_probed|ports probed/i);
    // Still one post per incident: the investigation went into the alert's thread.
    expect((await alertPosts(sandbox)).filter((m) => /Port scan/.test(m.text))).toHaveLength(1);
  }, 90_000);
});
