import type { Logger } from '@slack/bolt';
import type { HealthCheck } from './health/health-checks.js';
import type { SessionStore } from './sessions/session-store.js';

/** What the listeners need from the rest of the system, injected so each can be swapped or faulted. */
export interface BotDependencies {
  command: string;
  botName: string;
  sessions: SessionStore;
  healthChecks: HealthCheck[];
  logger: Pick<Logger, 'error' | 'warn' | 'info'>;
}
