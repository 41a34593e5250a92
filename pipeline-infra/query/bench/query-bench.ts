import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { tableByName } from '../../catalog/index.js';
import { compileQuerySpec } from '../compiler.js';
import { COMPACTED_DIR } from '../engines/compaction.js';
import { scanTablePartitions } from '../engines/lake-files.js';
import { openQueryRunner, type QueryRunnerHandle } from '../open-query-runner.js';
import type { QuerySpec } from '../query-spec.js';
import { ensureBenchLake } from './bench-lake.js';
import { benchQuerySpecs, onRawJson, runStats, speedup, TARGETS, tenth } from './bench-plan.js';

/**
 * `cia bench query` (DESIGN §6.1): the real engine, compiler and guard on a generated lake. Each
 * query is timed along the whole path a sub-agent's query takes: QuerySpec → SQL → guard → engine.
 */

export interface QueryBenchOptions {
  lakeDir: string;
  /** CloudTrail events the lake must hold (generated when it holds fewer). */
  events: number;
  /** Warm runs of each query on Parquet. */
  runs: number;
  onProgress?: (message: string) => void;
}

export interface QueryFigures {
  /** The first run after the engine opened. */
  cold_ms: number;
  warm_median_ms: number;
  warm_p95_ms: number;
  warm_runs: number;
  rows: Record<string, unknown>[];
}

export interface QueryBenchReport {
  lake: string;
  /** Set when this run generated the lake. */
  generated: { seconds: number; cloudtrail_events_per_second: number } | null;
  /** CloudTrail's events, partitions and files: as delivered (gzip JSON), and its compacted Parquet copy. */
  events: number;
  partitions: number;
  raw_json_files: number;
  raw_json_bytes: number;
  parquet_bytes: number;
  /** The first open, compacting every JSON partition to Parquet (the copy is removed first). */
  open_ms: number;
  /** A second open: nothing left to compact. */
  warm_open_ms: number;
  filtered_aggregate: QueryFigures & { sql: string };
  raw_json_warm_median_ms: number;
  raw_json_runs: number;
  parquet_speedup: number;
  full_day_count: QueryFigures;
  seven_day_top_principals: QueryFigures;
  targets: { filtered_aggregate_under_150ms: boolean; parquet_at_least_5x_faster: boolean };
}

/** The raw JSON is parsed on every run: a few runs give its median without taking minutes. */
const MAX_RAW_JSON_RUNS = 5;
/** Longer than the interactive limit: the raw JSON of a large lake is slow by nature, and measured rather than stopped. */
const BENCH_QUERY_TIMEOUT_MS = 30 * 60_000;
const CLOUDTRAIL = tableByName('cloudtrail_logs')!;

export async function benchQuery(options: QueryBenchOptions): Promise<QueryBenchReport> {
  const progress = options.onProgress ?? (() => {});
  const lake = await ensureBenchLake({ lakeDir: options.lakeDir, events: options.events, onProgress: progress });
  const specs = benchQuerySpecs(lake.end);

  progress('opening the engine: compacting the JSON tables to Parquet');
  await rm(join(lake.lakeDir, COMPACTED_DIR), { recursive: true, force: true });
  const firstOpen = await timed(() => openRunner(lake.lakeDir));
  await firstOpen.value.close();
  const warmOpen = await timed(() => openRunner(lake.lakeDir));
  const queries = warmOpen.value;
  try {
    progress(`running each query ${options.runs} times`);
    const filtered = await measure(queries, specs.filteredAggregate, options.runs);
    const rawRuns = Math.min(options.runs, MAX_RAW_JSON_RUNS);
    progress(`running the same query over the raw JSON ${rawRuns} times`);
    // One run first, so the median is of warm runs as for Parquet.
    const rawJson = runStats((await timeRuns(rawRuns + 1, () => runGuarded(queries, filtered.sql, onRawJson))).slice(1));
    const fullDay = await measure(queries, specs.fullDayCount, options.runs);
    const sevenDays = await measure(queries, specs.sevenDayTopPrincipals, options.runs);
    const files = await scanTablePartitions(lake.lakeDir, CLOUDTRAIL);
    const parquetSpeedup = speedup(filtered.warm_median_ms, rawJson.median_ms);
    return {
      lake: lake.lakeDir,
      generated: lake.generated ?? null,
      events: lake.events,
      partitions: files.length,
      raw_json_files: files.reduce((sum, p) => sum + p.files.length, 0),
      raw_json_bytes: files.reduce((sum, p) => sum + p.files.reduce((bytes, f) => bytes + f.size, 0), 0),
      parquet_bytes: await parquetBytes(join(lake.lakeDir, COMPACTED_DIR, CLOUDTRAIL.name)),
      open_ms: tenth(firstOpen.ms),
      warm_open_ms: tenth(warmOpen.ms),
      filtered_aggregate: filtered,
      raw_json_warm_median_ms: rawJson.median_ms,
      raw_json_runs: rawRuns,
      parquet_speedup: parquetSpeedup,
      full_day_count: withoutSql(fullDay),
      seven_day_top_principals: withoutSql(sevenDays),
      targets: {
        filtered_aggregate_under_150ms: filtered.warm_median_ms < TARGETS.filteredAggregateWarmMs,
        parquet_at_least_5x_faster: parquetSpeedup >= TARGETS.parquetSpeedup,
      },
    };
  } finally {
    await queries.close();
  }
}

function openRunner(lakeDir: string): Promise<QueryRunnerHandle> {
  return openQueryRunner({ lakeDir, timeoutMs: BENCH_QUERY_TIMEOUT_MS });
}

/** A query's first run after the open, then `runs` more. */
async function measure(queries: QueryRunnerHandle, spec: QuerySpec, runs: number): Promise<QueryFigures & { sql: string }> {
  const { sql } = compileQuerySpec(spec, 'duckdb');
  const cold = await timed(() => runGuarded(queries, sql));
  const warm = runStats(await timeRuns(runs, () => runGuarded(queries, sql)));
  return { cold_ms: tenth(cold.ms), warm_median_ms: warm.median_ms, warm_p95_ms: warm.p95_ms, warm_runs: runs, rows: cold.value, sql };
}

/**
 * One query along the path of DESIGN §3.3: the guard, then the engine. `retarget` points the
 * statement the guard passed somewhere the guard admits no query (the raw JSON view).
 */
async function runGuarded(queries: QueryRunnerHandle, sql: string, retarget: (sql: string) => string = (passed) => passed): Promise<Record<string, unknown>[]> {
  const verdict = await queries.runner.guard(sql);
  if (!verdict.ok) throw new Error(`the guard refused a compiled benchmark query: ${verdict.reason}`);
  return (await queries.runner.engine.run(retarget(verdict.sql))).rows;
}

async function timeRuns(runs: number, run: () => Promise<unknown>): Promise<number[]> {
  const timings: number[] = [];
  for (let i = 0; i < runs; i++) timings.push((await timed(run)).ms);
  return timings;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

function withoutSql({ sql: _sql, ...figures }: QueryFigures & { sql: string }): QueryFigures {
  return figures;
}

async function parquetBytes(root: string): Promise<number> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  const sizes = await Promise.all(entries.filter((e) => e.isFile() && e.name.endsWith('.parquet')).map((e) => stat(join(e.parentPath, e.name)).then((s) => s.size)));
  return sizes.reduce((sum, size) => sum + size, 0);
}
