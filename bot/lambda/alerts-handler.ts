import type { SNSEvent } from 'aws-lambda';
import { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { openRunbookIndex } from '../../pipeline-infra/alerts/runbooks/open-runbook-index.js';
import { ALERT_KINDS, ALERT_PHASES, SEVERITIES, type Alert } from '../../pipeline-infra/alerts/alert.js';
import { readEnv, storageEnvSchema } from '../../pipeline-infra/config/env.js';
import { loadOrgConfig } from '../../pipeline-infra/config/org-config.js';
import { AlertPoster } from '../alerts/alert-poster.js';
import { lambdaEnvSchema, requireSlackCredentials } from '../config.js';
import { openStorage } from '../storage/open-storage.js';

export const alertsEnvSchema = z.object({
  /** A Bedrock Knowledge Base holding the runbooks (see knowledge-base-documents.ts); unset: BM25 over the bundled runbook files. */
  CIA_RUNBOOKS_KB_ID: z.string().regex(/^[0-9A-Z]{10}$/, 'must be a Bedrock Knowledge Base id (10 upper-case letters and digits)').optional(),
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

type Handler = (event: SNSEvent) => Promise<void>;

/**
 * The `alerts` Lambda function: takes the detector's alerts from SNS and keeps one Slack message
 * per incident (AlertPoster). A message that is not an alert is logged and dropped, since a retry
 * cannot fix it; Slack or DynamoDB failures throw, and SNS delivers again.
 */
export async function createAlertsHandler(env: NodeJS.ProcessEnv = process.env): Promise<Handler> {
  const credentials = requireSlackCredentials(env);
  const lambda = readEnv(lambdaEnvSchema, env);
  const settings = readEnv(alertsEnvSchema, env);
  const storage = await openStorage(readEnv(storageEnvSchema, env), { embedded: false });
  const poster = new AlertPoster({
    client: new WebClient(credentials.token, credentials.slackApiUrl ? { slackApiUrl: credentials.slackApiUrl } : {}),
    store: storage.alerts,
    config: loadOrgConfig(lambda.CIA_CONFIG),
    runbooks: await openRunbookIndex({ knowledgeBaseId: settings.CIA_RUNBOOKS_KB_ID }),
  });
  return async (event) => {
    for (const record of event.Records) {
      const parsed = alertMessageSchema.safeParse(parseJson(record.Sns.Message));
      if (!parsed.success) {
        console.error(`alerts: dropped SNS message ${record.Sns.MessageId}: not an alert (${parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ')})`);
        continue;
      }
      await poster.handle(parsed.data as unknown as Alert);
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

let handler: Promise<Handler> | undefined;

export const handle: Handler = async (event) => {
  handler ??= createAlertsHandler();
  return (await handler)(event);
};
