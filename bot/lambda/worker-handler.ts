import { exportAgentSpans } from '../observability/agent-spans.js';
import { instrumentedHandler } from '../observability/lambda-handler.js';
import { observeJob } from '../observability/observe-job.js';
import { functionLogger, powertoolsOn } from '../observability/powertools.js';
import { WebClient } from '@slack/web-api';
import { readEnv, storageEnvSchema } from '../../pipeline-infra/config/env.js';
import { loadOrgConfig } from '../../pipeline-infra/config/org-config.js';
import { agentRuntimeEnvSchema, openAgentClient } from '../../agents/runtime/open-agent-client.js';
import { lambdaEnvSchema, requireSlackWebApi } from '../config.js';
import { initializedOnce } from './initialized-once.js';
import { loadSlackSecrets } from './slack-secrets.js';
import type { InvestigationJob } from '../investigations/investigation-job.js';
import { runInvestigationJob } from '../investigations/run-investigation-job.js';
import { conversationPolicy } from '../slack/channel-policy.js';
import { userTimeZone } from '../slack/user-time-zone.js';
import { openStorage } from '../storage/open-storage.js';

type Worker = (job: InvestigationJob) => Promise<void>;

/** The `worker` Lambda function: runs the investigations the slack function hands it (async invoke). */
export async function createWorker(env: NodeJS.ProcessEnv = process.env): Promise<Worker> {
  const credentials = requireSlackWebApi(env);
  const lambda = readEnv(lambdaEnvSchema, env);
  const config = loadOrgConfig(lambda.CIA_CONFIG);
  const storage = await openStorage(readEnv(storageEnvSchema, env), { embedded: false });
  const tools = powertoolsOn(env);
  tools?.tracer.captureAWSv3Client(storage.client);
  const logger = functionLogger(env, tools);
  const spans = await exportAgentSpans(env, (line) => logger.warn(line));
  // The agents on AgentCore Runtime (or a `cia runtime` URL) when configured, else in this function
  // (loaded only then: the lake engine and the models stay out of a worker that invokes a runtime).
  const agents = (await openAgentClient(readEnv(agentRuntimeEnvSchema, env))) ?? (await (await import('./in-process-agents.js')).inProcessAgents(env, config, logger));
  // A short retry budget: a worker must not wait out a long rate limit.
  const clientOptions = { ...(credentials.slackApiUrl ? { slackApiUrl: credentials.slackApiUrl } : {}), retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 1500 } };
  const client = new WebClient(credentials.token, clientOptions);
  const progressClient = new WebClient(credentials.token, { ...clientOptions, rejectRateLimitedCalls: true });
  return async (job) => {
    try {
      await observeJob(job, { log: logger, ...(tools ? { powertools: tools } : {}) }, (watch) =>
        runInvestigationJob(job, {
          client, progressClient, sessions: storage.sessions, investigations: storage.investigations,
          investigator: watch((request, onProgress) => agents.investigate(request, onProgress)),
          allowedAccounts: conversationPolicy(client, config), timeZoneOf: (user) => userTimeZone(client, user), logger,
        }),
      );
    } finally {
      await spans.flush();
    }
  };
}

const worker = initializedOnce(() => loadSlackSecrets(['SLACK_BOT_TOKEN']).then(() => createWorker()));

export const handle = instrumentedHandler(async (job: InvestigationJob): Promise<void> => (await worker())(job));
