/**
 * NAB's scoring, ported from `nab/sweeper.py` (NAB v1.1) so that scores agree with NAB's to
 * floating-point rounding: the per-row sweep score, the score at every threshold, and the pick of
 * one threshold's row. See ../shared/data/README.md §3.4 for the method in prose.
 */

export interface CostMatrix {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

export const PROBATION_PERCENT = 0.15;

/** `window` of a swept row: a window's id (≥ 0), outside every window, or in the probationary period. */
export const OUTSIDE = -1;
export const PROBATIONARY = -2;

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** NAB's scaled sigmoid: 2σ(−5p) − 1, and −1 from p ≥ 3 (sweeper.py uses `>=`). */
export function scaledSigmoid(relativePosition: number): number {
  return relativePosition >= 3.0 ? -1.0 : 2 * sigmoid(-5 * relativePosition) - 1.0;
}

export const MAX_TP = scaledSigmoid(-1.0);

/** `min(floor(0.15 · n), 0.15 · 5000)`: rows before this index are never scored. */
export function probationaryLength(rows: number, probationPercent = PROBATION_PERCENT): number {
  return Math.min(Math.floor(probationPercent * rows), probationPercent * 5000);
}

/** Rows of one or more files after the sweep: parallel arrays, one entry per data row. */
export interface SweptRows {
  anomalyScores: Float64Array;
  sweepScores: Float64Array;
  /** Window id (≥ 0, unique across everything swept together), OUTSIDE or PROBATIONARY. */
  windows: Int32Array;
  /** Names of the window ids, `<file>|<start>` as NAB names them. */
  windowNames: string[];
}

/**
 * `Sweeper.calcSweepScore`: every row's weighted score if it were a detection. Window entry and
 * exit are matched on timestamp equality (the first row equal to a window's start enters it; the
 * first row equal to its end leaves it, after being scored), as NAB does.
 */
export function calcSweepScore(
  timestamps: ArrayLike<number>,
  anomalyScores: ArrayLike<number>,
  windowLimits: ReadonlyArray<readonly [number, number]>,
  dataSetName: string,
  cost: CostMatrix,
  options: { probationPercent?: number; firstWindowId?: number; windowLabel?: (start: number) => string } = {},
): SweptRows {
  const n = timestamps.length;
  if (anomalyScores.length !== n) throw new Error('timestamps and anomalyScores should not be different lengths!');
  const probation = probationaryLength(n, options.probationPercent ?? PROBATION_PERCENT);
  const indexOf = (t: number) => {
    for (let i = 0; i < n; i++) if (timestamps[i] === t) return i;
    throw new Error(`${dataSetName}: window limit ${t} is not a timestamp of the file`);
  };
  const out: SweptRows = { anomalyScores: Float64Array.from(anomalyScores), sweepScores: new Float64Array(n), windows: new Int32Array(n), windowNames: [] };
  let pending = 0;
  let nextId = options.firstWindowId ?? 0;
  let curId = OUTSIDE;
  let curEnd = 0;
  let curRight = 0;
  let curWidth = 0;
  let prevRight = -1;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    const t = timestamps[i]!;
    if (pending < windowLimits.length && t === windowLimits[pending]![0]) {
      const [start, end] = windowLimits[pending++]!;
      curId = nextId++;
      out.windowNames.push(`${dataSetName}|${options.windowLabel ? options.windowLabel(start) : start}`);
      curEnd = end;
      curRight = indexOf(end);
      curWidth = curRight - indexOf(start) + 1;
    }
    let weighted: number;
    if (curId !== OUTSIDE) {
      const position = -(curRight - i + 1) / curWidth;
      weighted = (scaledSigmoid(position) * cost.tpWeight) / MAX_TP;
    } else {
      const position = prevRight < 0 ? 3.0 : Math.abs(prevRight - i) / (prevWidth - 1);
      weighted = scaledSigmoid(position) * cost.fpWeight;
    }
    out.sweepScores[i] = weighted;
    out.windows[i] = i >= probation ? curId : PROBATIONARY;
    if (curId !== OUTSIDE && t === curEnd) {
      prevRight = i;
      prevWidth = curWidth;
      curId = OUTSIDE;
    }
  }
  return out;
}

/** Several swept files as one (window ids stay unique when each file's sweep started after the previous file's ids). */
export function concatSwept(parts: SweptRows[]): SweptRows {
  const n = parts.reduce((sum, p) => sum + p.anomalyScores.length, 0);
  const out: SweptRows = { anomalyScores: new Float64Array(n), sweepScores: new Float64Array(n), windows: new Int32Array(n), windowNames: [] };
  let offset = 0;
  for (const part of parts) {
    out.anomalyScores.set(part.anomalyScores, offset);
    out.sweepScores.set(part.sweepScores, offset);
    out.windows.set(part.windows, offset);
    out.windowNames.push(...part.windowNames);
    offset += part.anomalyScores.length;
  }
  return out;
}

export interface ThresholdScore {
  threshold: number;
  score: number;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
  total: number;
}

/**
 * `Sweeper.calcScoreByThreshold`: the score at every distinct anomaly score, highest first.
 * The first entry (threshold 1.1) is "no detections". Non-probationary rows are visited in
 * descending anomaly score (ties in row order, as Python's stable sort leaves them).
 */
export function calcScoreByThreshold(rows: SweptRows, cost: CostMatrix): ThresholdScore[] {
  const out: ThresholdScore[] = [];
  sweepThresholds(rows, cost, (threshold, score, tp, tn, fp, fn) => void out.push({ threshold, score, tp, tn, fp, fn, total: tp + tn + fp + fn }));
  return out;
}

/**
 * The loop of `calcScoreByThreshold`, calling `visit` with each (threshold, score, counts) in
 * order; `visit` returns true to stop early. Score parts are summed afresh at each threshold, in
 * the insertion order of NAB's dict ("fp" first, then windows as first met in sorted order).
 */
export function sweepThresholds(rows: SweptRows, cost: CostMatrix, visit: (threshold: number, score: number, tp: number, tn: number, fp: number, fn: number) => boolean | void): void {
  const s = rows.anomalyScores;
  const order = descendingStableOrder(s, rows.windows);
  let maxWindow = -1;
  for (let i = 0; i < rows.windows.length; i++) if (rows.windows[i]! > maxWindow) maxWindow = rows.windows[i]!;
  const partIndex = new Int32Array(maxWindow + 1).fill(-1);
  const parts: number[] = [0];
  let tn = 0;
  let fn = 0;
  for (const i of order) {
    const w = rows.windows[i]!;
    if (w === OUTSIDE) tn++;
    else {
      fn++;
      if (partIndex[w]! < 0) {
        partIndex[w] = parts.length;
        parts.push(-cost.fnWeight);
      }
    }
  }
  const sumParts = () => {
    let total = 0;
    for (let k = 0; k < parts.length; k++) total += parts[k]!;
    return total;
  };
  let tp = 0;
  let fp = 0;
  let threshold = 1.1;
  for (let j = 0; j < order.length; j++) {
    const i = order[j]!;
    const score = s[i]!;
    if (score !== threshold) {
      if (visit(threshold, sumParts(), tp, tn, fp, fn)) return;
      threshold = score;
    }
    const w = rows.windows[i]!;
    if (w === OUTSIDE) {
      fp++;
      tn--;
      parts[0] = parts[0]! + rows.sweepScores[i]!;
    } else {
      tp++;
      fn--;
      const k = partIndex[w]!;
      parts[k] = Math.max(parts[k]!, rows.sweepScores[i]!);
    }
  }
  visit(threshold, sumParts(), tp, tn, fp, fn);
}

/** NAB's optimiser over swept rows: the best total score; among equal scores the first (highest threshold) wins. */
export function optimizeSwept(rows: SweptRows, cost: CostMatrix): ThresholdScore {
  let best: ThresholdScore | null = null;
  sweepThresholds(rows, cost, (threshold, score, tp, tn, fp, fn) => {
    if (!best || score > best.score) best = { threshold, score, tp, tn, fp, fn, total: tp + tn + fp + fn };
  });
  return best!;
}

/** `Sweeper.scoreDataSet` over swept rows: the sweep's row at θ (or the last one above θ), without building the whole curve. */
export function scoreSweptAt(rows: SweptRows, cost: CostMatrix, threshold: number): ThresholdScore {
  let prev: ThresholdScore | null = null;
  let match: ThresholdScore | null = null;
  sweepThresholds(rows, cost, (t, score, tp, tn, fp, fn) => {
    const row = { threshold: t, score, tp, tn, fp, fn, total: tp + tn + fp + fn };
    if (t === threshold) match = row;
    else if (t < threshold) match = prev ?? row;
    prev = row;
    return match !== null;
  });
  return match ?? prev!;
}

/**
 * Indices of the non-probationary rows by descending score, equal scores in row order (what
 * Python's stable `sorted(…, reverse=True)` gives), as a bucket sort over the distinct scores.
 */
function descendingStableOrder(scores: Float64Array, windows: Int32Array): Int32Array {
  const distinct = Float64Array.from(scores).sort().reverse();
  let m = 0;
  for (let i = 0; i < distinct.length; i++) if (i === 0 || distinct[i] !== distinct[m - 1]) distinct[m++] = distinct[i]!;
  const rank = new Int32Array(scores.length);
  const counts = new Int32Array(m + 1);
  let n = 0;
  for (let i = 0; i < scores.length; i++) {
    if (windows[i] === PROBATIONARY) continue;
    // Binary search in the descending distinct scores.
    const x = scores[i]!;
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid]! > x) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = lo;
    counts[lo + 1]!++;
    n++;
  }
  for (let k = 1; k <= m; k++) counts[k]! += counts[k - 1]!;
  const order = new Int32Array(n);
  for (let i = 0; i < scores.length; i++) if (windows[i] !== PROBATIONARY) order[counts[rank[i]!]!++] = i;
  return order;
}

/** `Sweeper.scoreDataSet`'s pick: the row whose threshold equals θ, else the last row whose threshold is above θ. */
export function scoreAtThreshold(byThreshold: ThresholdScore[], threshold: number): ThresholdScore {
  let prev: ThresholdScore | undefined;
  for (const row of byThreshold) {
    if (row.threshold === threshold) return row;
    if (row.threshold < threshold) return prev ?? row;
    prev = row;
  }
  return prev!;
}

/** NAB's optimiser: the maximum over the whole sweep; among equal scores the first (highest threshold) wins. */
export function bestThreshold(byThreshold: ThresholdScore[]): ThresholdScore {
  let best = byThreshold[0]!;
  for (const row of byThreshold) if (row.score > best.score) best = row;
  return best;
}
