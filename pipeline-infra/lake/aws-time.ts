/**
 * Times as AWS services, and the tools that export their data, write them. Only these shapes are
 * accepted: `Date.parse` would also read local-time and free-text dates, and a record filed under
 * the wrong day is worse than a record counted as unreadable.
 */

// 2023-07-10T11:42:18Z, 2019-01-01 00:00:00, 2019-01-01 00:00:00.000000000, …+02:00, a bare date.
const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
// boto3 objects printed with repr(): datetime.datetime(2020, 4, 22, 13, 13, 17, 718000, tzinfo=tzlocal())
const PYTHON_DATETIME = /^datetime\.datetime\(([\d,\s]+?)(?:,\s*tzinfo=.*)?\)$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** The instant a time string denotes, or undefined when it is not one of the accepted shapes. Zone-less times are UTC. */
export function parseAwsTime(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const iso = ISO_LIKE.exec(text);
  if (iso) {
    const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone = 'Z'] = iso;
    const millis = Number(fraction.slice(0, 3).padEnd(3, '0'));
    return utcDate([year, month, day, hour, minute, second].map(Number), millis, zoneOffsetMinutes(zone));
  }
  const python = PYTHON_DATETIME.exec(text);
  if (python) {
    // tzlocal() is the zone of whatever machine printed it, which nobody knows any more: read as UTC.
    const [year, month, day, hour = 0, minute = 0, second = 0, micros = 0] = python[1]!.split(',').map((part) => Number(part.trim()));
    return utcDate([year!, month!, day!, hour, minute, second], Math.floor(micros / 1000), 0);
  }
  return undefined;
}

/** An instant from epoch seconds or milliseconds (numbers or digit strings). */
export function dateFromEpoch(value: unknown, unit: 'seconds' | 'millis'): Date | undefined {
  const number = typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) return undefined;
  const date = new Date(unit === 'seconds' ? number * 1000 : number);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `2023-07-10T11:42:18Z`: CloudTrail's own format. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The value itself when it is already ISO-8601 UTC (`…T…Z`, any precision), else the parsed
 * instant rewritten so, with milliseconds; undefined when it cannot be read. String comparisons
 * of such values then order as time does.
 */
export function isoUtc(value: unknown): string | undefined {
  if (typeof value === 'string' && ISO_UTC.test(value)) return value;
  return parseAwsTime(value)?.toISOString();
}

function zoneOffsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0');
  return digits.startsWith('-') ? -minutes : minutes;
}

/** The UTC instant of wall-clock fields at an offset, or undefined when a field is out of range (Feb 30, hour 25). */
function utcDate(fields: number[], millis: number, offsetMinutes: number): Date | undefined {
  const [year, month, day, hour, minute, second] = fields as [number, number, number, number, number, number];
  const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
  const roundTrips =
    wall.getUTCFullYear() === year && wall.getUTCMonth() === month - 1 && wall.getUTCDate() === day &&
    wall.getUTCHours() === hour && wall.getUTCMinutes() === minute && wall.getUTCSeconds() === second;
  return roundTrips ? new Date(wall.getTime() - offsetMinutes * 60_000) : undefined;
}
