import { z } from 'zod';
import { port, readEnv } from '../pipeline-infra/config/env.js';
import { ConfigError } from '../pipeline-infra/config/config-error.js';
import type { QueryRunnerOptions } from '../pipeline-infra/query/open-query-runner.js';

/** Slack credentials and the bot's own HTTP endpoint (DESIGN §4, §6.1). */
export const slackEnvSchema = z.object({
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-[A-Za-z0-9-]+$/, 'must be a bot token (xoxb-…)').optional(),
  SLACK_SIGNING_SECRET: z.string().regex(/^[A-Za-z0-9]{16,}$/, 'must be the app\'s signing secret (at least 16 letters and digits)').optional(),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-[A-Za-z0-9-]+$/, 'must be an app-level token (xapp-…) with connections:write').optional(),
  SLACK_BOT_ID: z.string().regex(/^B[A-Z0-9]+$/, 'must be a bot id such as B0123ABCD').optional(),
  SLACK_BOT_USER_ID: z.string().regex(/^[UW][A-Z0-9]+$/, 'must be a user id such as U0123ABCD').optional(),
  SLACK_API_URL: z.url('must be a URL ending in /api/').optional(),
  CIA_BOT_PORT: port(3001),
  CIA_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], { error: 'must be one of debug, info, warn, error' }).default('warn'),
  CIA_COMMAND: z.string().regex(/^\/[a-z0-9_-]+$/, 'must be a slash command such as /cia').default('/cia'),
});
export type SlackEnv = z.infer<typeof slackEnvSchema>;

export const sandboxEnvSchema = z.object({
  CIA_SANDBOX_PORT: port(3000),
  CIA_SANDBOX_HOST: z.string().default('127.0.0.1'),
  /** The lake the local bot queries; default CIA_DATA_DIR/lake, generated on first start. */
  CIA_LAKE_DIR: z.string().min(1).optional(),
  /** The configuration file (accounts, channel policies); default: the one the lake carries. */
  CIA_CONFIG: z.string().min(1).optional(),
  /** The simulated flow-log stream: `on` runs normal traffic and the attacks of POST /sandbox/api/simulate. */
  CIA_STREAM: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  /** Stream seconds per real second: 1 is real time; more (demos, tests) replays the last 6 hours that much faster, then follows real time. */
  CIA_STREAM_SPEED: z.coerce.number({ error: 'must be a number' }).positive('must be above 0').max(3600, 'must be at most 3600').default(1),
});
export type SandboxEnv = z.infer<typeof sandboxEnvSchema>;

export interface SlackCredentials {
  token: string;
  signingSecret: string;
  botId?: string;
  botUserId?: string;
  appToken?: string;
  slackApiUrl?: string;
  logLevel?: SlackEnv['CIA_LOG_LEVEL'];
}

/** Credentials for a real workspace: every missing variable is named at once. */
export function requireSlackCredentials(env: NodeJS.ProcessEnv = process.env): SlackCredentials {
  const slack = readEnv(slackEnvSchema, env);
  const missing = [
    !slack.SLACK_BOT_TOKEN && 'SLACK_BOT_TOKEN: required (the bot token, xoxb-…)',
    !slack.SLACK_SIGNING_SECRET && !slack.SLACK_APP_TOKEN && 'SLACK_SIGNING_SECRET: required for HTTP delivery (or set SLACK_APP_TOKEN for Socket Mode)',
  ].filter((p): p is string => Boolean(p));
  if (missing.length) throw new ConfigError('the environment', missing);
  return {
    token: slack.SLACK_BOT_TOKEN!,
    signingSecret: slack.SLACK_SIGNING_SECRET ?? '',
    botId: slack.SLACK_BOT_ID,
    botUserId: slack.SLACK_BOT_USER_ID,
    appToken: slack.SLACK_APP_TOKEN,
    slackApiUrl: slack.SLACK_API_URL,
    logLevel: slack.CIA_LOG_LEVEL,
  };
}

/** What a function that only calls Slack's Web API needs (the worker, the alerts function): no signing secret. */
export function requireSlackWebApi(env: NodeJS.ProcessEnv = process.env): Pick<SlackCredentials, 'token' | 'slackApiUrl'> {
  const slack = readEnv(slackEnvSchema, env);
  if (!slack.SLACK_BOT_TOKEN) throw new ConfigError('the environment', ['SLACK_BOT_TOKEN: required (the bot token, xoxb-…)']);
  return { token: slack.SLACK_BOT_TOKEN, ...(slack.SLACK_API_URL ? { slackApiUrl: slack.SLACK_API_URL } : {}) };
}

/** Settings only the Lambda functions need. */
export const lambdaEnvSchema = z.object({
  /** The worker function the slack function hands investigations to (async invoke). */
  CIA_WORKER_FUNCTION: z.string().min(1, 'must name the worker Lambda function').default('cia-worker'),
  /** Where the worker queries: Athena in production, or DuckDB over CIA_LAKE_DIR. */
  CIA_QUERY_ENGINE: z.enum(['athena', 'duckdb'], { error: 'must be athena or duckdb' }).default('athena'),
  CIA_ATHENA_WORKGROUP: z.string().min(1).default('cia'),
  CIA_ATHENA_OUTPUT: z.string().regex(/^s3:\/\//, 'must be an s3:// location').optional(),
  CIA_LAKE_DIR: z.string().min(1).optional(),
  CIA_CONFIG: z.string().min(1).optional(),
});
export type LambdaEnv = z.infer<typeof lambdaEnvSchema>;

/** Where the agents' queries run, as the environment says: an Athena workgroup, or DuckDB over a lake folder. */
export function queryRunnerOptions(env: Pick<LambdaEnv, 'CIA_QUERY_ENGINE' | 'CIA_ATHENA_WORKGROUP' | 'CIA_ATHENA_OUTPUT'>, lakeDir: string): QueryRunnerOptions {
  if (env.CIA_QUERY_ENGINE === 'duckdb') return { lakeDir };
  return { engine: 'athena', workGroup: env.CIA_ATHENA_WORKGROUP, ...(env.CIA_ATHENA_OUTPUT ? { outputLocation: env.CIA_ATHENA_OUTPUT } : {}) };
}
