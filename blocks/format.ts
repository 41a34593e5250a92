import { formatInstant } from '../agents/answer/compose-answer.js';

/** How people read numbers, durations, sizes and times in cia's messages. */

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** "0.4 s", "1.4 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** An estimate in dollars, to two significant digits below a dollar: "$0.0061", "$0.12", "$3.40". */
export function formatUsd(usd: number): string {
  if (usd < 0.0001) return '< $0.0001';
  return `$${usd < 1 ? usd.toPrecision(2) : usd.toFixed(2)}`;
}

/** Decimal units, as AWS bills scanned bytes: "512 B", "1.2 MB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * "2023-07-10 09:00 GMT+2" in the reader's zone. A message must never fail over a bad value, so
 * an unknown zone falls back to UTC and an unreadable instant is shown as given.
 */
export function formatTime(iso: string, timeZone: string): string {
  if (Number.isNaN(Date.parse(iso))) return iso;
  try {
    return formatInstant(iso, timeZone);
  } catch {
    return formatInstant(iso, 'UTC');
  }
}

/** "2023-07-10 00:00 UTC → 2023-07-17 00:00 UTC"; an open end says so. */
export function formatTimeRange(from: string | null, to: string | null, timeZone: string): string {
  if (!from && !to) return 'no time limit';
  return `${from ? formatTime(from, timeZone) : 'the beginning'} → ${to ? formatTime(to, timeZone) : 'now'}`;
}

/**
 * A time Slack shows in each reader's own zone (`<!date^…>`), with a UTC fallback for clients
 * that cannot. `token` is Slack's: `{date_short_pretty} {time}`, `{time}`, …
 */
export function slackDate(iso: string, token = '{date_short_pretty} {time}'): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `<!date^${Math.floor(ms / 1000)}^${token}|${formatTime(iso, 'UTC')}>`;
}
