import { DescribeEventsCommand, type DescribeEventsCommandOutput, type EventFilter } from '@aws-sdk/client-health';
import { healthRow } from '../services/health.js';
import { allPages } from './aws-call.js';
import type { SdkFetcher } from './sdk-source.js';

/** Health: DescribeEvents of each account (a global API), filtered by the API. */
export const healthSdk: SdkFetcher<'health'> = {
  scope: 'account',
  async fetch(call, request, target) {
    const filter: EventFilter = {
      ...(request.status.length ? { eventStatusCodes: request.status } : {}),
      ...(request.categories.length ? { eventTypeCategories: request.categories } : {}),
      ...(request.services.length ? { services: request.services } : {}),
      ...(request.regions.length ? { regions: request.regions } : {}),
      // Events that started before the range's end; the row filter keeps those still going at its start.
      ...(request.to ? { startTimes: [{ to: new Date(request.to) }] } : {}),
    };
    const events = await allPages(async (nextToken) => {
      const out = await call<DescribeEventsCommandOutput>('health', new DescribeEventsCommand({ filter, nextToken, maxResults: 100 }), 'health:DescribeEvents');
      return { items: out.events, next: out.nextToken };
    });
    // DescribeEvents answers for the caller's account, which names none.
    return events.map((event) => healthRow(event, target.account ?? null));
  },
};
