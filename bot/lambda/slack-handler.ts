import { memoryEnvSchema, openMemoryStore } from '../../agents/memory/open-memory-store.js';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { AwsLambdaReceiver, type LogLevel } from '@slack/bolt';
import type { Context } from 'aws-lambda';
import { WebClient } from '@slack/web-api';
import { SUBAGENTS } from '../../agents/subagents/index.js';
import { readEnv, storageEnvSchema } from '../../pipeline-infra/config/env.js';
import { loadOrgConfig } from '../../pipeline-infra/config/org-config.js';
import { AlertPoster } from '../alerts/alert-poster.js';
import { createBotApp } from '../app.js';
import { lambdaEnvSchema, requireSlackCredentials, slackEnvSchema } from '../config.js';
import { botDependencies } from '../dependencies.js';
import { LambdaJobQueue } from '../jobs/lambda-job-queue.js';
import { instrumentedHandler } from '../observability/lambda-handler.js';
import { powertoolsOn } from '../observability/powertools.js';
import { openStorage } from '../storage/open-storage.js';
import { initializedOnce } from './initialized-once.js';
import { loadSlackSecrets } from './slack-secrets.js';

type AwsHandler = Awaited<ReturnType<AwsLambdaReceiver['start']>>;
type AwsEvent = Parameters<AwsHandler>[0];

/**
 * The `slack` Lambda function: verifies, dedupes, posts the thread root and the progress message,
 * hands the job to the worker function and acks. AwsLambdaReceiver replies only when listeners
 * finish, so nothing slow runs here.
 */
export async function createSlackHandler(env: NodeJS.ProcessEnv = process.env): Promise<AwsHandler> {
  const credentials = requireSlackCredentials(env);
  const slack = readEnv(slackEnvSchema, env);
  const lambda = readEnv(lambdaEnvSchema, env);
  const storage = await openStorage(readEnv(storageEnvSchema, env), { embedded: false });
  // The ack has 3 s: X-Ray shows where they go (DynamoDB claims, Slack posts, the worker's invoke).
  const tools = powertoolsOn(env);
  const lambdaClient = new LambdaClient({});
  tools?.tracer.captureAWSv3Client(storage.client);
  tools?.tracer.captureAWSv3Client(lambdaClient);
  // Only /cia delete touches memory here: forgetting a deleted session.
  const memory = await openMemoryStore(readEnv(memoryEnvSchema, env));
  const config = loadOrgConfig(lambda.CIA_CONFIG);
  const receiver = new AwsLambdaReceiver({ signingSecret: credentials.signingSecret, logLevel: (credentials.logLevel ?? 'warn') as LogLevel });
  createBotApp(
    credentials,
    receiver,
    botDependencies(slack, {
      sessions: storage.sessions, dedupe: storage.dedupe, investigations: storage.investigations,
      queue: new LambdaJobQueue(lambdaClient, lambda.CIA_WORKER_FUNCTION),
      sources: SUBAGENTS.map((s) => ({ name: s.title, description: s.description, examples: s.examples })),
      ...(memory ? { memory } : {}),
      ...(config.workspaces ? { workspaces: config.workspaces } : {}),
      // The alert buttons edit the alert's message; retrieval runs in the alerts function only.
      alerts: new AlertPoster({
        client: new WebClient(credentials.token, credentials.slackApiUrl ? { slackApiUrl: credentials.slackApiUrl } : {}),
        store: storage.alerts, config, runbooks: null,
      }),
    }),
  );
  const handle = await receiver.start();
  return (event, context) => handle(decodeBody(event), context);
}

/** Bolt decodes base64 bodies as ASCII, which breaks non-ASCII JSON events: decode as UTF-8 first. */
export function decodeBody(event: AwsEvent): AwsEvent {
  if (!event.isBase64Encoded || !event.body) return event;
  return { ...event, body: Buffer.from(event.body, 'base64').toString('utf8'), isBase64Encoded: false };
}

const handler = initializedOnce(() => loadSlackSecrets(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']).then(() => createSlackHandler()));

export const handle = instrumentedHandler(async (event: AwsEvent, context: Context) => (await handler())(event, context));
