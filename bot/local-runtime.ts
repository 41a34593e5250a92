import { RedactingLogger } from './logging/redacting-logger.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WebClient } from '@slack/web-api';
import { investigate } from '../agents/investigate.js';
import { modelProviderFor } from '../agents/models/model-provider.js';
import { modelEnvSchema } from '../agents/models/model-config.js';
import { memoryEnvSchema, openMemoryStore } from '../agents/memory/open-memory-store.js';
import { SUBAGENTS } from '../agents/subagents/index.js';
import type { AgentClient } from '../agents/runtime/agent-client.js';
import { agentRuntimeEnvSchema, openAgentClient } from '../agents/runtime/open-agent-client.js';
import { apiEnvSchema, openApiSources } from '../pipeline-infra/api-sources/open-api-sources.js';
import { readEnv, type StorageEnv } from '../pipeline-infra/config/env.js';
import { loadOrgConfig, type OrgConfig } from '../pipeline-infra/config/org-config.js';
import { generateLake } from '../pipeline-infra/lake/generator/generate-lake.js';
import { openQueryRunner } from '../pipeline-infra/query/open-query-runner.js';
import { InProcessAlertBus } from '../pipeline-infra/alerts/bus/in-process-alert-bus.js';
import { LocalRunbookIndex } from '../pipeline-infra/alerts/runbooks/local-runbook-index.js';
import { ACCOUNTS, HOME_REGION } from '../pipeline-infra/lake/generator/accounts.js';
import { FlowLogLakeDelivery } from '../pipeline-infra/stream/simulator/lake-delivery.js';
import { StreamSimulator } from '../pipeline-infra/stream/simulator/stream-simulator.js';
import { AlertPoster } from './alerts/alert-poster.js';
import type { BotWiring } from './dependencies.js';
import type { InvestigationStore } from './investigations/investigation-store.js';
import type { SessionStore } from './sessions/session-store.js';
import type { ComponentTarget } from './sandbox/emulator/faults.js';
import { runInvestigationJob, type Investigator } from './investigations/run-investigation-job.js';
import { InProcessJobQueue } from './jobs/job-queue.js';
import { conversationPolicy } from './slack/channel-policy.js';
import { userTimeZone } from './slack/user-time-zone.js';
import { openStorage } from './storage/open-storage.js';

export interface LocalRuntimeOptions {
  storage: StorageEnv;
  /** The lake to query; generated on first use when it does not exist. */
  lakeDir?: string;
  configFile?: string;
  slack: { token: string; slackApiUrl?: string };
  /** Lets the sandbox make components fail on demand; identity elsewhere. */
  wrap?: <T extends object>(component: T, target: ComponentTarget) => T;
  log?: (line: string) => void;
  /** Runs the simulated flow-log stream through the detector into the alert poster. */
  stream?: { speed: number };
}

export interface LocalRuntime {
  wiring: BotWiring;
  queue: InProcessJobQueue;
  lakeDir: string;
  alerts: { poster: AlertPoster; bus: InProcessAlertBus; simulator?: StreamSimulator };
  /** The session and investigation tables as stored, past any fault injection: what tests and tools read back. */
  records: { sessions: SessionStore; investigations: InvestigationStore };
  close(): Promise<void>;
}

/** Interrupted investigations older than this are left alone: their askers have moved on. */
const RESUME_WITHIN_MS = 60 * 60 * 1000;

/**
 * Everything behind the Slack side in one process (the sandbox and `cia serve`): storage on
 * DynamoDB (embedded dynalite by default), the lake on DuckDB, the agents in process (or at a
 * runtime URL), and an in-process job queue feeding the same worker code the Lambda worker runs.
 */
export async function openLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const wrap = options.wrap ?? (<T,>(component: T) => component);
  const lakeDir = resolve(options.lakeDir ?? join(options.storage.CIA_DATA_DIR, 'lake'));
  if (!existsSync(lakeDir)) {
    options.log?.(`generating the default data lake in ${lakeDir} (first run only)…`);
    await generateLake({ lakeDir, seed: 1, days: 14 });
  }
  const config: OrgConfig = loadOrgConfig(options.configFile ?? (existsSync(join(lakeDir, 'cia.config.yaml')) ? join(lakeDir, 'cia.config.yaml') : undefined));
  const storage = await openStorage(options.storage, { embedded: true });
  const queries = await openQueryRunner({ lakeDir });
  const models = await modelProviderFor(readEnv(modelEnvSchema));
  const apis = await openApiSources({ env: readEnv(apiEnvSchema), lakeDir, config });
  const runner = { ...queries.runner, engine: wrap(queries.runner.engine, 'query_engine') };
  const logger = new RedactingLogger();
  const openedMemory = await openMemoryStore({ ...readEnv(memoryEnvSchema), CIA_DATA_DIR: options.storage.CIA_DATA_DIR });
  const memory = openedMemory && wrap(openedMemory, 'memory');
  // The agents in process, or behind the runtime contract when one is configured (a `cia runtime` at CIA_AGENT_RUNTIME_URL).
  const agents: AgentClient = (await openAgentClient(readEnv(agentRuntimeEnvSchema))) ?? { investigate: (request, onProgress) => investigate(request, { config, runner, apis, models, memory, log: logger }, onProgress) };
  const faultyAgents = wrap(agents, 'agent_runtime');
  const investigator: Investigator = (request, onProgress) => faultyAgents.investigate(request, onProgress);
  const sessions = wrap(storage.sessions, 'session_store');
  const clientOptions = { ...(options.slack.slackApiUrl ? { slackApiUrl: options.slack.slackApiUrl } : {}), retryConfig: { retries: 3, factor: 1.6, minTimeout: 300, maxTimeout: 3000 } };
  const client = new WebClient(options.slack.token, clientOptions);
  const progressClient = new WebClient(options.slack.token, { ...clientOptions, rejectRateLimitedCalls: true });
  const policy = conversationPolicy(client, config);
  const queue = new InProcessJobQueue((job) =>
    runInvestigationJob(job, { client, progressClient, sessions, investigations: storage.investigations, investigator, allowedAccounts: policy, timeZoneOf: (user) => userTimeZone(client, user), logger }),
  );
  // A process that died mid-investigation (a crash, a SIGKILL) left jobs without an outcome: run them again, so each ends in a terminal message.
  for (const record of await storage.investigations.unfinished(new Date(Date.now() - RESUME_WITHIN_MS))) {
    logger.warn(`[cia:jobs] resuming investigation ${record.id}, interrupted before it ended`);
    await queue.enqueue(record.job);
  }
  const poster = new AlertPoster({ client, store: storage.alerts, config, runbooks: await LocalRunbookIndex.fromDirectory() });
  const bus = new InProcessAlertBus((error, alert) => logger.error(`alert ${alert.fingerprint} (${alert.phase}) was not posted: ${(error as Error).message}`));
  bus.subscribe((alert) => poster.handle(alert));
  let simulator: StreamSimulator | undefined;
  let delivery: FlowLogLakeDelivery | undefined;
  if (options.stream) {
    const onError = (error: unknown) => logger.error(`simulated stream: ${(error as Error).message}`);
    delivery = new FlowLogLakeDelivery(lakeDir, HOME_REGION, 5, onError);
    const accounts = config.accounts.length ? config.accounts.map((a) => a.id) : ACCOUNTS.map((a) => a.id);
    simulator = new StreamSimulator({ accounts, bus, speed: options.stream.speed, deliver: (lines) => delivery!.deliver(lines), onError });
    simulator.start();
  }
  return {
    alerts: { poster, bus, ...(simulator ? { simulator } : {}) },
    wiring: {
      alerts: poster,
      sessions,
      ...(memory ? { memory } : {}),
      ...(config.workspaces ? { workspaces: config.workspaces } : {}),
      dedupe: storage.dedupe,
      investigations: storage.investigations,
      queue,
      sources: SUBAGENTS.map((s) => ({ name: s.title, description: s.description, examples: s.examples })),
      healthChecks: [{ name: 'query engine', check: () => runner.engine.ping() }],
    },
    queue,
    lakeDir,
    records: { sessions: storage.sessions, investigations: storage.investigations },
    close: async () => {
      await simulator?.stop();
      await bus.idle();
      await delivery?.close();
      await queue.idle();
      await queries.close();
      await storage.close();
    },
  };
}
