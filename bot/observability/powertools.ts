import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { LogLevel } from '@slack/bolt';
import { readEnv } from '../../pipeline-infra/config/env.js';
import { slackEnvSchema } from '../config.js';
import { RedactingLogger } from '../logging/redacting-logger.js';
import { secretValues } from '../logging/redact-secrets.js';

export interface Powertools {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
}

/**
 * The Lambda functions' Logger (JSON lines), Metrics (EMF, namespace `cia`) and Tracer (X-Ray),
 * all of service `cia`: made once per execution environment, as Powertools intends. The Tracer
 * turns itself off outside Lambda; the others are only used where `powertoolsOn` says so.
 */
export const powertools: Powertools = {
  logger: new Logger({ serviceName: 'cia' }),
  metrics: new Metrics({ namespace: 'cia', serviceName: 'cia' }),
  tracer: new Tracer({ serviceName: 'cia' }),
};

/**
 * Powertools where the function runs on Lambda (which sets AWS_LAMBDA_FUNCTION_NAME); elsewhere
 * (tests, local runs) none: logs stay plain console lines and no metrics are printed.
 */
export function powertoolsOn(env: NodeJS.ProcessEnv): Powertools | undefined {
  return env.AWS_LAMBDA_FUNCTION_NAME ? powertools : undefined;
}

/**
 * The one logger of a function, secrets redacted: through the Powertools Logger on Lambda (whose
 * level is POWERTOOLS_LOG_LEVEL, INFO by default), to the console at CIA_LOG_LEVEL elsewhere.
 */
export function functionLogger(env: NodeJS.ProcessEnv, tools: Powertools | undefined): RedactingLogger {
  if (tools) return new RedactingLogger(tools.logger, secretValues(env), 'structured');
  const logger = new RedactingLogger(console, secretValues(env));
  logger.setLevel(readEnv(slackEnvSchema.pick({ CIA_LOG_LEVEL: true }), env).CIA_LOG_LEVEL as LogLevel);
  return logger;
}
