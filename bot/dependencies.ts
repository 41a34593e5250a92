import type { Logger } from '@slack/bolt';
import type { SlackEnv } from './config.js';
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

/** The same wiring wherever the bot runs: sandbox, a long-running process, or Lambda. */
export function botDependencies(slack: Pick<SlackEnv, 'CIA_COMMAND'>, sessions: SessionStore): BotDependencies {
  return {
    command: slack.CIA_COMMAND,
    botName: 'cia',
    sessions,
    healthChecks: [{ name: 'session store', check: () => sessions.ping() }],
    logger: console,
  };
}
