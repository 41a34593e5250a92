import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { Context, SNSEvent } from 'aws-lambda';
import { IDEMPOTENCY_EXPIRY_SECONDS, IDEMPOTENCY_TTL_ATTRIBUTE, idempotencyTableDefinition } from '../../../bot/alerts/once-per-message.js';
import { createAlertsHandler } from '../../../bot/lambda/alerts-handler.js';
import { openStorage, type Storage } from '../../../bot/storage/open-storage.js';
import { ensureTable } from '../../../bot/storage/ensure-table.js';
import { readEnv, storageEnvSchema } from '../../../pipeline-infra/config/env.js';
import { blockText, startTestSandbox, type TestSandbox } from '../../support/sandbox.js';
import { anAlert } from '../../unit/alerts/alert-fixtures.js';

const IDEMPOTENCY_TABLE = 'cia-idempotency';

function snsEvent(...messages: string[]): SNSEvent {
  return snsEventWithIds(messages.map((Message, i) => ({ MessageId: `m-${i}`, Message })));
}

function snsEventWithIds(messages: { MessageId: string; Message: string }[]): SNSEvent {
  return {
    Records: messages.map(({ MessageId, Message }) => ({
      EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: 'arn:aws:sns:eu-central-1:123456789012:cia-alerts:sub',
      Sns: { Type: 'Notification', MessageId, TopicArn: 'arn:aws:sns:eu-central-1:123456789012:cia-alerts', Subject: '', Message, Timestamp: new Date().toISOString(), SignatureVersion: '1', Signature: '', SigningCertUrl: '', UnsubscribeUrl: '', MessageAttributes: {} },
    })),
  };
}

/** What Lambda passes: the time left bounds a delivery's in-progress claim. */
const lambdaContext = { functionName: 'cia-test-alerts', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

describe('the alerts Lambda function (SNS → Slack)', () => {
  let sandbox: TestSandbox;
  let storage: Storage;
  let env: Record<string, string>;
  let info: string[];
  let errors: string[];

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    storage = await openStorage(readEnv(storageEnvSchema, { CIA_DATA_DIR: sandbox.dataDir + '/alerts' }), { embedded: true, inMemory: true });
    // serverless.yml declares it in AWS; here dynalite gets it through the AWS SDK.
    await ensureTable(storage.client, idempotencyTableDefinition(IDEMPOTENCY_TABLE));
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    env = {
      SLACK_BOT_TOKEN: sandbox.workspace.bot.token, SLACK_SIGNING_SECRET: sandbox.signingSecret, SLACK_API_URL: `${sandbox.sandboxUrl}/api/`,
      CIA_DYNAMODB_ENDPOINT: storage.endpoint!, CIA_IDEMPOTENCY_TABLE: IDEMPOTENCY_TABLE, CIA_LOG_LEVEL: 'info',
    };
  }, 120_000);
  afterAll(async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    await storage?.close();
    await sandbox.stop();
  });
  beforeEach(() => {
    info = [];
    errors = [];
    jest.spyOn(console, 'info').mockImplementation((line: string) => void info.push(line));
    jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  /** The Web API calls that touched one incident's message: its post and its edits. */
  async function slackCallsFor(target: string) {
    const posts = (await sandbox.messages('oncall')).filter((m) => !m.thread_ts && m.text.includes(target));
    const calls = await sandbox.calls();
    return { posts, calls: calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && posts.some((p) => p.ts === c.ts)) };
  }

  it('posts each incident once in the routed channel, edits it on repeats, and drops messages that are not alerts', async () => {
    const handle = await createAlertsHandler(env);
    // SNS delivers at least once: the same open twice, then an update and a stray message.
    await handle(snsEvent(JSON.stringify(anAlert()), JSON.stringify(anAlert()), JSON.stringify(anAlert({ phase: 'update', seenCount: 5, lastSeen: '2026-11-21T02:04:00Z' })), '{"not":"an alert"}', 'not json'), lambdaContext);
    const posts = (await sandbox.messages('oncall')).filter((m) => /SYN flood/.test(m.text) && m.text.includes('10.2.0.10'));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.text).toMatch(/seen 5 times/);
    expect(blockText(posts[0]!)).toContain('pipeline-infra/runbooks/ddos-syn-flood.md#immediate-actions');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/\[cia:alerts\] dropped SNS message m-3: not an alert \(fingerprint: /);
  }, 60_000);

  it('handles an SNS message once: a redelivery, or the same alert published again, makes no Slack call at all', async () => {
    const handle = await createAlertsHandler(env);
    const message = JSON.stringify(anAlert({ target: '10.2.0.21' }));
    await handle(snsEventWithIds([{ MessageId: 'first', Message: message }]), lambdaContext);
    const first = await slackCallsFor('10.2.0.21');
    expect(first.posts).toHaveLength(1);

    // SNS redelivers under the same id; the detector, its Kinesis batch retried, publishes under a new one.
    await handle(snsEventWithIds([{ MessageId: 'first', Message: message }]), lambdaContext);
    await handle(snsEventWithIds([{ MessageId: 'republished', Message: message }]), lambdaContext);
    expect(await slackCallsFor('10.2.0.21')).toEqual(first);
    expect(info.filter((line) => line.includes('a repeated delivery of a message handled before (post): nothing done'))).toHaveLength(2);

    // The claim is Powertools' record, kept for SNS's whole retry window.
    const records = (await storage.client.send(new ScanCommand({ TableName: IDEMPOTENCY_TABLE }))).Items!;
    expect(records.every((r) => r.id?.S?.startsWith('sns-message#'))).toBe(true);
    const completed = records.filter((r) => r.status?.S === 'COMPLETED' && r.data?.S === 'post');
    expect(completed.length).toBeGreaterThan(0);
    for (const r of completed) expect(Number(r[IDEMPOTENCY_TTL_ATTRIBUTE]!.N)).toBeGreaterThan(Date.now() / 1000 + IDEMPOTENCY_EXPIRY_SECONDS - 600);
  }, 60_000);

  it('posts once when the same message is delivered twice at once: the second delivery waits for a retry, which does nothing', async () => {
    const handle = await createAlertsHandler(env);
    const event = snsEventWithIds([{ MessageId: 'twice', Message: JSON.stringify(anAlert({ target: '10.2.0.22' })) }]);
    const deliveries = await Promise.allSettled([handle(event, lambdaContext), handle(event, lambdaContext)]);
    expect(deliveries.map((d) => d.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((deliveries.find((d) => d.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ name: 'IdempotencyAlreadyInProgressError' });
    const once = await slackCallsFor('10.2.0.22');
    expect(once.posts).toHaveLength(1);

    await handle(event, lambdaContext);
    expect(await slackCallsFor('10.2.0.22')).toEqual(once);
  }, 60_000);

  it('lets a delivery that failed release its claim, so the next delivery posts', async () => {
    const message = JSON.stringify(anAlert({ target: '10.2.0.23' }));
    const broken = await createAlertsHandler({ ...env, SLACK_BOT_TOKEN: 'xoxb-0000-revoked' });
    await expect(broken(snsEventWithIds([{ MessageId: 'retried', Message: message }]), lambdaContext)).rejects.toThrow(/invalid_auth/);
    const handle = await createAlertsHandler(env);
    await handle(snsEventWithIds([{ MessageId: 'retried', Message: message }]), lambdaContext);
    expect((await slackCallsFor('10.2.0.23')).posts).toHaveLength(1);
  }, 60_000);
});
