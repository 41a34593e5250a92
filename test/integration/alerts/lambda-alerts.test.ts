import type { SNSEvent } from 'aws-lambda';
import { createAlertsHandler } from '../../../bot/lambda/alerts-handler.js';
import { openStorage, type Storage } from '../../../bot/storage/open-storage.js';
import { readEnv, storageEnvSchema } from '../../../pipeline-infra/config/env.js';
import { blockText, startTestSandbox, type TestSandbox } from '../../support/sandbox.js';
import { anAlert } from '../../unit/alerts/alert-fixtures.js';

function snsEvent(...messages: string[]): SNSEvent {
  return {
    Records: messages.map((Message, i) => ({
      EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: 'arn:aws:sns:eu-central-1:123456789012:cia-alerts:sub',
      Sns: { Type: 'Notification', MessageId: `m-${i}`, TopicArn: 'arn:aws:sns:eu-central-1:123456789012:cia-alerts', Subject: '', Message, Timestamp: new Date().toISOString(), SignatureVersion: '1', Signature: '', SigningCertUrl: '', UnsubscribeUrl: '', MessageAttributes: {} },
    })),
  };
}

describe('the alerts Lambda function (SNS → Slack)', () => {
  let sandbox: TestSandbox;
  let storage: Storage;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    storage = await openStorage(readEnv(storageEnvSchema, { CIA_DATA_DIR: sandbox.dataDir + '/alerts' }), { embedded: true, inMemory: true });
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
  }, 120_000);
  afterAll(async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    await storage?.close();
    await sandbox.stop();
  });

  it('posts each incident once in the routed channel, edits it on repeats, and drops messages that are not alerts', async () => {
    const handle = await createAlertsHandler({
      SLACK_BOT_TOKEN: sandbox.workspace.bot.token, SLACK_SIGNING_SECRET: sandbox.signingSecret, SLACK_API_URL: `${sandbox.sandboxUrl}/api/`,
      CIA_DYNAMODB_ENDPOINT: storage.endpoint!,
    });
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => void errors.push(line);
    try {
      // SNS delivers at least once: the same open twice, then an update and a stray message.
      await handle(snsEvent(JSON.stringify(anAlert()), JSON.stringify(anAlert()), JSON.stringify(anAlert({ phase: 'update', seenCount: 5, lastSeen: '2026-11-21T02:04:00Z' })), '{"not":"an alert"}', 'not json'));
    } finally {
      console.error = original;
    }
    const posts = (await sandbox.messages('oncall')).filter((m) => /SYN flood/.test(m.text));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.text).toMatch(/seen 5 times/);
    expect(blockText(posts[0]!)).toContain('pipeline-infra/runbooks/ddos-syn-flood.md#immediate-actions');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/dropped SNS message m-3: not an alert \(fingerprint: /);
  }, 60_000);
});
