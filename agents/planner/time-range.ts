import * as chrono from 'chrono-node';
import { addDays, addMonths, localParts, startOfDay, zonedToUtc, zoneForOffset, type LocalDate } from './zoned-time.js';

/** An absolute, half-open time range [from, to), resolved in code from the question's words. */
export interface TimeRange {
  from: Date;
  to: Date;
  /** How the user said it, for the answer ("today", "in November 2024"). */
  phrase: string;
  /** The zone the range was resolved in. */
  timeZone: string;
}

export interface TimeContext {
  now: Date;
  timeZone: string;
}

const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, fourteen: 14, thirty: 30 };
const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };

type Resolver = (match: RegExpExecArray, context: TimeContext) => Omit<TimeRange, 'phrase' | 'timeZone'>;

function today(context: TimeContext): LocalDate {
  const { year, month, day } = localParts(context.now, context.timeZone);
  return { year, month, day };
}

function dayRange(date: LocalDate, context: TimeContext) {
  return { from: startOfDay(date, context.timeZone), to: startOfDay(addDays(date, 1), context.timeZone) };
}

function monthRange(date: LocalDate, timeZone: string) {
  return { from: zonedToUtc({ year: date.year, month: date.month, day: 1 }, timeZone), to: zonedToUtc(addMonths(date, 1), timeZone) };
}

function weekStart(context: TimeContext): LocalDate {
  const parts = localParts(context.now, context.timeZone);
  return addDays({ year: parts.year, month: parts.month, day: parts.day }, -parts.weekday);
}

function count(word: string): number {
  return /^\d+$/.test(word) ? Number(word) : NUMBER_WORDS[word] ?? 1;
}

/** Relative expressions, tried before absolute dates; each resolved against `now` in the user's zone. */
const RELATIVE: [RegExp, Resolver][] = [
  [/\b(?:the )?day before yesterday\b/, (_, c) => dayRange(addDays(today(c), -2), c)],
  [/\byesterday\b/, (_, c) => dayRange(addDays(today(c), -1), c)],
  [/\b(?:today|so far today|this (?:morning|afternoon|evening))\b/, (_, c) => dayRange(today(c), c)],
  [/\btonight\b/, (_, c) => dayRange(today(c), c)],
  [
    /\b(?:in |over |during |within |for )?(?:the )?(?:last|past|previous) (\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|thirty) (minute|hour|day|week|month)s?\b/,
    (m, c) => (m[2] === 'month' ? { from: zonedToUtc(addMonthsKeepDay(today(c), -count(m[1]!)), c.timeZone), to: c.now } : { from: new Date(c.now.getTime() - count(m[1]!) * UNIT_MS[m[2]!]!), to: c.now }),
  ],
  [/\b(?:in |over |during )?(?:the )?(?:last|past) (minute|hour|day)\b/, (m, c) => ({ from: new Date(c.now.getTime() - UNIT_MS[m[1]!]!), to: c.now })],
  [/\b(\d+|a|an|one|two|three|four|five|six|seven|ten) (day|week)s? ago\b/, (m, c) => dayRange(addDays(today(c), -count(m[1]!) * (m[2] === 'week' ? 7 : 1)), c)],
  [/\bthis week\b/, (_, c) => ({ from: startOfDay(weekStart(c), c.timeZone), to: c.now })],
  [/\b(?:last|previous|past) week\b/, (_, c) => ({ from: startOfDay(addDays(weekStart(c), -7), c.timeZone), to: startOfDay(weekStart(c), c.timeZone) })],
  [/\bthis month\b/, (_, c) => ({ from: monthRange(today(c), c.timeZone).from, to: c.now })],
  [/\b(?:last|previous|past) month\b/, (_, c) => monthRange(addMonths(today(c), -1), c.timeZone)],
  [/\bthis year\b/, (_, c) => ({ from: zonedToUtc({ year: today(c).year, month: 1, day: 1 }, c.timeZone), to: c.now })],
  [/\b(?:last|previous|past) year\b/, (_, c) => ({ from: zonedToUtc({ year: today(c).year - 1, month: 1, day: 1 }, c.timeZone), to: zonedToUtc({ year: today(c).year, month: 1, day: 1 }, c.timeZone) })],
];

function addMonthsKeepDay(date: LocalDate, months: number): LocalDate {
  const first = addMonths(date, months);
  return { ...first, day: Math.min(date.day, 28) };
}

/**
 * Finds the question's time expression and turns it into an absolute range in the user's time
 * zone (or the zone the question names, e.g. "12:00 UTC"). Undefined when the question names no
 * time: the caller picks and states a default.
 */
export function resolveTimeRange(question: string, context: TimeContext): TimeRange | undefined {
  const instants = isoInstantRange(question, context);
  if (instants) return instants;
  const text = question.toLowerCase();
  for (const [pattern, resolve] of RELATIVE) {
    const match = pattern.exec(text);
    if (match) return { ...resolve(match, context), phrase: question.slice(match.index, match.index + match[0].length).trim(), timeZone: context.timeZone };
  }
  return absoluteRange(question, context);
}

/** Two ISO-8601 instants with their zone ("between 2026-11-21T18:23Z and 2026-11-22T00:17Z"): exactly that range, as alert links ask. */
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/gi;

function isoInstantRange(question: string, context: TimeContext): TimeRange | undefined {
  const found = [...question.matchAll(ISO_INSTANT)].map((m) => ({ at: new Date(Date.parse(m[0])), index: m.index, text: m[0] })).filter((m) => !Number.isNaN(m.at.getTime()));
  if (found.length !== 2) return undefined;
  const [first, second] = found as [(typeof found)[0], (typeof found)[0]];
  const [from, to] = [first.at, second.at].sort((a, b) => a.getTime() - b.getTime()) as [Date, Date];
  return { from, to, phrase: question.slice(first.index, second.index + second.text.length), timeZone: context.timeZone };
}

function absoluteRange(question: string, context: TimeContext): TimeRange | undefined {
  const results = chrono.parse(question, { instant: context.now, timezone: offsetMinutes(context) }, { forwardDate: false });
  const dated = results.find((r) => r.start.isCertain('month') || r.start.isCertain('day') || r.start.isCertain('year'));
  const year = /\b(?:in|during|for|of) (\d{4})\b/.exec(question);
  if (!dated) {
    if (!year) return undefined;
    const y = Number(year[1]);
    return { from: zonedToUtc({ year: y, month: 1, day: 1 }, context.timeZone), to: zonedToUtc({ year: y + 1, month: 1, day: 1 }, context.timeZone), phrase: year[0], timeZone: context.timeZone };
  }
  const start = dated.start;
  const explicitOffset = results.map((r) => r.start.get('timezoneOffset')).find((o): o is number => typeof o === 'number');
  const timeZone = explicitOffset === undefined ? context.timeZone : zoneForOffset(explicitOffset);
  const nowLocal = localParts(context.now, timeZone);
  const monthValue = start.get('month')!;
  // A month without a year is the latest such month not in the future.
  const yearValue = start.isCertain('year') ? start.get('year')! : monthValue > nowLocal.month ? nowLocal.year - 1 : nowLocal.year;
  const date: LocalDate = { year: yearValue, month: monthValue, day: start.get('day') ?? 1 };

  const times = results.filter((r) => r.start.isCertain('hour'));
  if (times.length >= 2 && start.isCertain('day')) {
    // "between 12:00 and 12:15 UTC on 10 July 2023": chrono reads the two times separately.
    const [first, second] = [times[0]!.start, times[1]!.start];
    const at = (c: typeof first) => zonedToUtc({ ...date, hour: c.get('hour')!, minute: c.get('minute') ?? 0 }, timeZone);
    const [from, to] = [at(first), at(second)].sort((a, b) => a.getTime() - b.getTime());
    return { from: from!, to: to!, phrase: question.slice(times[0]!.index, times[1]!.index + times[1]!.text.length), timeZone };
  }
  if (dated.end && dated.end.isCertain('day')) {
    const end: LocalDate = { year: dated.end.get('year')!, month: dated.end.get('month')!, day: dated.end.get('day')! };
    return { from: startOfDay(date, timeZone), to: startOfDay(addDays(end, 1), timeZone), phrase: dated.text, timeZone };
  }
  if (start.isCertain('day')) return { ...dayRange(date, { now: context.now, timeZone }), phrase: dated.text, timeZone };
  return { ...monthRange(date, timeZone), phrase: dated.text, timeZone };
}

function offsetMinutes(context: TimeContext): number {
  const local = localParts(context.now, context.timeZone);
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return Math.round((wall - context.now.getTime()) / 60_000);
}
