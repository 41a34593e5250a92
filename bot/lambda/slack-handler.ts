import { AwsLambdaReceiver, type LogLevel } from '@slack/bolt';
import { readEnv, storageEnvSchema } from '../../pipeline-infra/config/env.js';
import { createBotApp } from '../app.js';
import { requireSlackCredentials, slackEnvSchema } from '../config.js';
import { botDependencies } from '../dependencies.js';
import { openSessionStore } from '../sessions/open-session-store.js';

type AwsHandler = Awaited<ReturnType<AwsLambdaReceiver['start']>>;
type AwsEvent = Parameters<AwsHandler>[0];

/**
 * The `slack` Lambda function: verifies, answers and acks. AwsLambdaReceiver replies only when
 * listeners finish, so listeners here must stay within Slack's 3 s.
 */
export async function createSlackHandler(env: NodeJS.ProcessEnv = process.env): Promise<AwsHandler> {
  const credentials = requireSlackCredentials(env);
  const slack = readEnv(slackEnvSchema, env);
  const { sessions } = await openSessionStore(readEnv(storageEnvSchema, env), { embedded: false });
  const receiver = new AwsLambdaReceiver({ signingSecret: credentials.signingSecret, logLevel: (credentials.logLevel ?? 'warn') as LogLevel });
  createBotApp(credentials, receiver, botDependencies(slack, sessions));
  const handle = await receiver.start();
  return (event, context) => handle(decodeBody(event), context);
}

/** Bolt decodes base64 bodies as ASCII, which breaks non-ASCII JSON events: decode as UTF-8 first. */
export function decodeBody(event: AwsEvent): AwsEvent {
  if (!event.isBase64Encoded || !event.body) return event;
  return { ...event, body: Buffer.from(event.body, 'base64').toString('utf8'), isBase64Encoded: false };
}

let handler: Promise<AwsHandler> | undefined;

export const handle: AwsHandler = async (event, context) => {
  handler ??= createSlackHandler();
  return (await handler)(event, context);
};
