import { createHash } from 'node:crypto';
import { isoSeconds, isoUtc, parseAwsTime } from '../aws-time.js';
import { accept, foreign, isObject, readJsonRecords, skip, type FileRows, type Normalized } from './read-input.js';

type Finding = Record<string, unknown>;

/**
 * An EventBridge "GuardDuty Finding" event, the table's stored shape. Raw findings (GetFindings,
 * S3 export) are wrapped as EventBridge would wrap them; events are kept. Finding times that are
 * not ISO-8601 UTC (`2025-02-25 20:40:06.721`) are rewritten so, so that they sort as times.
 */
export function toGuardDutyEvent(value: unknown): Normalized {
  if (isObject(value) && isFindingEvent(value)) return normalizeEvent(value);
  if (isObject(value) && isFinding(value)) return normalizeEvent(wrapFinding(value));
  return foreign('neither a GuardDuty finding nor a "GuardDuty Finding" event');
}

function isFindingEvent(value: Finding): value is Finding & { detail: Finding } {
  return isObject(value.detail) && (value['detail-type'] === 'GuardDuty Finding' || value.source === 'aws.guardduty');
}

function isFinding(value: Finding): boolean {
  return typeof value.type === 'string' && value.accountId !== undefined;
}

/** The event EventBridge emits for a finding; its id is derived from the finding, so importing it twice gives the same id. */
export function wrapFinding(finding: Finding): Finding & { detail: Finding } {
  return {
    version: '0',
    id: uuidFromContent(JSON.stringify(finding)),
    'detail-type': 'GuardDuty Finding',
    source: 'aws.guardduty',
    account: finding.accountId,
    time: finding.updatedAt ?? finding.createdAt,
    region: finding.region,
    resources: [],
    detail: finding,
  };
}

function normalizeEvent(event: Finding & { detail: Finding }): Normalized {
  const detail = { ...event.detail };
  for (const key of ['createdAt', 'updatedAt']) {
    const normalized = isoUtc(detail[key]);
    if (normalized) detail[key] = normalized;
  }
  const time = parseAwsTime(detail.updatedAt) ?? parseAwsTime(event.time);
  if (!time) return skip(`no readable time (detail.updatedAt ${JSON.stringify(detail.updatedAt ?? null)}, time ${JSON.stringify(event.time ?? null)})`);
  return accept({ ...event, time: isoSeconds(parseAwsTime(event.time) ?? time), detail });
}

/** A UUID (version 5 layout) from a SHA-1 of the content. */
function uuidFromContent(content: string): string {
  const bytes = createHash('sha1').update(content).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Raw findings one per line or as arrays, `{"findings":[…]}` wrappers (even empty ones), EventBridge events; plain or gzip. */
export function readGuardDutyFile(path: string): Promise<FileRows> {
  return readJsonRecords(path, ['findings'], toGuardDutyEvent);
}
