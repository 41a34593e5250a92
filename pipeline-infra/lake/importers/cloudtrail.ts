import { cloudtrailTable } from '../../catalog/tables/cloudtrail.js';
import { isoSeconds, parseAwsTime } from '../aws-time.js';
import { canonicalizeKeys } from './canonical-keys.js';
import { accept, foreign, isObject, readJsonRecords, skip, type FileRows, type Normalized } from './read-input.js';

const CLOUDTRAIL_KEYS = ['eventVersion', 'eventTime', 'eventSource', 'eventName'];

/**
 * A CloudTrail record as a trail writes it: keys in CloudTrail's camelCase whatever case the
 * source used, and `eventTime` as `YYYY-MM-DDTHH:MM:SSZ` (exports and test fixtures also write
 * `2019-01-01 00:00:00`, with or without fractions). Other values, `redacted` included, are kept.
 */
export function toCloudTrailRecord(value: unknown): Normalized {
  const record = isObject(value) ? canonicalizeKeys(value, cloudtrailTable.columns) : undefined;
  if (!record || !CLOUDTRAIL_KEYS.some((key) => key in record)) return foreign('not a CloudTrail record');
  const time = parseAwsTime(record.eventTime);
  if (!time) return skip(`eventTime missing or unreadable: ${JSON.stringify(record.eventTime ?? null)}`);
  return accept({ ...record, eventTime: isoSeconds(time) });
}

/** S3 delivery files `{"Records":[…]}`, JSON arrays of records, NDJSON; plain or gzip. */
export function readCloudTrailFile(path: string): Promise<FileRows> {
  return readJsonRecords(path, ['Records'], toCloudTrailRecord);
}
