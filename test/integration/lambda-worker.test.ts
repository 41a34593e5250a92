import { WebClient } from '@slack/web-api';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { createWorker } from '../../bot/lambda/worker-handler.js';
import { LambdaJobQueue } from '../../bot/jobs/lambda-job-queue.js';
import type { InvestigationJob } from '../../bot/investigations/investigation-job.js';
import { sessionKeys } from '../../bot/sessions/session-store.js';
import { openStorage, type Storage } from '../../bot/storage/open-storage.js';
import { readEnv, storageEnvSchema } from '../../pipeline-infra/config/env.js';
import { blockText, startTestSandbox, type TestSandbox } from '../support/sandbox.js';
import { sharedTestLake } from '../support/test-lake.js';

describe('the worker Lambda function', () => {
  let sandbox: TestSandbox;
  let storage: Storage;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  }, 120_000);
  afterAll(async () => {
    await storage?.close();
    await sandbox.stop();
  });

  it('runs a job handed over by the slack function: progress edited to its end, answer posted in the thread', async () => {
    // The worker's own DynamoDB: a separate embedded store, reached through an endpoint as in AWS.
    storage = await openStorage(readEnv(storageEnvSchema, { CIA_DATA_DIR: sandbox.dataDir + '/worker' }), { embedded: true, inMemory: true });
    const env = {
      SLACK_BOT_TOKEN: sandbox.workspace.bot.token.replace(/[^A-Za-z0-9-]/g, ''), SLACK_SIGNING_SECRET: sandbox.signingSecret, SLACK_API_URL: `${sandbox.sandboxUrl}/api/`,
      CIA_DYNAMODB_ENDPOINT: storage.endpoint!,
      CIA_QUERY_ENGINE: 'duckdb', CIA_LAKE_DIR: await sharedTestLake(),
      // AgentCore cannot be reached here: the worker keeps memory in the local store, in the test's folder.
      CIA_MEMORY: 'local', CIA_DATA_DIR: `${sandbox.dataDir}/worker`,
    };
    const client = new WebClient(sandbox.workspace.bot.token, { slackApiUrl: `${sandbox.sandboxUrl}/api/` });
    const root = await client.chat.postMessage({ channel: 'C02ONCALL', text: 'cia: who deleted S3 buckets in the last 3 days?' });
    const progress = await client.chat.postMessage({ channel: 'C02ONCALL', thread_ts: root.ts!, text: 'Reading the question…' });
    const job: InvestigationJob = {
      id: 'job-1', teamId: 'T0SANDBOX', channelId: 'C02ONCALL', threadTs: root.ts!, progressTs: progress.ts!, userId: 'U02BOB',
      question: 'how many API calls failed in the last 3 days?', flags: { new: false, clean: false, notBoring: false }, acceptedAt: Date.now(),
    };
    await storage.sessions.open({ key: sessionKeys.thread(job.teamId, job.channelId, job.threadTs), user_id: job.userId, title: job.question });
    await storage.investigations.save(job);

    // The AWS SDK takes credentials from the process environment, as on Lambda.
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    try {
      const worker = await createWorker(env);
      await worker(job);
    } finally {
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
    }

    const thread = (await sandbox.messages('oncall')).filter((m) => m.thread_ts === root.ts && m.ts !== root.ts);
    expect(blockText(thread.find((m) => m.ts === progress.ts)!)).toMatch(/✅/);
    expect(thread.some((m) => /CloudTrail events that failed/.test(blockText(m)))).toBe(true);
    expect((await storage.sessions.get(sessionKeys.thread(job.teamId, job.channelId, job.threadTs)))!.question_count).toBe(1);
    expect((await storage.investigations.get('job-1'))!.status).toBe('answered');
  }, 60_000);

  it('is reached by an asynchronous invoke, so the slack function can ack at once', async () => {
    const sent: InvokeCommand[] = [];
    const lambda = { send: async (command: InvokeCommand) => void sent.push(command) } as unknown as LambdaClient;
    await new LambdaJobQueue(lambda, 'cia-prod-worker').enqueue({ id: 'j' } as InvestigationJob);
    expect(sent[0]!.input).toMatchObject({ FunctionName: 'cia-prod-worker', InvocationType: 'Event' });
    expect(JSON.parse(new TextDecoder().decode(sent[0]!.input.Payload as Uint8Array))).toEqual({ id: 'j' });
  });
});
