import { RedactingLogger } from './logging/redacting-logger.js';
import type { MemoryStore } from '../agents/memory/memory-store.js';
import type { Logger } from '@slack/bolt';
import type { AlertPoster } from './alerts/alert-poster.js';
import type { SlackEnv } from './config.js';
import type { DedupeStore } from './dedupe/dedupe-store.js';
import type { HealthCheck } from './health/health-checks.js';
import type { InvestigationStore } from './investigations/investigation-store.js';
import type { JobQueue } from './jobs/job-queue.js';
import type { SessionStore } from './sessions/session-store.js';

/** A data source as `/cia services` describes it to people. */
export interface SourceDescription {
  name: string;
  description: string;
  examples: string[];
}

/** What the listeners need from the rest of the system, injected so each can be swapped or faulted. */
export interface BotDependencies {
  command: string;
  botName: string;
  sessions: SessionStore;
  dedupe: DedupeStore;
  investigations: InvestigationStore;
  queue: JobQueue;
  sources: SourceDescription[];
  healthChecks: HealthCheck[];
  /** The alert desk behind the alert buttons; absent where alerts are not wired. */
  alerts?: AlertPoster;
  /** What the agents remember, forgotten with a session (`/cia delete`); absent where memory is off. */
  memory?: MemoryStore;
  /** The Slack workspaces (team ids) cia answers in; absent: any. */
  workspaces?: readonly string[];
  logger: Pick<Logger, 'error' | 'warn' | 'info'>;
}

export interface BotWiring {
  sessions: SessionStore;
  dedupe: DedupeStore;
  investigations: InvestigationStore;
  queue: JobQueue;
  sources: SourceDescription[];
  /** Checks beyond the session store's (query engine, agent runtime, memory). */
  healthChecks?: HealthCheck[];
  alerts?: AlertPoster;
  memory?: MemoryStore;
  workspaces?: readonly string[];
}

/** The same wiring wherever the bot runs: sandbox, a long-running process, or Lambda. */
export function botDependencies(slack: Pick<SlackEnv, 'CIA_COMMAND'>, wiring: BotWiring): BotDependencies {
  return {
    command: slack.CIA_COMMAND,
    botName: 'cia',
    ...wiring,
    healthChecks: [{ name: 'session store', check: () => wiring.sessions.ping() }, ...(wiring.healthChecks ?? [])],
    logger: new RedactingLogger(),
  };
}
