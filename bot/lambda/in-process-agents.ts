import { investigate } from '../../agents/investigate.js';
import { memoryEnvSchema, openMemoryStore } from '../../agents/memory/open-memory-store.js';
import { modelEnvSchema } from '../../agents/models/model-config.js';
import { modelProviderFor } from '../../agents/models/model-provider.js';
import type { AgentClient } from '../../agents/runtime/agent-client.js';
import { apiEnvSchema, openApiSources } from '../../pipeline-infra/api-sources/open-api-sources.js';
import { readEnv } from '../../pipeline-infra/config/env.js';
import type { OrgConfig } from '../../pipeline-infra/config/org-config.js';
import { openQueryRunner } from '../../pipeline-infra/query/open-query-runner.js';
import { lambdaEnvSchema, queryRunnerOptions } from '../config.js';
import type { RedactingLogger } from '../logging/redacting-logger.js';
import { countingMemoryFailures } from '../observability/cia-metrics.js';
import { powertoolsOn } from '../observability/powertools.js';

/** The agents in this process, with everything they query and remember. */
export async function inProcessAgents(env: NodeJS.ProcessEnv, config: OrgConfig, logger: RedactingLogger): Promise<AgentClient> {
  const lambda = readEnv(lambdaEnvSchema, env);
  const queries = await openQueryRunner(queryRunnerOptions(lambda, lambda.CIA_LAKE_DIR ?? '/tmp/cia-lake'));
  const models = await modelProviderFor(readEnv(modelEnvSchema, env));
  const apis = await openApiSources({ env: readEnv(apiEnvSchema, env), lakeDir: lambda.CIA_LAKE_DIR ?? '/tmp/cia-lake', config });
  const opened = await openMemoryStore(readEnv(memoryEnvSchema, env));
  const tools = powertoolsOn(env);
  const memory = opened && tools ? countingMemoryFailures(opened, tools.metrics) : opened;
  return { investigate: (request, onProgress) => investigate(request, { config, runner: queries.runner, apis, models, memory, log: logger }, onProgress) };
}

