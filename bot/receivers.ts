import { HTTPReceiver, type LogLevel, SocketModeReceiver, type Receiver } from '@slack/bolt';
import type { SlackCredentials } from './config.js';

export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * The receiver for a long-running process: Socket Mode when an app token is set, otherwise
 * Slack's HTTP delivery on /slack/events. (Lambda builds its own in bot/lambda.)
 */
export function longRunningReceiver(credentials: SlackCredentials): Receiver {
  const logLevel = (credentials.logLevel ?? 'warn') as LogLevel;
  if (credentials.appToken) return new SocketModeReceiver({ appToken: credentials.appToken, logLevel, ...(credentials.slackApiUrl ? { clientOptions: { slackApiUrl: credentials.slackApiUrl } } : {}) });
  return httpReceiver(credentials.signingSecret, logLevel);
}

/** Slack's HTTP delivery on /slack/events. */
export function httpReceiver(signingSecret: string, logLevel: LogLevel): HTTPReceiver {
  return new HTTPReceiver({
    signingSecret,
    logLevel,
    endpoints: SLACK_EVENTS_PATH,
    // Ack as soon as the listener calls ack(), as Slack expects; the listener carries on.
    processBeforeResponse: false,
  });
}
