import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NabWindows } from './labels.js';
import { countWindows } from './labels.js';
import { calcSweepScore, concatSwept, optimizeSwept, scoreSweptAt, type CostMatrix, type SweptRows, type ThresholdScore } from './sweeper.js';

export const PROFILE_NAMES = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];
export type Profiles = Record<ProfileName, CostMatrix>;

/** NAB's `config/profiles.json` (tnWeight exists there and is never used). */
export const DEFAULT_PROFILES: Profiles = {
  standard: { tpWeight: 1.0, fpWeight: 0.11, fnWeight: 1.0 },
  reward_low_FP_rate: { tpWeight: 1.0, fpWeight: 0.22, fnWeight: 1.0 },
  reward_low_FN_rate: { tpWeight: 1.0, fpWeight: 0.11, fnWeight: 2.0 },
};

export function readNabProfiles(nabDir: string): Profiles {
  const json = JSON.parse(readFileSync(join(nabDir, 'config', 'profiles.json'), 'utf8')) as Record<string, { CostMatrix?: Partial<CostMatrix> }>;
  const profiles = {} as Profiles;
  for (const name of PROFILE_NAMES) {
    const m = json[name]?.CostMatrix;
    if (!m || typeof m.tpWeight !== 'number' || typeof m.fpWeight !== 'number' || typeof m.fnWeight !== 'number') throw new Error(`profiles.json: profile ${name} lacks a CostMatrix with tpWeight, fpWeight and fnWeight`);
    profiles[name] = { tpWeight: m.tpWeight, fpWeight: m.fpWeight, fnWeight: m.fnWeight };
  }
  return profiles;
}

/** One detector's output for one data file: the file's timestamps and one anomaly score per row. */
export interface ScoredSeries {
  key: string;
  timestamps: ArrayLike<number>;
  anomalyScores: ArrayLike<number>;
}

export interface FileScore extends ThresholdScore {
  key: string;
}

export interface ProfileResult {
  profile: ProfileName;
  /** The corpus-wide threshold: NAB's optimiser's, or the one given. */
  threshold: number;
  /** Σ of the per-file scores at that threshold. */
  raw: number;
  nullScore: number;
  perfectScore: number;
  normalized: number;
  counts: { tp: number; tn: number; fp: number; fn: number };
  files: FileScore[];
}

const windowLabel = (start: number) => new Date(start).toISOString();

function sweepFile(series: ScoredSeries, windows: NabWindows, cost: CostMatrix, firstWindowId: number): SweptRows {
  const limits = windows[series.key];
  if (!limits) throw new Error(`no label windows for ${series.key}`);
  return calcSweepScore(series.timestamps, series.anomalyScores, limits, series.key, cost, { firstWindowId, windowLabel });
}

/** NAB's `optimizeThreshold`: one sweep over every row of the corpus at once; the best total score's threshold. */
export function optimizeThreshold(corpus: ScoredSeries[], windows: NabWindows, cost: CostMatrix): ThresholdScore {
  let nextId = 0;
  const parts = corpus.map((series) => {
    const swept = sweepFile(series, windows, cost, nextId);
    nextId += swept.windowNames.length;
    return swept;
  });
  return optimizeSwept(concatSwept(parts), cost);
}

/** NAB's `scoreCorpus`: every file scored at one threshold (`Sweeper.scoreDataSet`), in corpus order. */
export function scoreCorpus(corpus: ScoredSeries[], windows: NabWindows, cost: CostMatrix, threshold: number): FileScore[] {
  return corpus.map((series) => ({ key: series.key, ...scoreSweptAt(sweepFile(series, windows, cost, 0), cost, threshold) }));
}

/** The raw score of NAB's null detector (a constant 0.5 everywhere), through the same optimise-and-score path. */
export function nullDetectorScore(corpus: ScoredSeries[], windows: NabWindows, cost: CostMatrix): number {
  let nextId = 0;
  return nullDetectorScoreOf(
    corpus.map((series) => {
      const rows = sweepFile(series, windows, cost, nextId);
      nextId += rows.windowNames.length;
      return rows;
    }),
    cost,
  );
}

function sumScores(files: FileScore[]): number {
  let total = 0;
  for (const file of files) total += file.score;
  return total;
}

/**
 * Optimise (unless a threshold is given), score and normalise one detector under one profile, as
 * NAB's `run.py --optimize --score --normalize` does: `100 · (raw − null) / (perfect − null)`, where
 * perfect = tpWeight · (number of windows) and null = the null detector's raw score. Each file is
 * swept once and the sweep reused for the optimiser, the scoring and the null detector.
 */
export function scoreProfile(corpus: ScoredSeries[], windows: NabWindows, profile: ProfileName, cost: CostMatrix, options: { threshold?: number; nullScore?: number } = {}): ProfileResult {
  let nextId = 0;
  const swept = corpus.map((series) => {
    const rows = sweepFile(series, windows, cost, nextId);
    nextId += rows.windowNames.length;
    return rows;
  });
  const threshold = options.threshold ?? optimizeSwept(concatSwept(swept), cost).threshold;
  const files: FileScore[] = swept.map((rows, i) => ({ key: corpus[i]!.key, ...scoreSweptAt(rows, cost, threshold) }));
  const raw = sumScores(files);
  const relevant: NabWindows = Object.fromEntries(corpus.map((s) => [s.key, windows[s.key] ?? []]));
  const perfectScore = cost.tpWeight * countWindows(relevant);
  const nullScore = options.nullScore ?? nullDetectorScoreOf(swept, cost);
  const counts = { tp: 0, tn: 0, fp: 0, fn: 0 };
  for (const f of files) {
    counts.tp += f.tp;
    counts.tn += f.tn;
    counts.fp += f.fp;
    counts.fn += f.fn;
  }
  return { profile, threshold, raw, nullScore, perfectScore, normalized: (100 * (raw - nullScore)) / (perfectScore - nullScore), counts, files };
}

/** The null detector (0.5 everywhere) through the optimise-and-score path, on already swept files. */
function nullDetectorScoreOf(swept: SweptRows[], cost: CostMatrix): number {
  const nulls = swept.map((rows) => ({ ...rows, anomalyScores: new Float64Array(rows.anomalyScores.length).fill(0.5) }));
  const { threshold } = optimizeSwept(concatSwept(nulls), cost);
  let total = 0;
  for (const rows of nulls) total += scoreSweptAt(rows, cost, threshold).score;
  return total;
}

export function scoreAllProfiles(corpus: ScoredSeries[], windows: NabWindows, profiles: Profiles = DEFAULT_PROFILES, thresholds?: Partial<Record<ProfileName, number>>): Record<ProfileName, ProfileResult> {
  const out = {} as Record<ProfileName, ProfileResult>;
  for (const name of PROFILE_NAMES) out[name] = scoreProfile(corpus, windows, name, profiles[name], { threshold: thresholds?.[name] });
  return out;
}
