import type { Context, SNSEvent } from 'aws-lambda';
import { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { openRunbookIndex } from '../../pipeline-infra/alerts/runbooks/open-runbook-index.js';
import { ALERT_KINDS, ALERT_PHASES, SEVERITIES, type Alert } from '../../pipeline-infra/alerts/alert.js';
import { readEnv, storageEnvSchema } from '../../pipeline-infra/config/env.js';
import { loadOrgConfig } from '../../pipeline-infra/config/org-config.js';
import { AlertPoster } from '../alerts/alert-poster.js';
import { oncePerMessage } from '../alerts/once-per-message.js';
import { recordAlertDelivery, type AlertDelivery } from '../observability/cia-metrics.js';
import { instrumentedHandler } from '../observability/lambda-handler.js';
import { functionLogger, powertoolsOn } from '../observability/powertools.js';
import { lambdaEnvSchema, requireSlackWebApi } from '../config.js';
import { initializedOnce } from './initialized-once.js';
import { loadSlackSecrets } from './slack-secrets.js';
import { openStorage } from '../storage/open-storage.js';

export const alertsEnvSchema = z.object({
  /** A Bedrock Knowledge Base holding the runbooks (see knowledge-base-documents.ts); unset: BM25 over the bundled runbook files. */
  CIA_RUNBOOKS_KB_ID: z.string().regex(/^[0-9A-Z]{10}$/, 'must be a Bedrock Knowledge Base id (10 upper-case letters and digits)').optional(),
  /** The runbook files to retrieve from; the deployment bundles them beside the function. Default: pipeline-infra/runbooks. */
  CIA_RUNBOOKS_DIR: z.string().min(1).optional(),
  /** The DynamoDB table of Powertools' idempotency records (IdempotencyTable): one per SNS message handled. */
  CIA_IDEMPOTENCY_TABLE: z
    .string({ error: 'required: the DynamoDB table of the idempotency records (IdempotencyTable)' })
    .regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)'),
});

/** What the alert bus carries: the detector's alert, checked before anything is posted from it. */
const alertMessageSchema = z.looseObject({
  fingerprint: z.string().regex(/^[0-9a-f]{24}$/),
  kind: z.enum(ALERT_KINDS),
  account: z.string(),
  target: z.string().min(1),
  phase: z.enum(ALERT_PHASES),
  severity: z.enum(SEVERITIES),
  evidence: z.looseObject({ start: z.string(), peak: z.string(), peakValue: z.number(), baseline: z.number(), unit: z.string(), topSources: z.array(z.unknown()), ports: z.array(z.number()) }),
  seenCount: z.number().int().positive(),
  firstSeen: z.iso.datetime(),
  lastSeen: z.iso.datetime(),
});

type Handler = (event: SNSEvent, context?: Context) => Promise<void>;

/**
 * The `alerts` Lambda function: takes the detector's alerts from SNS and keeps one Slack message
 * per incident (AlertPoster). Each message is handled once (oncePerMessage), so a redelivery
 * never posts or edits again. A message that is not an alert is logged and dropped, since a
 * retry cannot fix it; Slack or DynamoDB failures throw, and SNS delivers again.
 */
export async function createAlertsHandler(env: NodeJS.ProcessEnv = process.env): Promise<Handler> {
  const credentials = requireSlackWebApi(env);
  const lambda = readEnv(lambdaEnvSchema, env);
  const settings = readEnv(alertsEnvSchema, env);
  const storage = await openStorage(readEnv(storageEnvSchema, env), { embedded: false });
  const tools = powertoolsOn(env);
  tools?.tracer.captureAWSv3Client(storage.client);
  const log = functionLogger(env, tools);
  const poster = new AlertPoster({
    client: new WebClient(credentials.token, credentials.slackApiUrl ? { slackApiUrl: credentials.slackApiUrl } : {}),
    store: storage.alerts,
    config: loadOrgConfig(lambda.CIA_CONFIG),
    runbooks: await openRunbookIndex({ knowledgeBaseId: settings.CIA_RUNBOOKS_KB_ID, dir: settings.CIA_RUNBOOKS_DIR }),
    logger: log,
  });
  const count = (delivery: AlertDelivery) => tools && recordAlertDelivery(tools.metrics, delivery);
  const handleOnce = oncePerMessage<AlertDelivery>(
    async (record) => {
      const parsed = alertMessageSchema.safeParse(parseJson(record.Sns.Message));
      if (!parsed.success) {
        log.error(`[cia:alerts] dropped SNS message ${record.Sns.MessageId}: not an alert (${parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ')})`);
        count('dropped');
        return 'dropped';
      }
      const alert = parsed.data as unknown as Alert;
      const effect = await poster.handle(alert);
      log.info(`[cia:alerts] ${effect} · incident ${alert.fingerprint} · ${alert.phase} · ${alert.severity} · seen ${alert.seenCount} times · SNS message ${record.Sns.MessageId}`);
      count(effect);
      return effect;
    },
    {
      client: storage.client, tableName: settings.CIA_IDEMPOTENCY_TABLE,
      onRepeat: (done) => {
        log.info(`[cia:alerts] a repeated delivery of a message handled before (${done}): nothing done`);
        count('repeat');
      },
    },
  );
  return async (event, context) => {
    if (context) handleOnce.registerLambdaContext(context);
    try {
      for (const record of event.Records) await handleOnce.process(record);
    } finally {
      if (tools?.metrics.hasStoredMetrics()) tools.metrics.publishStoredMetrics();
    }
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const handler = initializedOnce(() => loadSlackSecrets(['SLACK_BOT_TOKEN']).then(() => createAlertsHandler()));

export const handle = instrumentedHandler(async (event: SNSEvent, context: Context): Promise<void> => (await handler())(event, context));
