import { RedactingLogger } from './logging/redacting-logger.js';
import { App, LogLevel, type Receiver } from '@slack/bolt';
import type { SlackCredentials } from './config.js';
import type { BotDependencies } from './dependencies.js';
import { registerListeners } from './listeners/index.js';

/**
 * The Bolt app with every listener registered. The receiver decides where it runs (HTTP in the
 * sandbox, Socket Mode, Lambda); the code is the same against Slack and the sandbox.
 */
export function createBotApp(credentials: SlackCredentials, receiver: Receiver, deps: BotDependencies): App {
  const app = new App({
    receiver,
    token: credentials.token,
    // With both ids given, Bolt never calls auth.test (faster cold starts).
    ...(credentials.botId && credentials.botUserId ? { botId: credentials.botId, botUserId: credentials.botUserId } : {}),
    logger: new RedactingLogger(),
    logLevel: (credentials.logLevel ?? 'warn') as LogLevel,
    clientOptions: {
      ...(credentials.slackApiUrl ? { slackApiUrl: credentials.slackApiUrl } : {}),
      // A short retry budget: a rate-limited call must not hold an investigation for minutes.
      retryConfig: { retries: 3, factor: 1.6, minTimeout: 300, maxTimeout: 3000 },
    },
  });
  // Bolt's default handler re-throws, which answers 500 and makes Slack retry the event.
  app.error(async (error) => {
    deps.logger.error('[cia:bolt] listener failed', error);
  });
  registerListeners(app, deps);
  return app;
}
