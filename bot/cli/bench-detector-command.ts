import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import type { Alert } from '../../pipeline-infra/alerts/alert.js';
import { median } from '../../pipeline-infra/bench/statistics.js';
import { Detector } from '../../pipeline-infra/stream/detector.js';
import { readFlowLogFile } from '../../pipeline-infra/stream/flow-log-reader.js';
import { generateTraffic, type GeneratedAttack } from '../../pipeline-infra/stream/traffic-generator.js';
import { wholeNumber } from './number-option.js';

interface DetectorBenchOptions {
  input?: string;
  json?: boolean;
  records: number;
  seed: number;
  runs: number;
}

export interface DetectorBenchReport {
  input: string;
  generated: boolean;
  bytes: number;
  records: number;
  skipped: number;
  /** Best of the runs: reading the file, parsing, windowing, scoring, alerting. */
  seconds: number;
  recordsPerSecond: number;
  /** Best of the runs: reading the file and parsing only. */
  parseOnlySeconds: number;
  parseOnlyRecordsPerSecond: number;
  /**
   * Full pass over parse-only pass: the median of each run's pair, timed back to back, so a
   * pair shares the machine's state at that moment (on a shared VM, the best of each drifts apart).
   */
  ratioToParseOnly: number;
  runs: Array<{ parseOnlySeconds: number; seconds: number }>;
  alerts: Alert[];
  attacks: GeneratedAttack[];
}

/**
 * `cia bench detector [--input FILE] [--json]` (DESIGN §6.1): detector throughput over a flow-log
 * file (v2 default text, one record a line; a seeded file of normal traffic with attacks in it is
 * generated when --input is absent). Each run times a parse-only pass and a full pass (read,
 * parse, window, score, alert) over the same file, back to back; the best of the runs gives the
 * throughputs and the median of the runs' pairs the ratio between them.
 */
export function benchDetectorCommand(): Command {
  return new Command('detector')
    .description('detector throughput over a flow-log file (generated when --input is absent): records/s for parse + detect, and for parse only')
    .option('--input <file>', 'a flow-log text file (v2 default format or a custom format with its header line; .gz accepted)')
    .option('--json', 'print one JSON object')
    .option('--records <n>', 'records to generate when --input is absent', wholeNumber('--records', 1000), 3_000_000)
    .option('--seed <n>', 'seed of the generated traffic', wholeNumber('--seed', 0), 7)
    .option('--runs <n>', 'timed runs (the best is reported)', wholeNumber('--runs', 1), 5)
    .exitOverride()
    .action((options: DetectorBenchOptions, command: Command) => {
      let input: string;
      let generated = false;
      let attacks: GeneratedAttack[] = [];
      if (options.input) {
        input = resolve(options.input);
        if (!statSync(input, { throwIfNoEntry: false })?.isFile()) command.error(`error: no file at ${input}`, { exitCode: 2 });
      } else {
        ({ path: input, attacks } = generatedFile(options.records, options.seed, options.json ? undefined : (m) => console.error(`  … ${m}`)));
        generated = true;
      }
      const report = benchDetector(input, options.runs);
      report.generated = generated;
      report.attacks = attacks;
      process.stdout.write(`${options.json ? JSON.stringify(reportJson(report)) : formatReport(report)}\n`);
    });
}

/** The generated file for (records, seed), written once into the temp folder and reused (its scripted attacks in a sidecar). */
export function generatedFile(records: number, seed: number, progress?: (message: string) => void): { path: string; attacks: GeneratedAttack[] } {
  const dir = join(tmpdir(), 'cia-bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `flows-v2-${records}-seed${seed}.log`);
  const sidecar = `${path}.attacks.json`;
  if (existsSync(path) && existsSync(sidecar)) return { path, attacks: JSON.parse(readFileSync(sidecar, 'utf8')) as GeneratedAttack[] };
  progress?.(`generating ${records.toLocaleString('en-US')} flow-log records (seed ${seed}) into ${path}`);
  // Written aside and renamed, so a concurrent run never reads half a file.
  const partial = `${path}.${process.pid}.tmp`;
  const fd = openSync(partial, 'w');
  let result;
  try {
    result = generateTraffic({ records, seed }, (chunk) => void writeSync(fd, chunk));
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
  writeFileSync(sidecar, JSON.stringify(result.attacks));
  return { path, attacks: result.attacks };
}

/** Times `runs` pairs of passes (parse only, then the whole detector) over one file. */
export function benchDetector(path: string, runs = 5): DetectorBenchReport {
  const timings: Array<{ parseOnlySeconds: number; seconds: number }> = [];
  let alerts: Alert[] = [];
  let records = 0;
  let bytes = 0;
  let skipped = 0;
  for (let run = 0; run < runs; run++) {
    let t0 = performance.now();
    let parsed = 0;
    readFlowLogFile(path, (batch) => void (parsed += batch.length));
    const parseOnlySeconds = (performance.now() - t0) / 1000;

    t0 = performance.now();
    const detector = new Detector();
    const out: Alert[] = [];
    const read = readFlowLogFile(path, (batch) => {
      detector.pushBatch(batch);
      for (const alert of detector.drain()) out.push(alert);
    });
    detector.flush();
    for (const alert of detector.drain()) out.push(alert);
    const seconds = (performance.now() - t0) / 1000;

    timings.push({ parseOnlySeconds, seconds });
    alerts = out;
    records = read.records;
    bytes = read.bytes;
    skipped = read.skipped;
    if (parsed !== records) throw new Error(`parse-only pass read ${parsed} records, the detector pass ${records}`);
  }
  const best = Math.min(...timings.map((t) => t.seconds));
  const bestParse = Math.min(...timings.map((t) => t.parseOnlySeconds));
  return {
    input: path,
    generated: false,
    bytes,
    records,
    skipped,
    seconds: best,
    recordsPerSecond: records / best,
    parseOnlySeconds: bestParse,
    parseOnlyRecordsPerSecond: records / bestParse,
    ratioToParseOnly: median(timings.map((t) => t.seconds / t.parseOnlySeconds)),
    runs: timings,
    alerts,
    attacks: [],
  };
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function reportJson(report: DetectorBenchReport) {
  const opened = report.alerts.filter((a) => a.phase === 'open');
  return {
    input: report.input,
    generated: report.generated,
    bytes: report.bytes,
    records: report.records,
    skipped: report.skipped,
    seconds: r3(report.seconds),
    records_per_second: Math.round(report.recordsPerSecond),
    alerts: report.alerts.length,
    alerts_by_phase: {
      open: opened.length,
      update: report.alerts.filter((a) => a.phase === 'update').length,
      resolve: report.alerts.filter((a) => a.phase === 'resolve').length,
    },
    incidents: opened.map((a) => ({ fingerprint: a.fingerprint, kind: a.kind, account: a.account, target: a.target, severity: a.severity, start: a.evidence.start })),
    parse_only_seconds: r3(report.parseOnlySeconds),
    parse_only_records_per_second: Math.round(report.parseOnlyRecordsPerSecond),
    ratio_to_parse_only: r3(report.ratioToParseOnly),
    runs: report.runs.map((t) => ({ parse_only_seconds: r3(t.parseOnlySeconds), seconds: r3(t.seconds) })),
    scripted_attacks: report.attacks,
  };
}

export function formatReport(report: DetectorBenchReport): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const lines = [
    `${report.input}${report.generated ? ' (generated)' : ''}: ${n(report.records)} records, ${(report.bytes / 1e6).toFixed(1)} MB${report.skipped ? `, ${n(report.skipped)} lines skipped` : ''}`,
    `  read + parse + detect  ${report.seconds.toFixed(3)} s   ${n(report.recordsPerSecond)} records/s`,
    `  read + parse only      ${report.parseOnlySeconds.toFixed(3)} s   ${n(report.parseOnlyRecordsPerSecond)} records/s   (best of ${report.runs.length} runs)`,
    `  detect / parse only    ${report.ratioToParseOnly.toFixed(2)}×   (median of ${report.runs.length} back-to-back pairs)`,
    `  alerts: ${report.alerts.length} (${report.alerts.filter((a) => a.phase === 'open').length} incidents opened)`,
  ];
  for (const a of report.alerts.filter((x) => x.phase === 'open')) lines.push(`    ${a.evidence.start}  ${a.severity}  ${a.kind.padEnd(20)} ${a.account} ${a.target}  peak ${a.evidence.peakValue} ${a.evidence.unit} (baseline ${a.evidence.baseline})`);
  if (report.attacks.length) {
    lines.push('  scripted attacks:');
    for (const a of report.attacks) lines.push(`    ${new Date(a.start * 1000).toISOString().replace('.000Z', 'Z')}  ${a.kind.padEnd(20)} ${a.account} ${a.target}`);
  }
  return lines.join('\n');
}
