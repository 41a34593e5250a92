import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { SnsAlertBus } from '../../pipeline-infra/alerts/bus/sns-alert-bus.js';
import { readEnv } from '../../pipeline-infra/config/env.js';
import { fieldName } from '../../pipeline-infra/stream/flow-log-parser.js';
import { DynamoDetectorStateStore } from '../../pipeline-infra/stream/kinesis/detector-state-store.js';
import { handleTumblingWindow, type TumblingWindowEvent, type TumblingWindowResponse } from '../../pipeline-infra/stream/kinesis/tumbling-window.js';
import { instrumentedHandler } from '../observability/lambda-handler.js';
import { powertoolsOn } from '../observability/powertools.js';

export const detectorEnvSchema = z.object({
  CIA_DETECTOR_STATE_TABLE: z
    .string({ error: 'required: the DynamoDB table of the detector\'s state (DetectorStateTable)' })
    .regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)'),
  CIA_ALERTS_TOPIC_ARN: z
    .string({ error: 'required: the SNS topic alerts are published to (AlertsTopic)' })
    .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'must be an SNS topic ARN (arn:aws:sns:region:account:name)'),
  /** The flow logs' custom format (CloudWatch Logs messages carry no header); the v2 default when unset. */
  CIA_FLOW_LOG_FORMAT: z
    .string()
    .transform((format) => format.trim().split(/\s+/))
    .refine((fields) => fields.every((f) => /^(\$\{[a-z][a-z-]*\}|[a-z][a-z_-]*)$/.test(f)), 'must be a flow-log format: field names such as ${version} ${account-id} …')
    .refine((fields) => ['dstaddr', 'start'].every((f) => fields.map(fieldName).includes(f)), 'must include ${dstaddr} and ${start}, which the detector needs')
    .optional(),
});

type Handler = (event: TumblingWindowEvent) => Promise<TumblingWindowResponse>;

/** The `detector` Lambda function: the flow stream's records through the detector, one tumbling window at a time. */
export function createDetectorHandler(env: NodeJS.ProcessEnv = process.env): Handler {
  const settings = readEnv(detectorEnvSchema, env);
  const tracer = powertoolsOn(env)?.tracer;
  const [dynamo, sns] = [new DynamoDBClient({}), new SNSClient({})];
  tracer?.captureAWSv3Client(dynamo);
  tracer?.captureAWSv3Client(sns);
  const dependencies = {
    store: new DynamoDetectorStateStore(dynamo, settings.CIA_DETECTOR_STATE_TABLE),
    bus: new SnsAlertBus(sns, settings.CIA_ALERTS_TOPIC_ARN),
    options: settings.CIA_FLOW_LOG_FORMAT ? { decode: { format: settings.CIA_FLOW_LOG_FORMAT } } : {},
  };
  return (event) => handleTumblingWindow(event, dependencies);
}

let handler: Handler | undefined;

export const handle = instrumentedHandler(async (event: TumblingWindowEvent) => {
  handler ??= createDetectorHandler();
  return handler(event);
});
