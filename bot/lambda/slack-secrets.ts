import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { z } from 'zod';
import { readEnv } from '../../pipeline-infra/config/env.js';

const secretsEnvSchema = z.object({
  /** Where the Slack app's secrets live in SSM Parameter Store (SecureString): `<path>/bot-token`, `<path>/signing-secret`. */
  CIA_SLACK_SECRETS_PATH: z.string().regex(/^(\/[\w.-]+)+$/, 'must be an SSM parameter path such as /cia/prod/slack').optional(),
});

/** The secrets each function reads, and the parameter under the path that holds each. */
const PARAMETERS = { SLACK_BOT_TOKEN: 'bot-token', SLACK_SIGNING_SECRET: 'signing-secret' } as const;
export type SlackSecret = keyof typeof PARAMETERS;

/**
 * Reads the Slack secrets a function needs from SSM into its environment, once per cold start,
 * where the handlers' Slack configuration reads them. Secrets never sit in the function's
 * configuration, where anyone who may read the function could see them; without a path
 * (locally, in tests) the environment is left as it is.
 */
export async function loadSlackSecrets(secrets: SlackSecret[], env: NodeJS.ProcessEnv = process.env, provider?: Pick<SSMProvider, 'getParametersByName'>): Promise<void> {
  const path = readEnv(secretsEnvSchema, env).CIA_SLACK_SECRETS_PATH;
  if (!path) return;
  const names = Object.fromEntries(secrets.map((secret) => [secret, `${path}/${PARAMETERS[secret]}`]));
  const values = await (provider ?? new SSMProvider()).getParametersByName<string>(Object.fromEntries(Object.values(names).map((name) => [name, {}])), { decrypt: true, throwOnError: true });
  for (const [secret, name] of Object.entries(names)) env[secret] = values[name];
}
