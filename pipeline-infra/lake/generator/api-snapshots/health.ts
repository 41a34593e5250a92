import { accountByAlias } from '../accounts.js';
import { DAY, HOUR, isoSeconds } from '../rhythm.js';
import { stableId } from '../random.js';
import type { SnapshotFile, SnapshotInput } from './snapshot-file.js';

interface EventSpec {
  alias: 'main' | 'dev' | 'prod';
  service: string;
  eventTypeCode: string;
  eventTypeCategory: 'issue' | 'scheduledChange' | 'accountNotification';
  region: string;
  statusCode: 'open' | 'upcoming' | 'closed';
  /** Relative to now. */
  start: number;
  end?: number;
}

/** DescribeEvents per account: open maintenance and an open issue, an upcoming retirement, closed issues. */
export function healthSnapshots({ now }: SnapshotInput): SnapshotFile[] {
  const specs: EventSpec[] = [
    { alias: 'prod', service: 'RDS', eventTypeCode: 'AWS_RDS_MAINTENANCE_SCHEDULED', eventTypeCategory: 'scheduledChange', region: 'eu-central-1', statusCode: 'open', start: -1 * DAY, end: 6 * DAY },
    { alias: 'prod', service: 'EC2', eventTypeCode: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED', eventTypeCategory: 'scheduledChange', region: 'eu-central-1', statusCode: 'upcoming', start: 5 * DAY, end: 5 * DAY + HOUR },
    { alias: 'prod', service: 'EC2', eventTypeCode: 'AWS_EC2_OPERATIONAL_ISSUE', eventTypeCategory: 'issue', region: 'eu-central-1', statusCode: 'closed', start: -6 * DAY, end: -6 * DAY + 3 * HOUR },
    { alias: 'dev', service: 'EC2', eventTypeCode: 'AWS_EC2_OPERATIONAL_ISSUE', eventTypeCategory: 'issue', region: 'eu-west-1', statusCode: 'open', start: -3 * HOUR },
    { alias: 'main', service: 'S3', eventTypeCode: 'AWS_S3_OPERATIONAL_ISSUE', eventTypeCategory: 'issue', region: 'us-east-1', statusCode: 'closed', start: -10 * DAY, end: -10 * DAY + 2 * HOUR },
  ];
  const byAccount = new Map<string, object[]>();
  for (const spec of specs) {
    const account = accountByAlias(spec.alias).id;
    const id = stableId(`${account}/health/${spec.eventTypeCode}/${spec.region}/${spec.statusCode}`, 'hex', 16).toUpperCase();
    const start = Math.floor((now + spec.start) / HOUR) * HOUR;
    const events = byAccount.get(account) ?? [];
    events.push({
      arn: `arn:aws:health:${spec.region}::event/${spec.service}/${spec.eventTypeCode}/${spec.eventTypeCode}_${id}`,
      service: spec.service,
      eventTypeCode: spec.eventTypeCode,
      eventTypeCategory: spec.eventTypeCategory,
      region: spec.region,
      startTime: isoSeconds(start),
      ...(spec.end !== undefined ? { endTime: isoSeconds(Math.floor((now + spec.end) / HOUR) * HOUR) } : {}),
      lastUpdatedTime: isoSeconds(Math.min(now, start + HOUR)),
      statusCode: spec.statusCode,
      eventScopeCode: 'ACCOUNT_SPECIFIC',
    });
    byAccount.set(account, events);
  }
  return [...byAccount].map(([account, events]) => ({ service: 'health', account, operation: 'DescribeEvents', response: { events } }));
}
