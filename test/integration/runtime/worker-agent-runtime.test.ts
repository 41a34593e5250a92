import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WebClient } from '@slack/web-api';
import { startRuntimeServer, type RuntimeServer } from '../../../agents/runtime/runtime-server.js';
import { lakeConfig } from '../../../bot/cli/lake-config.js';
import { invocationAnswerer } from '../../../bot/cli/runtime-command.js';
import type { InvestigationJob } from '../../../bot/investigations/investigation-job.js';
import { openStandaloneInvestigations, type StandaloneInvestigations } from '../../../bot/investigations/standalone-investigations.js';
import { createWorker } from '../../../bot/lambda/worker-handler.js';
import { sessionKeys } from '../../../bot/sessions/session-store.js';
import { openStorage, type Storage } from '../../../bot/storage/open-storage.js';
import { readEnv, storageEnvSchema } from '../../../pipeline-infra/config/env.js';
import { blockText, startTestSandbox, type TestSandbox } from '../../support/sandbox.js';
import { sharedTestLake } from '../../support/test-lake.js';

/**
 * The worker Lambda function with the agents behind the runtime contract (CIA_AGENT_RUNTIME_URL):
 * Slack is the sandbox's emulator, the agents a real `cia runtime`, the worker's sessions its own
 * DynamoDB. The worker opens no lake, model or memory of its own.
 */

let sandbox: TestSandbox;
let storage: Storage;
let investigations: StandaloneInvestigations;
let runtime: RuntimeServer;
let slack: WebClient;
let lake: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  lake = await sharedTestLake();
  const config = lakeConfig(undefined, lake);
  investigations = await openStandaloneInvestigations({ lakeDir: lake, config, storage: readEnv(storageEnvSchema, { CIA_DATA_DIR: `${sandbox.dataDir}/runtime` }), sessions: true, warn: () => {} });
  runtime = await startRuntimeServer({ port: 0, host: '127.0.0.1', answer: invocationAnswerer(investigations, config) });
  storage = await openStorage(readEnv(storageEnvSchema, { CIA_DATA_DIR: `${sandbox.dataDir}/worker` }), { embedded: true, inMemory: true });
  slack = new WebClient(sandbox.workspace.bot.token, { slackApiUrl: `${sandbox.sandboxUrl}/api/` });
  // The AWS SDK (the worker's DynamoDB) takes credentials from the process environment, as on Lambda.
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
}, 120_000);

afterAll(async () => {
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  await runtime?.close();
  await investigations?.close();
  await storage?.close();
  await sandbox.stop();
});

const workerEnv = (runtimeUrl: string) => ({
  SLACK_BOT_TOKEN: sandbox.workspace.bot.token.replace(/[^A-Za-z0-9-]/g, ''), SLACK_SIGNING_SECRET: sandbox.signingSecret, SLACK_API_URL: `${sandbox.sandboxUrl}/api/`,
  CIA_DYNAMODB_ENDPOINT: storage.endpoint!, CIA_CONFIG: join(lake, 'cia.config.yaml'), CIA_AGENT_RUNTIME_URL: runtimeUrl,
});

/** A thread as the slack function leaves it: the root, the progress message, the session, the job. */
async function jobIn(channelId: string, question: string, thread?: string): Promise<InvestigationJob> {
  const threadTs = thread ?? (await slack.chat.postMessage({ channel: channelId, text: `cia: ${question}` })).ts!;
  const progress = await slack.chat.postMessage({ channel: channelId, thread_ts: threadTs, text: 'Reading the question…' });
  const job: InvestigationJob = {
    id: `job-${progress.ts}`, teamId: 'T0SANDBOX', channelId, threadTs, progressTs: progress.ts!, userId: 'U02BOB',
    question, flags: { new: false, clean: false, notBoring: false }, acceptedAt: Date.now(),
  };
  await storage.sessions.open({ key: sessionKeys.thread(job.teamId, job.channelId, job.threadTs), user_id: job.userId, title: question });
  await storage.investigations.save(job);
  return job;
}

async function repliesAfter(job: InvestigationJob, channel: string) {
  const thread = (await sandbox.messages(channel)).filter((m) => m.thread_ts === job.threadTs && m.ts !== job.threadTs);
  return { progress: blockText(thread.find((m) => m.ts === job.progressTs)!), answers: thread.filter((m) => Number(m.ts) > Number(job.progressTs)).map(blockText) };
}

describe('the worker with the agents behind the runtime contract', () => {
  it('answers a question and its follow-up in the thread, the follow-up with the turn the runtime handed back', async () => {
    const worker = await createWorker(workerEnv(runtime.url));
    const first = await jobIn('C02ONCALL', 'how many API calls failed in prod in the last 3 days?');
    await worker(first);
    const answered = await repliesAfter(first, 'oncall');
    expect(answered.progress).toMatch(/✅/);
    expect(answered.answers.join('\n')).toMatch(/CloudTrail events that failed/);
    expect((await storage.investigations.get(first.id))!.status).toBe('answered');

    const followUp = await jobIn('C02ONCALL', 'same for dev', first.threadTs);
    await worker(followUp);
    const second = await repliesAfter(followUp, 'oncall');
    expect(second.progress).toMatch(/✅/);
    expect(second.answers.join('\n')).toMatch(/failed in dev/);
    expect((await storage.sessions.get(sessionKeys.thread(first.teamId, first.channelId, first.threadTs)))!.question_count).toBe(2);
  }, 60_000);

  it('sends the channel\'s policy, which the runtime holds to', async () => {
    const worker = await createWorker(workerEnv(runtime.url));
    // #general may query main and dev only (the lake's configuration); the runtime is told so by the worker, not by a channel name.
    const job = await jobIn('C01GENERAL', 'how many API calls failed in prod yesterday?');
    await worker(job);
    const { answers } = await repliesAfter(job, 'general');
    expect(answers.join('\n')).toMatch(/may not query prod/);
    expect((await storage.investigations.get(job.id))!.status).toBe('refused');
  }, 60_000);

  it('ends in a terminal error message with a Retry button when the runtime cannot be reached', async () => {
    const gone = await startRuntimeServer({ port: 0, host: '127.0.0.1', answer: () => new Promise(() => {}) });
    await gone.close();
    const worker = await createWorker(workerEnv(gone.url));
    const job = await jobIn('C02ONCALL', 'how many API calls failed yesterday?');
    await worker(job);
    const { progress, answers } = await repliesAfter(job, 'oncall');
    expect(progress).toMatch(/❌/);
    expect(answers.join('\n')).toMatch(/The investigation failed: Something broke while investigating: The agent runtime at .* could not be reached/);
    expect((await storage.investigations.get(job.id))!.status).toBe('error');
  }, 60_000);
});
