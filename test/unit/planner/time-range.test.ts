import { resolveTimeRange } from '../../../agents/planner/time-range.js';

const range = (question: string, now: string, timeZone = 'UTC') => {
  const r = resolveTimeRange(question, { now: new Date(now), timeZone });
  return r && [r.from.toISOString(), r.to.toISOString()];
};

describe('time expressions are resolved in code, in the asker\'s time zone', () => {
  it('reads today and yesterday as local days', () => {
    expect(range('who did it today?', '2023-07-10T13:00:00Z')).toEqual(['2023-07-10T00:00:00.000Z', '2023-07-11T00:00:00.000Z']);
    expect(range('who did it yesterday?', '2023-07-11T08:00:00Z')).toEqual(['2023-07-10T00:00:00.000Z', '2023-07-11T00:00:00.000Z']);
    // 01:00 UTC on the 11th is 13:00 on the 11th in Auckland (UTC+12 in July).
    expect(range('today', '2023-07-11T01:00:00Z', 'Pacific/Auckland')).toEqual(['2023-07-10T12:00:00.000Z', '2023-07-11T12:00:00.000Z']);
    // 06:00 UTC on the 29th is still the 28th in Los Angeles (UTC-8 in November).
    expect(range('today', '2018-11-29T06:00:00Z', 'America/Los_Angeles')).toEqual(['2018-11-28T08:00:00.000Z', '2018-11-29T08:00:00.000Z']);
  });

  it('handles month and year ends', () => {
    expect(range('yesterday', '2024-03-01T09:00:00Z')).toEqual(['2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
    expect(range('last month', '2024-01-15T09:00:00Z')).toEqual(['2023-12-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z']);
    expect(range('last month', '2024-11-05T09:00:00Z', 'Europe/Berlin')).toEqual(['2024-09-30T22:00:00.000Z', '2024-10-31T23:00:00.000Z']);
    // 05:00 UTC on 1 January is 14:00 in Tokyo: yesterday is 31 December there.
    expect(range('yesterday', '2024-01-01T05:00:00Z', 'Asia/Tokyo')).toEqual(['2023-12-30T15:00:00.000Z', '2023-12-31T15:00:00.000Z']);
  });

  it('reads calendar weeks Monday to Monday', () => {
    // Wednesday 12 July 2023 in Berlin: last week is Mon 3 July 00:00 to Mon 10 July 00:00 local.
    expect(range('last week', '2023-07-12T09:00:00Z', 'Europe/Berlin')).toEqual(['2023-07-02T22:00:00.000Z', '2023-07-09T22:00:00.000Z']);
  });

  it('reads rolling windows and days ago', () => {
    expect(range('in the last 24 hours', '2023-07-12T09:00:00Z')).toEqual(['2023-07-11T09:00:00.000Z', '2023-07-12T09:00:00.000Z']);
    expect(range('over the past 3 days', '2023-07-12T09:00:00Z')).toEqual(['2023-07-09T09:00:00.000Z', '2023-07-12T09:00:00.000Z']);
    expect(range('and what about 3 days ago?', '2024-03-01T09:00:00Z')).toEqual(['2024-02-27T00:00:00.000Z', '2024-02-28T00:00:00.000Z']);
  });

  it('reads explicit dates, months and years in any common form', () => {
    for (const phrase of ['on July 10th 2023', 'on 10 July 2023', 'on 2023-07-10', 'on July 10, 2023']) {
      expect(range(phrase, '2024-01-01T00:00:00Z')).toEqual(['2023-07-10T00:00:00.000Z', '2023-07-11T00:00:00.000Z']);
    }
    expect(range('in November 2024', '2024-12-03T10:00:00Z')).toEqual(['2024-11-01T00:00:00.000Z', '2024-12-01T00:00:00.000Z']);
    expect(range('in 2023', '2024-07-12T09:00:00Z')).toEqual(['2023-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z']);
    // A month without a year is the latest one not in the future.
    expect(range('in July', '2024-03-12T09:00:00Z')).toEqual(['2023-07-01T00:00:00.000Z', '2023-08-01T00:00:00.000Z']);
  });

  it('reads a time-of-day window with an explicit zone', () => {
    expect(range('between 12:00 and 12:15 UTC on 10 July 2023', '2023-07-10T13:00:00Z', 'Asia/Tokyo')).toEqual(['2023-07-10T12:00:00.000Z', '2023-07-10T12:15:00.000Z']);
    // Two instants with their zones, across midnight (what alert buttons ask): exactly that range.
    expect(range('between 2026-11-21T18:23Z and 2026-11-22T00:17Z', '2026-11-22T01:00:00Z', 'Asia/Tokyo')).toEqual(['2026-11-21T18:23:00.000Z', '2026-11-22T00:17:00.000Z']);
    expect(range('from 2026-11-22T02:00+02:00 to 2026-11-22T00:30:15Z', '2026-11-22T01:00:00Z')).toEqual(['2026-11-22T00:00:00.000Z', '2026-11-22T00:30:15.000Z']);
  });

  it('finds no time in a question without one', () => {
    expect(range('how many API calls failed?', '2024-03-01T09:00:00Z')).toBeUndefined();
  });
});
