/**
 * When things happen: the generated organization works mostly from Europe (office hours, Monday
 * to Friday, local time) and runs a web shop whose customers peak in the evening. Machines (AWS
 * Config, SSM agents, service roles) work around the clock.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** How an actor's activity follows the clock. */
export type Schedule = 'office' | 'traffic' | 'always';

/** Central European time (UTC+1), where the company and most of its customers are. */
export const COMPANY_UTC_OFFSET = 1;

/** Share of the busiest hour, by local hour, for people at work. */
const OFFICE_BY_HOUR = [0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.15, 0.45, 0.8, 1, 1, 0.9, 0.75, 0.95, 1, 0.95, 0.8, 0.55, 0.3, 0.18, 0.12, 0.08, 0.05];
/** Share of the busiest hour, by local hour, for customer traffic (evening peak, quiet nights). */
const TRAFFIC_BY_HOUR = [0.3, 0.2, 0.15, 0.12, 0.12, 0.15, 0.25, 0.4, 0.55, 0.65, 0.7, 0.75, 0.8, 0.8, 0.78, 0.78, 0.8, 0.85, 0.95, 1, 0.95, 0.8, 0.6, 0.42];
/** People barely work at weekends; customers shop somewhat less (a B2B shop). */
const WEEKEND_FACTOR: Record<Schedule, number> = { office: 0.06, traffic: 0.6, always: 1 };

export function isWeekend(ms: number, utcOffsetHours = COMPANY_UTC_OFFSET): boolean {
  const weekday = new Date(ms + utcOffsetHours * HOUR).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** Relative activity (0..1) of a schedule at a time, for someone living at `utcOffsetHours`. */
export function activityLevel(schedule: Schedule, ms: number, utcOffsetHours = COMPANY_UTC_OFFSET): number {
  if (schedule === 'always') return 1;
  const hour = new Date(ms + utcOffsetHours * HOUR).getUTCHours();
  const byHour = schedule === 'office' ? OFFICE_BY_HOUR[hour]! : TRAFFIC_BY_HOUR[hour]!;
  return isWeekend(ms, utcOffsetHours) ? byHour * WEEKEND_FACTOR[schedule] : byHour;
}

export interface TimeWindow {
  /** Epoch milliseconds, inclusive. */
  from: number;
  /** Epoch milliseconds, exclusive. */
  to: number;
}

export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** Start times of the slots of `size` ms that overlap the window, aligned to the epoch. */
export function* slots(window: TimeWindow, size: number): Generator<number> {
  for (let t = Math.floor(window.from / size) * size; t < window.to; t += size) yield t;
}

let cachedMinute = NaN;
let cachedMinutePrefix = '';

/** `YYYY-MM-DDTHH:MM:SSZ`, CloudTrail's time format (hot: the minute's prefix is reused). */
export function isoSeconds(ms: number): string {
  const minute = Math.floor(ms / MINUTE);
  if (minute !== cachedMinute) {
    cachedMinute = minute;
    cachedMinutePrefix = new Date(minute * MINUTE).toISOString().slice(0, 17);
  }
  const seconds = Math.floor((ms - minute * MINUTE) / 1000);
  return cachedMinutePrefix + (seconds < 10 ? '0' : '') + seconds + 'Z';
}

export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}
