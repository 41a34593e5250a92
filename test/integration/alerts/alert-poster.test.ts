import type { WebClient } from '@slack/web-api';
import { AlertPoster } from '../../../bot/alerts/alert-poster.js';
import { openStorage, type Storage } from '../../../bot/storage/open-storage.js';
import { LocalRunbookIndex } from '../../../pipeline-infra/alerts/runbooks/local-runbook-index.js';
import { readEnv, storageEnvSchema } from '../../../pipeline-infra/config/env.js';
import { parseOrgConfig } from '../../../pipeline-infra/config/org-config.js';
import { anAlert } from '../../unit/alerts/alert-fixtures.js';

/** Slack at the edge: records the calls; posts take a while, as over the network. */
function recordingSlack(postDelayMs = 30) {
  const calls: Array<{ method: string; channel: string; ts?: string; thread_ts?: string; text: string }> = [];
  let next = 1;
  const client = {
    chat: {
      postMessage: async (args: { channel: string; thread_ts?: string; text: string }) => {
        await new Promise((resolve) => setTimeout(resolve, postDelayMs));
        const ts = `1795000000.${String(next++).padStart(6, '0')}`;
        calls.push({ method: 'chat.postMessage', channel: args.channel, ts, ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}), text: args.text });
        return { ok: true, ts, channel: 'C02ONCALL' };
      },
      update: async (args: { channel: string; ts: string; text: string }) => {
        calls.push({ method: 'chat.update', channel: args.channel, ts: args.ts, text: args.text });
        return { ok: true };
      },
    },
  };
  return { client: client as unknown as WebClient, calls, posts: () => calls.filter((c) => c.method === 'chat.postMessage' && !c.thread_ts) };
}

const config = parseOrgConfig({ accounts: [{ id: '333333333333', alias: 'prod' }] });

describe('the alert poster over DynamoDB (dynalite)', () => {
  let storage: Storage;
  beforeEach(async () => {
    storage = await openStorage(readEnv(storageEnvSchema, {}), { embedded: true, inMemory: true });
  });
  afterEach(async () => {
    await storage.close();
  });

  it('posts once when the same alert is delivered many times at once (SNS is at least once), then edits', async () => {
    const slack = recordingSlack();
    const poster = new AlertPoster({ client: slack.client, store: storage.alerts, config, runbooks: null });
    await Promise.all(Array.from({ length: 6 }, () => poster.handle(anAlert())));
    expect(slack.posts()).toHaveLength(1);
    await Promise.all([poster.handle(anAlert({ phase: 'update', seenCount: 4 })), poster.handle(anAlert({ phase: 'update', seenCount: 4 }))]);
    await poster.handle(anAlert({ phase: 'resolve', seenCount: 6, lastSeen: '2026-11-21T02:06:00Z' }));
    expect(slack.posts()).toHaveLength(1);
    const last = slack.calls.at(-1)!;
    expect(last).toMatchObject({ method: 'chat.update', channel: 'C02ONCALL', ts: slack.posts()[0]!.ts });
    expect(last.text).toMatch(/^Resolved: SEV1 · SYN flood \(DDoS\) on 10\.2\.0\.10 \(prod \(333333333333\)\) — seen 6 times/);
  });

  it('an update that races the first post edits the message once it exists, never posting a second', async () => {
    const slack = recordingSlack(200);
    const poster = new AlertPoster({ client: slack.client, store: storage.alerts, config, runbooks: null });
    await Promise.all([poster.handle(anAlert()), new Promise((resolve) => setTimeout(resolve, 20)).then(() => poster.handle(anAlert({ phase: 'update', seenCount: 3 })))]);
    expect(slack.posts()).toHaveLength(1);
    expect((await poster.get(anAlert().fingerprint))?.alert.seenCount).toBe(3);
    expect(slack.calls.filter((c) => c.method === 'chat.update').at(-1)?.text).toMatch(/seen 3 times/);
  });

  it('posts with the deterministic severity at once, then edits in the runbook guidance', async () => {
    const slack = recordingSlack(0);
    const poster = new AlertPoster({ client: slack.client, store: storage.alerts, config, runbooks: await LocalRunbookIndex.fromDirectory() });
    await poster.handle(anAlert());
    expect(slack.calls.map((c) => c.method)).toEqual(['chat.postMessage', 'chat.update']);
    const record = await poster.get(anAlert().fingerprint);
    expect(record?.guidance).toMatchObject({ runbook: 'ddos-syn-flood', section: 'Immediate actions', severity: 'SEV1' });
    expect(record!.guidance!.actions.length).toBeGreaterThanOrEqual(3);
    expect(record!.guidance!.timeToAct.citation).toBe('pipeline-infra/runbooks/ddos-syn-flood.md#time-to-act');
  });

  it('acknowledge, snooze and resolve edit the message; a snoozed fingerprint posts no new incident', async () => {
    const slack = recordingSlack(0);
    let now = Date.parse('2026-11-21T02:05:00Z');
    const poster = new AlertPoster({ client: slack.client, store: storage.alerts, config, runbooks: null, now: () => now });
    const fingerprint = anAlert().fingerprint;
    await poster.handle(anAlert());
    expect(await poster.acknowledge(fingerprint, 'U01ALICE')).toMatchObject({ acknowledged_by: 'U01ALICE', acknowledged_at: '2026-11-21T02:05:00.000Z' });
    expect(slack.calls.at(-1)!.method).toBe('chat.update');
    expect(await poster.snooze(fingerprint, 'U02BOB', 4)).toMatchObject({ snoozed_until: '2026-11-21T06:05:00.000Z', snoozed_by: 'U02BOB' });
    expect(await poster.resolve(fingerprint, 'U02BOB')).toMatchObject({ status: 'resolved', resolved_by: 'U02BOB' });
    expect(await poster.resolve(fingerprint, 'U01ALICE')).toBeNull();
    expect(await poster.acknowledge('no-such-fingerprint', 'U01ALICE')).toBeNull();
    now = Date.parse('2026-11-21T05:00:00Z');
    await poster.handle(anAlert({ firstSeen: '2026-11-21T04:59:00Z', lastSeen: '2026-11-21T04:59:00Z' }));
    expect(slack.posts()).toHaveLength(1);
    now = Date.parse('2026-11-21T07:00:00Z');
    await poster.handle(anAlert({ firstSeen: '2026-11-21T04:59:00Z', phase: 'update', seenCount: 8, lastSeen: '2026-11-21T06:59:00Z' }));
    expect(slack.posts()).toHaveLength(2);
  });
});
