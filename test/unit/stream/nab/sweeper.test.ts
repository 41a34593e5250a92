import { MAX_TP, OUTSIDE, PROBATIONARY, bestThreshold, calcScoreByThreshold, calcSweepScore, probationaryLength, scaledSigmoid, scoreAtThreshold, type CostMatrix, type SweptRows } from '../../../../pipeline-infra/stream/nab/sweeper.js';
import { DEFAULT_PROFILES, scoreProfile } from '../../../../pipeline-infra/stream/nab/scorer.js';

// Small cases ported from NAB's own tests (tests/integration/*_test.py, NAB v1.1), with the values NAB asserts.
const unit: CostMatrix = { tpWeight: 1, fpWeight: 1, fnWeight: 1 };
const FIVE_MINUTES = 300_000;
const timestamps = (length: number) => Array.from({ length }, (_, i) => 1_400_000_000_000 + i * FIVE_MINUTES);
/** Python's round(): halves to even. */
const pyRound = (x: number) => (Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x));
/** nab.test_helpers.generateWindows */
function windows(ts: number[], count: number, size: number): Array<[number, number]> {
  const diff = pyRound((ts.length - count * size) / (count + 1));
  return Array.from({ length: count }, (_, i) => {
    const t1 = ts[0]! + FIVE_MINUTES * diff * (i + 1) + FIVE_MINUTES * size * i;
    return [t1, t1 + FIVE_MINUTES * (size - 1)] as [number, number];
  });
}
/** Sweeper(probationPercent=0).scoreDataSet(…, threshold) */
function score(ts: number[], scores: number[], limits: Array<[number, number]>, cost: CostMatrix = unit, threshold = 0.5) {
  const swept = calcSweepScore(ts, scores, limits, 'testData', cost, { probationPercent: 0 });
  return scoreAtThreshold(calcScoreByThreshold(swept, cost), threshold);
}

describe('NAB scaled sigmoid and probation', () => {
  it('matches NAB\'s documented values', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(MAX_TP).toBeCloseTo(0.98661429815, 10);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
    expect(scaledSigmoid(3)).toBe(-1);
    expect(scaledSigmoid(2.999)).toBeGreaterThan(-1);
  });

  it('caps the probationary period at 15 % of 5000 rows', () => {
    expect(probationaryLength(100, 0)).toBe(0);
    expect(probationaryLength(100, 1)).toBe(100);
    expect(probationaryLength(100, 0.1)).toBe(10);
    expect(probationaryLength(100)).toBe(15);
    expect(probationaryLength(5000, 0.1)).toBe(500);
    expect(probationaryLength(6000, 0.1)).toBe(500);
    expect(probationaryLength(22695)).toBe(750);
  });
});

describe('NAB scoring: ported test cases', () => {
  it('null case: no windows, no detections → 0', () => {
    const row = score(timestamps(10), new Array(10).fill(0), []);
    expect(row.score).toBe(0);
    expect([row.tn, row.tp, row.fp, row.fn]).toEqual([10, 0, 0, 0]);
  });

  it('a false negative costs fnWeight per window', () => {
    const ts = timestamps(1000);
    expect(score(ts, new Array(1000).fill(0), windows(ts, 1, 10), unit, 1).score).toBe(-1);
    const ts2 = timestamps(2000);
    const row = score(ts2, new Array(2000).fill(0), windows(ts2, 4, 10), unit, 1);
    expect(row.score).toBe(-4);
    expect([row.tn, row.tp, row.fp, row.fn]).toEqual([2000 - 40, 0, 0, 40]);
  });

  it('a false positive with no window costs exactly fpWeight; two cost more than one; an earlier one after a window costs less', () => {
    const ts = timestamps(1000);
    const one = new Array(1000).fill(0);
    one[0] = 1;
    expect(score(ts, one, []).score).toBe(-1);
    const limits = windows(ts, 1, 10);
    const a = score(ts, one, limits);
    expect(a.score).toBeLessThan(0);
    const two = [...one];
    two[1] = 1;
    expect(score(ts, two, limits).score).toBeLessThan(a.score);
    const ts10 = timestamps(10);
    const w = windows(ts10, 1, 2);
    const after = ts10.indexOf(w[0]![1]) + 1;
    const s1 = new Array(10).fill(0);
    s1[after] = 1;
    const s2 = new Array(10).fill(0);
    s2[after + 1] = 1;
    expect(score(ts10, s1, w).score).toBeGreaterThan(score(ts10, s2, w).score);
  });

  it('a detection at a window\'s left edge scores tpWeight; earlier beats later; only the first counts; width does not matter', () => {
    const ts = timestamps(10);
    const w = windows(ts, 1, 2);
    const left = ts.indexOf(w[0]![0]);
    const first = new Array(10).fill(0);
    first[left] = 1;
    const row = score(ts, first, w);
    expect(row.score).toBe(1);
    expect([row.tn, row.tp, row.fp, row.fn]).toEqual([8, 1, 0, 1]);
    const late = new Array(10).fill(0);
    late[left + 1] = 1;
    expect(score(ts, late, w).score).toBeLessThan(1);
    const both = [...first];
    both[left + 1] = 1;
    expect(score(ts, both, w).score).toBe(1);
    const w3 = windows(ts, 1, 3);
    const first3 = new Array(10).fill(0);
    first3[ts.indexOf(w3[0]![0])] = 1;
    expect(score(ts, first3, w3).score).toBe(1);
  });

  it('a detection at the right edge and one just after nearly cancel (TP + FP + FN ≈ 0)', () => {
    const ts = timestamps(1000);
    const w = windows(ts, 1, 100);
    const right = ts.indexOf(w[0]![1]);
    const tp = new Array(1000).fill(0);
    tp[right] = 1;
    const fp = new Array(1000).fill(0);
    fp[right + 1] = 1;
    expect(score(ts, tp, w).score + score(ts, fp, w).score + 1).toBeCloseTo(0, 3);
  });

  it('scores the all-metrics example at −0.9540', () => {
    const ts = timestamps(100);
    const w = windows(ts, 2, 5);
    const index = ts.indexOf(w[0]![0]);
    const s = new Array(100).fill(0);
    s[index] = 1;
    s[index + 1] = 1;
    s[index + 7] = 1;
    const row = score(ts, s, w);
    expect(row.score).toBeCloseTo(-0.954, 4);
    expect([row.tn, row.tp, row.fp, row.fn]).toEqual([89, 2, 1, 8]);
  });

  it('the low-FN profile doubles a false negative; the low-FP profile doubles a false positive', () => {
    const ts = timestamps(100);
    const w = windows(ts, 1, 10);
    expect(score(ts, new Array(100).fill(0), w).score).toBe(0.5 * score(ts, new Array(100).fill(0), w, { tpWeight: 1, fnWeight: 2, fpWeight: 0.055 }).score);
    const s = new Array(100).fill(0);
    s[0] = 1;
    expect(score(ts, s, []).score).toBe(0.5 * score(ts, s, [], { tpWeight: 1, fnWeight: 0.5, fpWeight: 2 }).score);
  });

  it('sweeps thresholds as NAB\'s calcScoreByThreshold does (sweeper_test)', () => {
    const fn = 5;
    const rows: SweptRows = {
      anomalyScores: Float64Array.from([0.5, 0.5, 0.0, 0.2, 0.3, 0.5, 0.5]),
      sweepScores: Float64Array.from([-1000, -1000, -3, 20, 10, 5, -3]),
      windows: Int32Array.from([PROBATIONARY, PROBATIONARY, OUTSIDE, 0, 0, 1, OUTSIDE]),
      windowNames: ['windowA', 'windowB'],
    };
    const result = calcScoreByThreshold(rows, { tpWeight: 1, fpWeight: 1, fnWeight: fn });
    expect(result).toEqual([
      { threshold: 1.1, score: -2 * fn, tp: 0, tn: 2, fp: 0, fn: 3, total: 5 },
      { threshold: 0.5, score: 5 - 3 - fn, tp: 1, tn: 1, fp: 1, fn: 2, total: 5 },
      { threshold: 0.3, score: 5 - 3 + 10, tp: 2, tn: 1, fp: 1, fn: 1, total: 5 },
      { threshold: 0.2, score: 5 - 3 + 20, tp: 3, tn: 1, fp: 1, fn: 0, total: 5 },
      { threshold: 0.0, score: 5 - 3 + 20 - 3, tp: 3, tn: 0, fp: 2, fn: 0, total: 5 },
    ]);
    // A threshold between two scores takes the row above it; the optimiser takes the best, the highest threshold among ties.
    expect(scoreAtThreshold(result, 0.25).threshold).toBe(0.3);
    expect(scoreAtThreshold(result, 0.5).threshold).toBe(0.5);
    expect(bestThreshold(result).threshold).toBe(0.2);
    expect(bestThreshold([{ ...result[0]!, score: 3 }, { ...result[1]!, score: 3 }]).threshold).toBe(1.1);
  });

  it('marks window rows, scores them positive and everything else negative (sweeper_test)', () => {
    const ts = Array.from({ length: 100 }, (_, i) => i);
    const swept = calcSweepScore(ts, new Array(100).fill(1), [[30, 39], [75, 95]], 'TestDataSet', DEFAULT_PROFILES.standard, { probationPercent: 0.1 });
    expect(Array.from(swept.windows).filter((w) => w === PROBATIONARY)).toHaveLength(10);
    expect(Array.from(swept.windows).filter((w) => w >= 0)).toHaveLength(10 + 21);
    swept.windows.forEach((w, i) => expect(w >= 0 ? swept.sweepScores[i]! > 0 : swept.sweepScores[i]! < 0).toBe(true));
    expect(swept.windowNames).toEqual(['TestDataSet|30', 'TestDataSet|75']);
  });
});

describe('NAB normalisation', () => {
  const ts = timestamps(400);
  const limits = { 'cat/a.csv': windows(ts, 2, 20), 'cat/b.csv': [] as Array<[number, number]> };
  const corpus = (scores: (key: string) => number[]) => Object.keys(limits).map((key) => ({ key, timestamps: ts, anomalyScores: scores(key) }));

  it('puts the null detector at 0 and a perfect detector at 100, under each profile', () => {
    for (const [name, cost] of Object.entries(DEFAULT_PROFILES)) {
      const nul = scoreProfile(corpus(() => new Array(400).fill(0.5)), limits, name as keyof typeof DEFAULT_PROFILES, cost);
      expect(nul.normalized).toBe(0);
      expect(nul.nullScore).toBe(-cost.fnWeight * 2);
      const perfect = scoreProfile(corpus((key) => ts.map((t) => (limits[key as 'cat/a.csv'].some(([l]) => l === t) ? 1 : 0))), limits, name as keyof typeof DEFAULT_PROFILES, cost);
      expect(perfect.raw).toBe(2 * cost.tpWeight);
      expect(perfect.normalized).toBe(100);
    }
  });

  it('optimises one threshold over all files at once', () => {
    // File a has a detection at its first window's start (0.9) and a false alarm (0.8); file b a false alarm at 0.95.
    const result = scoreProfile(
      corpus((key) => {
        const s = new Array(400).fill(0);
        if (key === 'cat/a.csv') {
          s[ts.indexOf(limits['cat/a.csv'][0]![0])] = 0.9;
          s[380] = 0.8;
        } else s[200] = 0.95;
        return s;
      }),
      limits,
      'standard',
      DEFAULT_PROFILES.standard,
    );
    expect(result.threshold).toBe(0.9);
    expect(result.raw).toBeCloseTo(1 - 1 - 0.11, 10);
    expect(result.normalized).toBeCloseTo((100 * (result.raw + 2)) / 4, 10);
  });
});
