import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { readEnv, storageEnvSchema } from '../../pipeline-infra/config/env.js';
import type { QueryBenchReport, QueryFigures } from '../../pipeline-infra/query/bench/query-bench.js';
import { renderTable } from './text-table.js';
import { wholeNumber } from './number-option.js';

/**
 * `cia bench …` (DESIGN §6.1): one command holding the benchmarks. `query` is defined here; the
 * others (nab, detector, ddos, slack) come from their own factories, as `cia lake`'s sub-commands do.
 */
export function benchCommand(subcommands: Command[] = []): Command {
  const bench = new Command('bench').description('measure cia: the query engine, the detector, the Slack path');
  bench.addCommand(benchQueryCommand());
  for (const subcommand of subcommands) bench.addCommand(subcommand);
  return bench;
}

const DEFAULT_EVENTS = 10_000_000;
const DEFAULT_RUNS = 20;

interface BenchQueryOptions {
  json?: boolean;
  lake?: string;
  events: number;
  runs: number;
}

/** `cia bench query [--json] [--lake DIR] [--events N] [--runs N]`. */
function benchQueryCommand(): Command {
  const command = new Command('query')
    .description('query-engine figures on a generated lake: engine open, a partition-pruned aggregate on Parquet and on the raw JSON, a day count, a 7-day top 10, lake size')
    .option('--json', 'print one JSON object')
    .option('--lake <dir>', 'the benchmark lake, generated when absent or smaller than --events (default: CIA_DATA_DIR/bench-lake)')
    .option('--events <n>', 'CloudTrail events the lake must hold', wholeNumber('--events', 1), DEFAULT_EVENTS)
    .option('--runs <n>', 'warm runs of each query', wholeNumber('--runs', 1), DEFAULT_RUNS)
    .action(async (options: BenchQueryOptions) => {
      const lakeDir = resolve(options.lake ?? join(readEnv(storageEnvSchema).CIA_DATA_DIR, 'bench-lake'));
      // Loaded on use: other commands start without DuckDB.
      const [{ benchQuery }, { BenchLakeError }] = [await import('../../pipeline-infra/query/bench/query-bench.js'), await import('../../pipeline-infra/query/bench/bench-lake.js')];
      let report: QueryBenchReport;
      try {
        report = await benchQuery({ lakeDir, events: options.events, runs: options.runs, onProgress: options.json ? undefined : (message) => console.error(`  … ${message}`) });
      } catch (error) {
        if (error instanceof BenchLakeError) command.error(`error: ${error.message}`, { exitCode: 2, code: 'cia.bench.query' });
        throw error;
      }
      console.log(options.json ? JSON.stringify(report) : formatQueryBench(report));
    });
  return command;
}

/** The report as a terminal table, with each target met or missed. */
export function formatQueryBench(report: QueryBenchReport): string {
  const ms = (value: number) => `${value.toLocaleString('en-US')} ms`;
  const runs = (figures: QueryFigures) => `cold ${ms(figures.cold_ms)}, warm median ${ms(figures.warm_median_ms)}, p95 ${ms(figures.warm_p95_ms)}`;
  const target = (met: boolean, text: string) => `${met ? '✓ met' : '✗ missed'}: ${text}`;
  const rows = [
    { figure: 'CloudTrail events', value: report.events.toLocaleString('en-US'), target: '' },
    { figure: 'CloudTrail partitions', value: report.partitions.toLocaleString('en-US'), target: '' },
    { figure: 'CloudTrail JSON (gzip)', value: `${bytes(report.raw_json_bytes)} in ${report.raw_json_files.toLocaleString('en-US')} files`, target: '' },
    { figure: 'its Parquet copy', value: bytes(report.parquet_bytes), target: '' },
    { figure: 'engine open (compaction)', value: ms(report.open_ms), target: '' },
    { figure: 'engine open (warm)', value: ms(report.warm_open_ms), target: '' },
    { figure: 'filtered aggregate', value: runs(report.filtered_aggregate), target: target(report.targets.filtered_aggregate_under_150ms, 'warm < 150 ms') },
    { figure: 'same on raw JSON', value: `warm median ${ms(report.raw_json_warm_median_ms)} (${report.raw_json_runs} runs)`, target: '' },
    { figure: 'Parquet vs raw JSON', value: `${report.parquet_speedup}× faster`, target: target(report.targets.parquet_at_least_5x_faster, '≥ 5×') },
    { figure: 'full-day count', value: runs(report.full_day_count), target: '' },
    { figure: '7-day top 10 principals', value: runs(report.seven_day_top_principals), target: '' },
  ];
  const generated = report.generated ? `generated in ${report.generated.seconds} s, ${report.generated.cloudtrail_events_per_second.toLocaleString('en-US')} CloudTrail events/s` : 'reused';
  return [
    `cia bench query: ${report.lake} (${generated}); ${report.filtered_aggregate.warm_runs} warm runs a query`,
    'filtered aggregate: one account, one day, errorcode IS NOT NULL, grouped by eventname, top 10 (QuerySpec → compiler → guard → DuckDB)',
    '',
    renderTable(['figure', 'value', 'target'], rows, 100),
  ].join('\n');
}

function bytes(count: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
