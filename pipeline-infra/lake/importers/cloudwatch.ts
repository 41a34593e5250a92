import { dateFromEpoch } from '../aws-time.js';
import { foreign, isObject, readJsonRecords, skip, type FileRows, type Normalized } from './read-input.js';

/**
 * A CloudWatch Logs subscription envelope (`messageType`, `owner`, `logGroup`, `logStream`,
 * `subscriptionFilters`, `logEvents`), kept as delivered, minus log events without a usable
 * timestamp (each counted). Messages are text and stay text, JSON or not.
 */
export function toSubscriptionEnvelope(value: unknown): Normalized {
  if (!isObject(value) || !Array.isArray(value.logEvents)) return foreign('not a CloudWatch Logs subscription envelope (no logEvents)');
  // CloudWatch sends one when a subscription is created, to check the destination: no log data.
  if (value.messageType === 'CONTROL_MESSAGE') return skip('control message (no log events)');
  const skipped: string[] = [];
  const logEvents = value.logEvents.filter((event, index) => {
    const usable = isObject(event) && dateFromEpoch(event.timestamp, 'millis') !== undefined;
    if (!usable) skipped.push(`log event ${index + 1} of ${String(value.logGroup)}: no usable timestamp`);
    return usable;
  });
  if (logEvents.length > 0) return { rows: [{ ...value, logEvents }], skipped };
  return skipped.length > 0 ? { rows: [], skipped } : skip('envelope has no log events');
}

/** Firehose output: envelopes one after another (`}{`), one per line, or one per file; plain or gzip (also several gzip members). */
export function readCloudWatchFile(path: string): Promise<FileRows> {
  return readJsonRecords(path, [], toSubscriptionEnvelope);
}
