/**
 * Robust seasonal baselines per (account, target), one closed window at a time. Each feature is
 * tracked on a log scale (log1p) with an exponentially weighted level and an exponentially
 * weighted mean absolute deviation (less swayed by bursts than a variance); the rates also carry
 * an hour-of-day profile (offsets from the level, used once an hour has been seen on two days).
 * A baseline answers only after a warm-up. Quiet windows (the target had no traffic)
 * count as zeros. While a target is anomalous its baseline learns 20 times slower, so an attack
 * does not become normal, but a lasting change eventually does. State: plain JSON, ~130 numbers.
 */

export const BASELINE_FEATURES = ['pps', 'fps', 'ports', 'authFps'] as const;
export type BaselineFeature = (typeof BASELINE_FEATURES)[number];
const SLOTS = 24;

export interface BaselineOptions {
  /** Windows before the baseline answers. */
  warmupWindows: number;
  /** Weight of a new window in the level and the deviation. */
  alpha: number;
  /** Weight of a new observation in an hour's offset. */
  slotAlpha: number;
  /** Days on which an hour has been seen before its offset is used. */
  minSlotDays: number;
  /** Floor of the deviation, on the log scale (0.25 ≈ ±28 %). */
  minLogSigma: number;
  /** Learning is slowed by this factor while the target is anomalous. */
  anomalousSlowdown: number;
}

export const DEFAULT_BASELINE_OPTIONS: BaselineOptions = {
  warmupWindows: 30,
  alpha: 0.05,
  slotAlpha: 0.25,
  minSlotDays: 2,
  minLogSigma: 0.25,
  anomalousSlowdown: 20,
};

export interface BaselineState {
  /** Windows observed (quiet ones included). */
  n: number;
  /** Index of the last window observed. */
  last: number;
  /** Per feature, in BASELINE_FEATURES order: level, mean absolute deviation (of log1p(value)), level, deviation, … */
  f: number[];
  /** Hour-of-day offsets of log1p(pps) and log1p(fps); per hour, the windows and the distinct days it was seen on, and the last such day. */
  season: { pps: number[]; fps: number[]; count: number[]; days: number[]; lastDay: number[] };
}

const FEATURE_INDEX: Record<BaselineFeature, number> = { pps: 0, fps: 1, ports: 2, authFps: 3 };
const N_FEATURES = BASELINE_FEATURES.length;

export function newBaseline(window: number): BaselineState {
  const zeros = () => new Array(SLOTS).fill(0);
  return { n: 0, last: window - 1, f: new Array(2 * N_FEATURES).fill(0), season: { pps: zeros(), fps: zeros(), count: zeros(), days: zeros(), lastDay: new Array(SLOTS).fill(-1) } };
}

export type FeatureValues = Record<BaselineFeature, number>;

export function isWarm(b: BaselineState | undefined, options: BaselineOptions = DEFAULT_BASELINE_OPTIONS): b is BaselineState {
  return b !== undefined && b.n >= options.warmupWindows;
}

function hourOf(windowStartSeconds: number): number {
  return Math.floor(windowStartSeconds / 3600) % 24;
}

/** Expected log1p(value) of a feature at a time (level plus the hour's offset once learned). */
export function expectedLog(b: BaselineState, feature: BaselineFeature, windowStartSeconds: number, options: BaselineOptions = DEFAULT_BASELINE_OPTIONS): number {
  let level = b.f[2 * FEATURE_INDEX[feature]]!;
  if (feature === 'pps' || feature === 'fps') {
    const h = hourOf(windowStartSeconds);
    if (b.season.days[h]! >= options.minSlotDays) level += b.season[feature][h]!;
  }
  return level;
}

/** Expected value of a feature at a time, in its own unit. */
export function expected(b: BaselineState, feature: BaselineFeature, windowStartSeconds: number, options: BaselineOptions = DEFAULT_BASELINE_OPTIONS): number {
  return Math.expm1(Math.max(0, expectedLog(b, feature, windowStartSeconds, options)));
}

/** Robust z-score of a value on the log scale: (log1p(x) − expected) / max(1.25 · MAD, floor). */
export function zScore(b: BaselineState, feature: BaselineFeature, value: number, windowStartSeconds: number, options: BaselineOptions = DEFAULT_BASELINE_OPTIONS): number {
  const sigma = Math.max(1.2533 * b.f[2 * FEATURE_INDEX[feature] + 1]!, options.minLogSigma);
  return (Math.log1p(value) - expectedLog(b, feature, windowStartSeconds, options)) / sigma;
}

/** log1p of the window's values, reused within one `learn` call. */
const LOGS = new Float64Array(N_FEATURES);

/** One window's values in BASELINE_FEATURES order (pps, fps, ports, authFps). */
function learn(b: BaselineState, values: ArrayLike<number>, windowStartSeconds: number, alpha: number, slotAlpha: number, learnSeason: boolean, minSlotDays: number): void {
  const first = b.n === 0;
  b.n++;
  const h = hourOf(windowStartSeconds);
  const f = b.f;
  const season = b.season;
  const known = season.days[h]! >= minSlotDays;
  const logs = LOGS;
  for (let k = 0; k < N_FEATURES; k++) {
    // Quiet windows (zeros) are most of the calls: skip the logarithm for them.
    const v = values[k]!;
    const x = v > 0 ? Math.log1p(v) : 0;
    logs[k] = x;
    if (first) {
      f[2 * k] = x;
      f[2 * k + 1] = 0;
      continue;
    }
    const offset = known && k === 0 ? season.pps[h]! : known && k === 1 ? season.fps[h]! : 0;
    const residual = x - (f[2 * k]! + offset);
    f[2 * k + 1] = f[2 * k + 1]! + alpha * (Math.abs(residual) - f[2 * k + 1]!);
    f[2 * k] = f[2 * k]! + alpha * (x - f[2 * k]!);
  }
  if (!learnSeason) return;
  // The hour's offset from the level: an average over the hour's windows, on every day it is seen.
  const seen = season.count[h]! > 0;
  for (let k = 0; k < 2; k++) {
    const x = logs[k]!;
    const offsets = k === 0 ? season.pps : season.fps;
    offsets[h] = seen ? offsets[h]! + slotAlpha * (x - f[2 * k]! - offsets[h]!) : x - f[2 * k]!;
  }
  season.count[h] = season.count[h]! + 1;
  const day = Math.floor(windowStartSeconds / 86400);
  if (season.lastDay[h] !== day) {
    season.lastDay[h] = day;
    season.days[h] = season.days[h]! + 1;
  }
}

const ZERO = new Float64Array(N_FEATURES);
/** The observed window's values, in BASELINE_FEATURES order (reused: no allocation per call). */
const CURRENT = new Float64Array(N_FEATURES);

/**
 * Feeds one closed window into a baseline: first the quiet windows since the last one it saw (as
 * zeros, at most `warmupWindows` of them), then this window's values.
 */
export function observe(
  b: BaselineState,
  window: number,
  windowSeconds: number,
  values: FeatureValues,
  anomalous: boolean,
  options: BaselineOptions = DEFAULT_BASELINE_OPTIONS,
): void {
  const slow = anomalous ? options.anomalousSlowdown : 1;
  const gap = Math.min(window - b.last - 1, options.warmupWindows);
  for (let g = gap; g >= 1; g--) learn(b, ZERO, (window - g) * windowSeconds, options.alpha, options.slotAlpha, true, options.minSlotDays);
  // An anomalous window moves the level a little (a lasting change becomes normal) but never the hour profile.
  const current = CURRENT;
  current[0] = values.pps;
  current[1] = values.fps;
  current[2] = values.ports;
  current[3] = values.authFps;
  learn(b, current, window * windowSeconds, options.alpha / slow, options.slotAlpha, !anomalous, options.minSlotDays);
  b.last = window;
}

/** A copy with numbers rounded to 5 significant digits: keeps the JSON state small. */
export function compactBaseline(b: BaselineState): BaselineState {
  const r = (x: number) => (x === 0 ? 0 : Number(x.toPrecision(5)));
  return { n: b.n, last: b.last, f: b.f.map(r), season: { pps: b.season.pps.map(r), fps: b.season.fps.map(r), count: [...b.season.count], days: [...b.season.days], lastDay: [...b.season.lastDay] } };
}
