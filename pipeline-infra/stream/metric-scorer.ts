/**
 * The metric scorer: a streaming anomaly score in [0, 1] for one univariate series (a CloudWatch
 * metric, a NAB file), one value at a time, in order, each value scored once. Its state is a plain
 * JSON object of bounded size, so it can travel between Lambda invocations.
 *
 * Three parts, all online (nothing is known about the series beyond the values seen so far):
 *
 * 1. Sequence novelty. Values are quantised on a grid fixed at the end of the learning period
 *    (`bins` cells over the range seen so far; the grid extends past it without moving). For the
 *    last `order` cells as context, the scorer remembers which cells followed. The raw anomaly of a
 *    value is the share of context orders whose context has been seen before but never with this
 *    successor (the idea of HTM's "unpredicted" fraction and of CAD OSE's contexts).
 * 2. Anomaly likelihood (Numenta's method): the raw anomaly averaged over `smoothing` points is
 *    compared with its own long-run distribution (exponentially weighted mean and variance); the
 *    Gaussian tail gives a likelihood, reported on NAB's log scale. A likelihood above `alertLevel`
 *    is an event; after an event the sequence part rests for `restPoints` points (one alert per
 *    incident, as an on-call channel wants it).
 * 3. Range break ("spatial anomaly"): a value beyond the envelope of values seen so far (which
 *    decays slowly towards the running mean, half-life `envelopeHalfLife` points) scores by how far
 *    beyond it lies, relative to the envelope's width.
 */

export interface MetricScorerOptions {
  /** Points before the grid is fixed and the likelihood starts learning. */
  learningPoints: number;
  bins: number;
  order: number;
  smoothing: number;
  /** Points of the long-run likelihood distribution (the EW mean/variance span). */
  likelihoodSpan: number;
  /** Points of likelihood estimation after learning before any score is emitted. */
  estimationPoints: number;
  alertLevel: number;
  restPoints: number;
  envelopeHalfLife: number;
  /** Range-break score at the smallest break, and the excess (share of the envelope's width) that scores halfway to 1. */
  breakFloor: number;
  breakScale: number;
  /** Points after a range break during which further breaks are not reported. */
  breakRestPoints: number;
  /** Bounds that keep the state small. */
  maxContexts: number;
  maxSuccessors: number;
}

export const DEFAULT_METRIC_SCORER_OPTIONS: MetricScorerOptions = {
  learningPoints: 300,
  bins: 8,
  order: 2,
  smoothing: 8,
  likelihoodSpan: 8640,
  estimationPoints: 100,
  alertLevel: 0.6,
  restPoints: 150,
  envelopeHalfLife: 50000,
  breakFloor: 0.5,
  breakScale: 0.1,
  breakRestPoints: 10,
  maxContexts: 4096,
  maxSuccessors: 32,
};

/** JSON-serialisable state of one series. */
export interface MetricScorerState {
  v: 1;
  /** Points seen. */
  n: number;
  /** Values of the learning period (emptied when the grid is fixed). */
  learning: number[];
  grid: { lo: number; width: number } | null;
  /** The last `order` grid cells. */
  recent: number[];
  /** Per order (1…order): [context key, [[cell, count], …]] pairs. */
  contexts: Array<Array<[string, Array<[number, number]>]>>;
  likelihood: { window: number[]; n: number; mean: number; variance: number };
  envelope: { lo: number; hi: number; mean: number; started: boolean };
  restUntil: number;
  breakRestUntil: number;
}

export function newMetricScorerState(): MetricScorerState {
  return {
    v: 1,
    n: 0,
    learning: [],
    grid: null,
    recent: [],
    contexts: [],
    likelihood: { window: [], n: 0, mean: 0, variance: 0 },
    envelope: { lo: 0, hi: 0, mean: 0, started: false },
    restUntil: -1,
    breakRestUntil: -1,
  };
}

const LOG_SCALE = -23.02585084720009; // ln(1e-10): NAB's log-likelihood reaches 1 at a 1e-10 tail
const MIN_STD = 0.03;
const MAX_CELL = 1 << 19;

/** Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** A streaming scorer for one series; `score` mutates it, `snapshot` returns its JSON state. */
export class MetricScorer {
  readonly options: MetricScorerOptions;
  private s: MetricScorerState;
  private contexts: Array<Map<string, Map<number, number>>>;
  private readonly decay: number;

  constructor(options: Partial<MetricScorerOptions> = {}, state?: MetricScorerState) {
    this.options = { ...DEFAULT_METRIC_SCORER_OPTIONS, ...options };
    this.s = state ? structuredClone(state) : newMetricScorerState();
    this.contexts = [];
    for (let k = 0; k <= this.options.order; k++) this.contexts.push(new Map((this.s.contexts[k] ?? []).map(([key, next]) => [key, new Map(next)])));
    this.decay = Math.pow(0.5, 1 / this.options.envelopeHalfLife);
  }

  /** The anomaly score of the next value, in [0, 1]. */
  score(value: number): number {
    const o = this.options;
    const s = this.s;
    const i = s.n++;
    if (!Number.isFinite(value)) return 0;
    const breakScore = this.rangeBreak(value, i);
    let sequence = 0;
    if (!s.grid) {
      s.learning.push(value);
      if (s.learning.length >= o.learningPoints) this.fixGrid();
    } else {
      const raw = this.novelty(this.cell(value));
      const likelihood = this.likelihood(this.s.likelihood, raw, o.smoothing);
      sequence = likelihood > 0 ? Math.log(1.0000000001 - likelihood) / LOG_SCALE : 0;
      if (i < s.restUntil) sequence = 0;
      else if (sequence >= o.alertLevel) s.restUntil = i + o.restPoints;
    }
    return Math.min(1, Math.max(sequence * 0.999, breakScore));
  }

  /** The running mean of the values (what the range-break envelope is centred on): the series' recent normal level. */
  get level(): number {
    return this.s.envelope.mean;
  }

  /** Points scored so far. */
  get count(): number {
    return this.s.n;
  }

  snapshot(): MetricScorerState {
    const s = this.s;
    s.contexts = this.contexts.map((m) => [...m].map(([key, next]) => [key, [...next]] as [string, Array<[number, number]>]));
    return structuredClone(s);
  }

  private fixGrid(): void {
    const s = this.s;
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of s.learning) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    let width = (hi - lo) / this.options.bins;
    if (!(width > 0)) width = (Math.abs(lo) * 0.1) / this.options.bins || 1;
    s.grid = { lo, width };
    s.learning = [];
  }

  private cell(value: number): number {
    const g = this.s.grid!;
    const c = Math.floor((value - g.lo) / g.width);
    return Math.max(-MAX_CELL, Math.min(MAX_CELL, c));
  }

  /** Share of known contexts that never saw this successor; 1 when no context is known yet. */
  private novelty(cell: number): number {
    const o = this.options;
    const recent = this.s.recent;
    let novel = 0;
    let known = 0;
    const visit = (map: Map<string, Map<number, number>>, key: string) => {
      const next = map.get(key);
      if (next) {
        known++;
        const count = next.get(cell);
        if (count === undefined) {
          novel++;
          if (next.size < o.maxSuccessors) next.set(cell, 1);
        } else next.set(cell, count + 1);
      } else if (map.size < o.maxContexts) map.set(key, new Map([[cell, 1]]));
    };
    for (let k = 1; k <= o.order && k <= recent.length; k++) visit(this.contexts[k]!, recent.slice(recent.length - k).join(','));
    recent.push(cell);
    if (recent.length > o.order) recent.shift();
    return known ? novel / known : 1;
  }

  /** Numenta's anomaly likelihood with an exponentially weighted long-run distribution; 0 while learning. */
  private likelihood(l: MetricScorerState['likelihood'], raw: number, smoothing: number): number {
    const o = this.options;
    l.window.push(raw);
    if (l.window.length > smoothing) l.window.shift();
    let average = 0;
    for (const x of l.window) average += x;
    average /= l.window.length;
    l.n++;
    // The first raw scores of a fresh grid are all novel: they are left out of the distribution.
    if (l.n <= o.learningPoints) return 0;
    const m = l.n - o.learningPoints;
    const alpha = Math.max(1 / o.likelihoodSpan, 1 / m);
    const delta = average - l.mean;
    let result = 0;
    if (m > o.estimationPoints) {
      const std = Math.max(Math.sqrt(l.variance), MIN_STD);
      const x = average < l.mean ? 2 * l.mean - average : average;
      result = 1 - 0.5 * erfc((x - l.mean) / std / Math.SQRT2);
    }
    l.mean += alpha * delta;
    l.variance = (1 - alpha) * (l.variance + alpha * delta * delta);
    return result;
  }

  private rangeBreak(value: number, i: number): number {
    const o = this.options;
    const e = this.s.envelope;
    if (!e.started) {
      e.started = true;
      e.lo = e.hi = e.mean = value;
      return 0;
    }
    let excess = 0;
    if (e.hi > e.lo) excess = Math.max(0, value - e.hi, e.lo - value) / (e.hi - e.lo);
    e.mean += 0.01 * (value - e.mean);
    e.hi = Math.max(value, e.mean + (e.hi - e.mean) * this.decay);
    e.lo = Math.min(value, e.mean - (e.mean - e.lo) * this.decay);
    // Breaks are reported once the learning period is over: before that the envelope is still opening.
    if (excess <= 0 || i < o.learningPoints) return 0;
    let score = o.breakFloor + ((1 - o.breakFloor) * excess) / (excess + o.breakScale);
    if (i < this.s.breakRestUntil) score = 0;
    else if (score >= o.alertLevel) this.s.breakRestUntil = i + o.breakRestPoints;
    return score;
  }
}
