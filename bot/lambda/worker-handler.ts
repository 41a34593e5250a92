import { RedactingLogger } from '../logging/redacting-logger.js';
import { secretValues } from '../logging/redact-secrets.js';
import { WebClient } from '@slack/web-api';
import { investigate } from '../../agents/investigate.js';
import { memoryEnvSchema, openMemoryStore } from '../../agents/memory/open-memory-store.js';
import { modelEnvSchema } from '../../agents/models/model-config.js';
import { modelProviderFor } from '../../agents/models/model-provider.js';
import { apiEnvSchema, openApiSources } from '../../pipeline-infra/api-sources/open-api-sources.js';
import { readEnv, storageEnvSchema } from '../../pipeline-infra/config/env.js';
import { loadOrgConfig } from '../../pipeline-infra/config/org-config.js';
import { openQueryRunner } from '../../pipeline-infra/query/open-query-runner.js';
import { lambdaEnvSchema, requireSlackCredentials } from '../config.js';
import type { InvestigationJob } from '../investigations/investigation-job.js';
import { runInvestigationJob } from '../investigations/run-investigation-job.js';
import { conversationPolicy } from '../slack/channel-policy.js';
import { userTimeZone } from '../slack/user-time-zone.js';
import { openStorage } from '../storage/open-storage.js';

type Worker = (job: InvestigationJob) => Promise<void>;

/** The `worker` Lambda function: runs the investigations the slack function hands it (async invoke). */
export async function createWorker(env: NodeJS.ProcessEnv = process.env): Promise<Worker> {
  const credentials = requireSlackCredentials(env);
  const lambda = readEnv(lambdaEnvSchema, env);
  const config = loadOrgConfig(lambda.CIA_CONFIG);
  const storage = await openStorage(readEnv(storageEnvSchema, env), { embedded: false });
  const queries = await openQueryRunner(
    lambda.CIA_QUERY_ENGINE === 'athena'
      ? { engine: 'athena', workGroup: lambda.CIA_ATHENA_WORKGROUP, ...(lambda.CIA_ATHENA_OUTPUT ? { outputLocation: lambda.CIA_ATHENA_OUTPUT } : {}) }
      : { lakeDir: lambda.CIA_LAKE_DIR ?? '/tmp/cia-lake' },
  );
  const models = await modelProviderFor(readEnv(modelEnvSchema, env));
  const apis = await openApiSources({ env: readEnv(apiEnvSchema, env), lakeDir: lambda.CIA_LAKE_DIR ?? '/tmp/cia-lake', config });
  const memory = await openMemoryStore(readEnv(memoryEnvSchema, env));
  const logger = new RedactingLogger(console, secretValues(env));
  // A short retry budget: a worker must not wait out a long rate limit.
  const clientOptions = { ...(credentials.slackApiUrl ? { slackApiUrl: credentials.slackApiUrl } : {}), retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 1500 } };
  const client = new WebClient(credentials.token, clientOptions);
  const progressClient = new WebClient(credentials.token, { ...clientOptions, rejectRateLimitedCalls: true });
  return (job) =>
    runInvestigationJob(job, {
      client, progressClient, sessions: storage.sessions, investigations: storage.investigations,
      investigator: (request, onProgress) => investigate(request, { config, runner: queries.runner, apis, models, memory, log: logger }, onProgress),
      allowedAccounts: conversationPolicy(client, config), timeZoneOf: (user) => userTimeZone(client, user), logger,
    });
}

let worker: Promise<Worker> | undefined;

export const handle = async (job: InvestigationJob): Promise<void> => {
  worker ??= createWorker();
  await (await worker)(job);
};
