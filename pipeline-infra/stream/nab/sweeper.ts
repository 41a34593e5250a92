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
  const order: number[] = [];
  for (let i = 0; i < rows.windows.length; i++) if (rows.windows[i] !== PROBATIONARY) order.push(i);
  const s = rows.anomalyScores;
  order.sort((a, b) => (s[b]! > s[a]! ? 1 : s[b]! < s[a]! ? -1 : a - b));
  // Score parts in the insertion order of NAB's dict: "fp" first, then windows as first met in sorted order.
  const partIndex = new Map<number, number>();
  const parts: number[] = [0];
  for (const i of order) {
    const w = rows.windows[i]!;
    if (w !== OUTSIDE && !partIndex.has(w)) {
      partIndex.set(w, parts.length);
      parts.push(-cost.fnWeight);
    }
  }
  const sumParts = () => {
    let total = 0;
    for (const p of parts) total += p;
    return total;
  };
  let tn = 0;
  let fn = 0;
  for (const i of order) (rows.windows[i] === OUTSIDE ? tn++ : fn++);
  let tp = 0;
  let fp = 0;
  const result: ThresholdScore[] = [];
  let threshold = 1.1;
  for (const i of order) {
    const score = s[i]!;
    if (score !== threshold) {
      result.push({ threshold, score: sumParts(), tp, tn, fp, fn, total: tp + tn + fp + fn });
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
      const k = partIndex.get(w)!;
      parts[k] = Math.max(parts[k]!, rows.sweepScores[i]!);
    }
  }
  result.push({ threshold, score: sumParts(), tp, tn, fp, fn, total: tp + tn + fp + fn });
  return result;
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
