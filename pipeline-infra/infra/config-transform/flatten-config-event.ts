import { z } from 'zod';
import { configTable } from '../../catalog/tables/config.js';
import { isoUtc, parseAwsTime } from '../../lake/aws-time.js';
import { partitionDir, partitionValues, type PartitionValues } from '../../lake/layout.js';

export const CONFIG_ITEM_CHANGE = 'Config Configuration Item Change';
const CHANGE_NOTIFICATION = 'ConfigurationItemChangeNotification';
const OVERSIZED_NOTIFICATION = 'OversizedConfigurationItemChangeNotification';

/** The EventBridge envelope of a Config item change; the item itself is checked on its own. */
const configChangeEventSchema = z.looseObject({
  source: z.literal('aws.config'),
  'detail-type': z.literal(CONFIG_ITEM_CHANGE),
  detail: z.looseObject({ messageType: z.string() }),
});

/** What partitioning needs of an item: whose it is and when it was captured. */
const configurationItemSchema = z.looseObject({
  awsAccountId: z.string().min(1),
  configurationItemCaptureTime: z.string(),
});

const oversizedDetailSchema = z.looseObject({
  configurationItemSummary: z.looseObject({ resourceType: z.string().nullish(), resourceId: z.string().nullish(), awsAccountId: z.string().nullish() }).optional(),
  s3DeliverySummary: z.looseObject({ s3BucketLocation: z.string().nullish(), errorCode: z.string().nullish(), errorMessage: z.string().nullish() }).optional(),
});

export type FlattenedConfigEvent =
  /** The flat item, as `config_logs` reads it and `cia lake import config` writes it, and its partition. */
  | { outcome: 'item'; item: Record<string, unknown>; partitionKeys: PartitionValues }
  /** Config sent a summary instead of the item (over EventBridge's size limit): nothing to store. */
  | { outcome: 'oversized'; reason: string }
  /** Not a Config item change this function can file: kept by Firehose in its error prefix. */
  | { outcome: 'rejected'; reason: string };

/**
 * An EventBridge "Config Configuration Item Change" event unwrapped into the flat configuration
 * item it carries (`detail.configurationItem`), with its capture time in ISO-8601 UTC and the
 * partition keys of `config_logs` (account from `awsAccountId`, day from the capture time, UTC).
 */
export function flattenConfigEvent(event: unknown): FlattenedConfigEvent {
  const envelope = configChangeEventSchema.safeParse(event);
  if (!envelope.success) return { outcome: 'rejected', reason: `not an aws.config "${CONFIG_ITEM_CHANGE}" event (${describeIssue(envelope.error)})` };
  const { detail } = envelope.data;
  if (detail.messageType === OVERSIZED_NOTIFICATION) return { outcome: 'oversized', reason: describeOversized(detail) };
  if (detail.messageType !== CHANGE_NOTIFICATION) return { outcome: 'rejected', reason: `unexpected messageType ${JSON.stringify(detail.messageType)}` };

  const parsedItem = configurationItemSchema.safeParse(detail.configurationItem);
  if (!parsedItem.success) return { outcome: 'rejected', reason: `detail.configurationItem: ${describeIssue(parsedItem.error)}` };
  const item = parsedItem.data;
  // Written as Config sent it (zod's copy would reorder the keys), with only the capture time normalized.
  const delivered = detail.configurationItem as Record<string, unknown>;
  const captureTime = isoUtc(item.configurationItemCaptureTime);
  if (!captureTime) return { outcome: 'rejected', reason: `configurationItemCaptureTime is not a time: ${JSON.stringify(item.configurationItemCaptureTime)}` };
  const partitionKeys = partitionValues(configTable, { account: item.awsAccountId, time: parseAwsTime(captureTime)! });
  try {
    // The values become S3 key segments: the same check the lake writer makes.
    partitionDir(configTable, partitionKeys);
  } catch (error) {
    return { outcome: 'rejected', reason: (error as Error).message };
  }
  return { outcome: 'item', item: { ...delivered, configurationItemCaptureTime: captureTime }, partitionKeys };
}

function describeOversized(detail: unknown): string {
  // A summary of an unexpected shape still gets a reason, never a failed batch.
  const parsed = oversizedDetailSchema.safeParse(detail);
  const { configurationItemSummary: summary, s3DeliverySummary: delivery } = parsed.success ? parsed.data : {};
  const resource = [summary?.resourceType, summary?.resourceId, summary?.awsAccountId && `in ${summary.awsAccountId}`].filter(Boolean).join(' ') || 'unknown resource';
  const where = delivery?.s3BucketLocation
    ? `the full item is in the Config delivery bucket at s3://${delivery.s3BucketLocation}`
    : `Config could not deliver the full item to S3 (${delivery?.errorCode ?? 'no error code'}: ${delivery?.errorMessage ?? 'no message'})`;
  return `oversized configuration item (${resource}): the event carries only a summary; ${where}`;
}

function describeIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.join('.') || 'event'}: ${issue.message}`;
}
