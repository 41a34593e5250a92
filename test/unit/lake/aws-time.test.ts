import { dateFromEpoch, isoSeconds, isoUtc, parseAwsTime } from '../../../pipeline-infra/lake/aws-time.js';

const iso = (value: unknown) => parseAwsTime(value)?.toISOString();

describe('parseAwsTime', () => {
  it('reads the four CloudTrail time formats seen in exports as UTC', () => {
    expect(iso('2019-01-01T00:00:00Z')).toBe('2019-01-01T00:00:00.000Z');
    expect(iso('2019-01-01 00:00:00')).toBe('2019-01-01T00:00:00.000Z');
    expect(iso('2019-01-01 00:00:00.000000000')).toBe('2019-01-01T00:00:00.000Z');
    expect(iso('2025-02-25 20:40:06.721')).toBe('2025-02-25T20:40:06.721Z');
  });

  it('applies zone offsets, with or without a colon', () => {
    expect(iso('2023-07-10T13:42:18+02:00')).toBe('2023-07-10T11:42:18.000Z');
    expect(iso('2023-07-10T06:42:18-0500')).toBe('2023-07-10T11:42:18.000Z');
    expect(iso('2023-07-10 11:42:18+00')).toBe('2023-07-10T11:42:18.000Z');
  });

  it('reads Python-repr datetimes (boto3 output printed as is) as UTC', () => {
    expect(iso('datetime.datetime(2020, 4, 22, 13, 13, 17, 718000, tzinfo=tzlocal())')).toBe('2020-04-22T13:13:17.718Z');
    expect(iso('datetime.datetime(2020, 4, 22, 13, 13)')).toBe('2020-04-22T13:13:00.000Z');
  });

  it('refuses placeholders, free text, impossible dates and non-strings', () => {
    for (const value of ['redacted', '', 'July 10, 2023', '2023-02-30T00:00:00Z', '2023-07-10T25:00:00Z', '2023-07-10T11:42:18Zjunk', 1688989338, null, undefined, {}]) {
      expect(parseAwsTime(value)).toBeUndefined();
    }
  });
});

describe('time formatting', () => {
  it('writes CloudTrail\'s second-precision form', () => {
    expect(isoSeconds(new Date('2023-07-10T11:42:18.999Z'))).toBe('2023-07-10T11:42:18Z');
  });

  it('keeps ISO-8601 UTC text as it is and rewrites other readable times', () => {
    expect(isoUtc('2022-01-28T21:12:25.478Z')).toBe('2022-01-28T21:12:25.478Z');
    expect(isoUtc('2022-01-28T21:12:25Z')).toBe('2022-01-28T21:12:25Z');
    expect(isoUtc('2025-02-25 20:40:06.721')).toBe('2025-02-25T20:40:06.721Z');
    expect(isoUtc('redacted')).toBeUndefined();
  });

  it('reads epoch seconds and milliseconds from numbers and digit strings', () => {
    expect(dateFromEpoch(1754322586, 'seconds')?.toISOString()).toBe('2025-08-04T15:49:46.000Z');
    expect(dateFromEpoch('1754322586', 'seconds')?.toISOString()).toBe('2025-08-04T15:49:46.000Z');
    expect(dateFromEpoch(1432826855000, 'millis')?.toISOString()).toBe('2015-05-28T15:27:35.000Z');
    expect(dateFromEpoch('-', 'seconds')).toBeUndefined();
    expect(dateFromEpoch(Number.NaN, 'millis')).toBeUndefined();
  });
});
