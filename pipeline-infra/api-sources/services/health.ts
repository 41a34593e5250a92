import { z } from 'zod';
import { optionalTime, requestBase, type ApiRow } from '../api-source.js';
import { describeScope, type ApiService } from './service.js';
import { iso, levels, text } from './values.js';

export const HEALTH_STATUSES = ['open', 'upcoming', 'closed'] as const;
const STATUS = levels([...HEALTH_STATUSES].reverse());

export const healthRequestSchema = z.strictObject({
  service: z.literal('health'),
  ...requestBase,
  ...optionalTime,
  status: z.array(z.enum(HEALTH_STATUSES)).max(3).default([]).describe('open, upcoming or closed; empty means all'),
  categories: z.array(z.enum(['issue', 'accountNotification', 'scheduledChange', 'investigation'])).max(4).default([]),
  services: z.array(z.string().regex(/^[A-Z0-9_]{2,40}$/)).max(20).default([]).describe('Health service codes such as EC2, RDS, LAMBDA'),
});
export type HealthRequest = z.infer<typeof healthRequestSchema>;

/** The fields of a Health `Event` (DescribeEvents) that rows show. Health events carry no account id: the caller's account is the owner. */
export interface HealthEvent {
  arn?: string;
  service?: string;
  eventTypeCode?: string;
  eventTypeCategory?: string;
  region?: string;
  startTime?: Date | string | number;
  endTime?: Date | string | number;
  statusCode?: string;
}

const describeEventsSchema = z.looseObject({
  events: z.array(z.looseObject({ arn: z.string(), service: z.string(), eventTypeCode: z.string(), statusCode: z.enum(HEALTH_STATUSES), startTime: z.union([z.string(), z.number()]) })),
});

export function healthRow(event: HealthEvent, account: string | null): ApiRow {
  return {
    start_time: iso(event.startTime),
    end_time: iso(event.endTime),
    status: text(event.statusCode),
    service: text(event.service),
    event_type: text(event.eventTypeCode),
    category: text(event.eventTypeCategory),
    account,
    region: text(event.region),
    arn: text(event.arn),
  };
}

/** An event is in a time range when it was going on during it: started before its end, not ended before its start. */
function overlaps(row: ApiRow, from?: string, to?: string): boolean {
  const start = Date.parse(String(row.start_time));
  const end = row.end_time ? Date.parse(String(row.end_time)) : Infinity;
  return (!to || start < Date.parse(to)) && (!from || end >= Date.parse(from));
}

export const healthService: ApiService<HealthRequest> = {
  name: 'health',
  title: 'AWS Health events',
  request: healthRequestSchema,
  responses: { DescribeEvents: describeEventsSchema },
  // The snapshot's account is its folder's: DescribeEvents answers for the caller's account.
  snapshotRows: (files) => files.responses('DescribeEvents').flatMap(({ response }) => (response as { events: HealthEvent[] }).events.map((event) => healthRow(event, files.account))),
  matches: (row, request) =>
    (request.status.length === 0 || request.status.includes(row.status as (typeof HEALTH_STATUSES)[number])) &&
    (request.categories.length === 0 || request.categories.includes(row.category as HealthRequest['categories'][number])) &&
    (request.services.length === 0 || request.services.includes(String(row.service))) &&
    overlaps(row, request.from, request.to),
  compare: (a, b) => STATUS.compare(a.status, b.status) || String(b.start_time).localeCompare(String(a.start_time)),
  describe: (request) =>
    ['Health DescribeEvents', request.status.length ? `status ${request.status.join(', ')}` : undefined, request.categories.length ? `categories ${request.categories.join(', ')}` : undefined, request.services.length ? `services ${request.services.join(', ')}` : undefined, describeScope(request)]
      .filter(Boolean)
      .join('; '),
};
