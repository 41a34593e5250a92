import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MetricScorer, type MetricScorerOptions } from '../metric-scorer.js';
import { listNabSeries, readNabSeries, type NabSeries } from './corpus.js';
import { labelRows, readNabWindows, type NabWindows } from './labels.js';
import { nullScores, perfectScores, randomScores } from './reference-detectors.js';
import { PROFILE_NAMES, readNabProfiles, scoreAllProfiles, type ProfileName, type ProfileResult, type ScoredSeries } from './scorer.js';
import { probationaryLength } from './sweeper.js';

/** Detectors `cia bench nab` can run: cia's metric scorer, and NAB's reference detectors for checking the scorer. */
export const NAB_DETECTORS = ['cia', 'null', 'random', 'perfect'] as const;
export type NabDetectorName = (typeof NAB_DETECTORS)[number];

/**
 * cia's scorer as a NAB detector. It sees each file's values in order and scores each once. Its
 * learning period is 40 % of NAB's probationary period, the one input NAB gives every detector
 * (it does not read the file's minimum or maximum, nor the labels).
 */
export function ciaScores(series: NabSeries, options: Partial<MetricScorerOptions> = {}): Float64Array {
  const learningPoints = Math.max(20, Math.round(0.4 * probationaryLength(series.values.length)));
  const scorer = new MetricScorer({ learningPoints, ...options });
  const out = new Float64Array(series.values.length);
  for (let i = 0; i < out.length; i++) out[i] = scorer.score(series.values[i]!);
  return out;
}

export function detectorScores(name: NabDetectorName, series: NabSeries, windows: NabWindows): Float64Array {
  switch (name) {
    case 'cia':
      return ciaScores(series);
    case 'null':
      return nullScores(series);
    case 'random':
      return randomScores(series);
    case 'perfect':
      return perfectScores(series, windows[series.key] ?? []);
  }
}

export interface NabRunOptions {
  nabDir: string;
  outDir: string;
  detector?: NabDetectorName;
  /** Only files whose `<category>/<file>` key contains one of these texts. */
  files?: string[];
  /** Score with these thresholds instead of optimising them (e.g. NAB's published `config/thresholds.json`). */
  thresholds?: Partial<Record<ProfileName, number>>;
  /** Also write `OUT/final_results.json` (merged with what is there), as NAB does. */
  writeFinalResults?: boolean;
}

export interface NabRunReport {
  detector: NabDetectorName;
  files: number;
  rows: number;
  windows: number;
  detectSeconds: number;
  scoreSeconds: number;
  profiles: Record<ProfileName, ProfileResult>;
  /** Standard profile, normalised within each category (perfect = windows in it, null = −fnWeight · windows). */
  categories: Record<string, { files: number; windows: number; raw: number; normalized: number | null }>;
  resultsDir: string;
}

/** `<detector>_<file>.csv` rows: timestamp,value,anomaly_score,label, one per data row, in file order. */
export function resultCsv(series: NabSeries, scores: ArrayLike<number>, labels: ArrayLike<number>): string {
  const lines = ['timestamp,value,anomaly_score,label'];
  for (let i = 0; i < series.values.length; i++) lines.push(`${series.timestampText[i]},${series.valueText[i]},${scores[i]},${labels[i]}`);
  return `${lines.join('\n')}\n`;
}

/** Runs a detector over the NAB corpus, writes NAB's result files, and scores them with NAB's method. */
export function runNab(options: NabRunOptions): NabRunReport {
  const detector = options.detector ?? 'cia';
  if (!existsSync(join(options.nabDir, 'data')) || !existsSync(join(options.nabDir, 'labels', 'combined_windows.json'))) {
    throw new Error(`no NAB corpus at ${options.nabDir} (expected data/ and labels/combined_windows.json)`);
  }
  const windows = readNabWindows(options.nabDir);
  const profiles = existsSync(join(options.nabDir, 'config', 'profiles.json')) ? readNabProfiles(options.nabDir) : undefined;
  let keys = listNabSeries(options.nabDir).filter((k) => k in windows);
  if (options.files?.length) keys = keys.filter((k) => options.files!.some((f) => k.includes(f)));
  if (keys.length === 0) throw new Error('no NAB data file matches');

  const resultsDir = join(options.outDir, detector);
  const corpus: ScoredSeries[] = [];
  let rows = 0;
  let detectSeconds = 0;
  for (const key of keys) {
    const series = readNabSeries(options.nabDir, key);
    const t0 = performance.now();
    const scores = detectorScores(detector, series, windows);
    detectSeconds += (performance.now() - t0) / 1000;
    rows += series.values.length;
    const path = join(resultsDir, series.category, `${detector}_${series.file}`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, resultCsv(series, scores, labelRows(series.timestamps, windows[key] ?? [])));
    corpus.push({ key, timestamps: series.timestamps, anomalyScores: scores });
  }

  const t1 = performance.now();
  const results = scoreAllProfiles(corpus, windows, profiles, options.thresholds);
  const scoreSeconds = (performance.now() - t1) / 1000;

  for (const name of PROFILE_NAMES) {
    const r = results[name];
    const lines = ['Detector,Profile,File,Threshold,Score,TP,TN,FP,FN,Total_Count'];
    for (const f of r.files) lines.push([detector, name, f.key, r.threshold, f.score, f.tp, f.tn, f.fp, f.fn, f.total].join(','));
    lines.push(['Totals', '', '', '', r.raw, r.counts.tp, r.counts.tn, r.counts.fp, r.counts.fn, r.counts.tp + r.counts.tn + r.counts.fp + r.counts.fn].join(','));
    writeFileSync(join(resultsDir, `${detector}_${name}_scores.csv`), `${lines.join('\n')}\n`);
  }
  if (options.writeFinalResults) {
    const path = join(options.outDir, 'final_results.json');
    const merged = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
    merged[detector] = Object.fromEntries(PROFILE_NAMES.map((p) => [p, results[p].normalized]));
    writeFileSync(path, `${JSON.stringify(merged, null, 4)}\n`);
  }

  const standard = results.standard;
  const cost = profiles?.standard ?? { fnWeight: 1, tpWeight: 1 };
  const categories: NabRunReport['categories'] = {};
  for (const f of standard.files) {
    const category = f.key.split('/')[0]!;
    const c = (categories[category] ??= { files: 0, windows: 0, raw: 0, normalized: null });
    c.files++;
    c.windows += windows[f.key]?.length ?? 0;
    c.raw += f.score;
  }
  for (const c of Object.values(categories)) {
    const perfect = cost.tpWeight * c.windows;
    const nul = -cost.fnWeight * c.windows;
    c.normalized = c.windows > 0 ? (100 * (c.raw - nul)) / (perfect - nul) : null;
  }
  return {
    detector,
    files: keys.length,
    rows,
    windows: keys.reduce((sum, k) => sum + (windows[k]?.length ?? 0), 0),
    detectSeconds,
    scoreSeconds,
    profiles: results,
    categories,
    resultsDir,
  };
}

/** NAB's published `config/thresholds.json` thresholds of one detector, when the corpus has them. */
export function publishedThresholds(nabDir: string, detector: string): Partial<Record<ProfileName, number>> | undefined {
  const path = join(nabDir, 'config', 'thresholds.json');
  if (!existsSync(path)) return undefined;
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, { threshold?: number }>>;
  const entry = json[detector];
  if (!entry) return undefined;
  return Object.fromEntries(PROFILE_NAMES.filter((p) => typeof entry[p]?.threshold === 'number').map((p) => [p, entry[p]!.threshold!]));
}

/** NAB's published normalised scores (`results/final_results.json`). */
export function publishedScores(nabDir: string): Record<string, Partial<Record<ProfileName, number>>> {
  const path = join(nabDir, 'results', 'final_results.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, Partial<Record<ProfileName, number>>>) : {};
}
