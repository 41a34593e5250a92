import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { NAB_DETECTORS, publishedScores, publishedThresholds, runNab, type NabDetectorName, type NabRunReport } from '../../pipeline-infra/stream/nab/runner.js';
import { PROFILE_NAMES } from '../../pipeline-infra/stream/nab/scorer.js';

interface NabOptions {
  nab: string;
  out: string;
  json?: boolean;
  detector: NabDetectorName;
  files?: string[];
  publishedThresholds?: boolean;
}

/**
 * `cia bench nab --nab DIR --out DIR [--json]` (DESIGN §6.1): runs the detector's metric scorer
 * over the Numenta Anomaly Benchmark corpus, writes `OUT/<detector>/<category>/<detector>_<file>.csv`
 * (timestamp,value,anomaly_score,label) and prints the three normalised NAB scores, computed by
 * cia's TypeScript port of NAB's scoring (threshold optimised over the corpus per profile, as NAB does).
 */
export function benchNabCommand(): Command {
  return new Command('nab')
    .description('score the detector on the Numenta Anomaly Benchmark: writes NAB result files and prints the three normalised scores')
    .requiredOption('--nab <dir>', 'the NAB corpus (data/, labels/, config/)')
    .requiredOption('--out <dir>', 'where to write OUT/<detector>/<category>/<detector>_<file>.csv')
    .option('--json', 'print one JSON object')
    .addOption(new Option('--detector <name>', 'cia, or one of NAB\'s reference detectors (to check the scorer)').choices([...NAB_DETECTORS]).default('cia'))
    .option('--files <text...>', 'only data files whose <category>/<file> contains one of these')
    .option('--published-thresholds', 'score with the thresholds in the corpus\'s config/thresholds.json instead of optimising them (reference detectors)')
    .exitOverride()
    .action((options: NabOptions, command: Command) => {
      const nabDir = resolve(options.nab);
      let report: NabRunReport;
      try {
        const thresholds = options.publishedThresholds ? publishedThresholds(nabDir, options.detector) : undefined;
        if (options.publishedThresholds && !thresholds) command.error(`error: no published thresholds for ${options.detector} in ${nabDir}/config/thresholds.json`, { exitCode: 2 });
        report = runNab({ nabDir, outDir: resolve(options.out), detector: options.detector, files: options.files, thresholds, writeFinalResults: !options.files?.length });
      } catch (error) {
        if (error instanceof Error && /no NAB corpus|no NAB data file|label windows|profiles\.json/.test(error.message)) command.error(`error: ${error.message}`, { exitCode: 2 });
        throw error;
      }
      const published = publishedScores(nabDir);
      process.stdout.write(`${options.json ? JSON.stringify(reportJson(report, published)) : formatReport(report, published)}\n`);
    });
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function reportJson(report: NabRunReport, published: Record<string, Partial<Record<string, number>>> = {}) {
  return {
    detector: report.detector,
    files: report.files,
    rows: report.rows,
    windows: report.windows,
    scores: Object.fromEntries(PROFILE_NAMES.map((p) => [p, report.profiles[p].normalized])),
    profiles: Object.fromEntries(
      PROFILE_NAMES.map((p) => {
        const r = report.profiles[p];
        return [p, { normalized: r.normalized, threshold: r.threshold, raw: r.raw, null: r.nullScore, perfect: r.perfectScore, tp: r.counts.tp, fp: r.counts.fp, fn: r.counts.fn, tn: r.counts.tn }];
      }),
    ),
    categories: report.categories,
    published: { numenta: published.numenta ?? null, ARTime: published.ARTime ?? null },
    detect_seconds: round(report.detectSeconds, 3),
    score_seconds: round(report.scoreSeconds, 3),
    results_dir: report.resultsDir,
  };
}

export function formatReport(report: NabRunReport, published: Record<string, Partial<Record<string, number>>> = {}): string {
  const lines = [
    `${report.detector} on NAB: ${report.files} files, ${report.rows.toLocaleString('en-US')} rows, ${report.windows} windows; detection ${report.detectSeconds.toFixed(1)} s, scoring ${report.scoreSeconds.toFixed(1)} s`,
  ];
  for (const p of PROFILE_NAMES) {
    const r = report.profiles[p];
    lines.push(`  ${p.padEnd(20)} ${r.normalized.toFixed(2).padStart(7)}   (threshold ${r.threshold.toPrecision(6)}, raw ${r.raw.toFixed(2)}, detections in windows ${r.counts.tp}, outside ${r.counts.fp})`);
  }
  const cats = Object.entries(report.categories)
    .filter(([, c]) => c.normalized !== null)
    .map(([name, c]) => `${name} ${c.normalized!.toFixed(1)}`);
  if (cats.length) lines.push(`  standard by category: ${cats.join(', ')}`);
  for (const name of ['numenta', 'ARTime']) {
    const s = published[name];
    if (s) lines.push(`  published ${name.padEnd(8)} ${PROFILE_NAMES.map((p) => (s[p] ?? Number.NaN).toFixed(2)).join(' / ')}`);
  }
  lines.push(`results: ${report.resultsDir}`);
  return lines.join('\n');
}
