import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { benchCommand, formatQueryBench } from '../../../bot/cli/bench-command.js';
import { BENCH_MARKER, BenchLakeError } from '../../../pipeline-infra/query/bench/bench-lake.js';
import { benchQuery, type QueryBenchReport, type QueryFigures } from '../../../pipeline-infra/query/bench/query-bench.js';

const EVENTS = 20_000;
const RUNS = 3;

describe('cia bench query on a small generated lake', () => {
  let root: string;
  let lake: string;
  let report: QueryBenchReport;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cia-bench-query-'));
    lake = join(root, 'bench-lake');
    report = await benchQuery({ lakeDir: lake, events: EVENTS, runs: RUNS });
  }, 180_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const sane = (figures: QueryFigures) => {
    for (const ms of [figures.cold_ms, figures.warm_median_ms, figures.warm_p95_ms]) expect(ms).toBeGreaterThan(0);
    expect(figures.warm_p95_ms).toBeGreaterThanOrEqual(figures.warm_median_ms);
    expect(figures.warm_runs).toBe(RUNS);
  };

  it('generates the lake it measures, and says so', async () => {
    expect(report.generated).toEqual({ seconds: expect.any(Number), cloudtrail_events_per_second: expect.any(Number) });
    expect(report.events).toBeGreaterThanOrEqual(EVENTS * 0.95);
    expect(JSON.parse(await readFile(join(lake, BENCH_MARKER), 'utf8'))).toEqual({ events_requested: EVENTS, cloudtrail_events: report.events });
  });

  it('reports the lake on disk: partitions, raw JSON and its Parquet copy', () => {
    expect(report.partitions).toBeGreaterThan(0);
    expect(report.raw_json_files).toBeGreaterThanOrEqual(report.partitions);
    expect(report.raw_json_bytes).toBeGreaterThan(0);
    expect(report.parquet_bytes).toBeGreaterThan(0);
    expect(report.open_ms).toBeGreaterThan(0);
    expect(report.warm_open_ms).toBeGreaterThan(0);
  });

  it('times the filtered aggregate on Parquet and on the raw JSON, with the same answer-shaped rows', () => {
    sane(report.filtered_aggregate);
    expect(report.filtered_aggregate.sql).toMatch(/FROM cia_logs\.cloudtrail_logs WHERE .*account_id = '333333333333'.*errorcode IS NOT NULL/s);
    expect(report.filtered_aggregate.rows.length).toBeGreaterThan(0);
    expect(report.filtered_aggregate.rows.length).toBeLessThanOrEqual(10);
    for (const row of report.filtered_aggregate.rows) expect(row).toEqual({ eventname: expect.any(String), events: expect.any(Number) });
    expect(report.raw_json_warm_median_ms).toBeGreaterThan(0);
    expect(report.raw_json_runs).toBe(RUNS);
    expect(report.parquet_speedup).toBeCloseTo(report.raw_json_warm_median_ms / report.filtered_aggregate.warm_median_ms, 0);
    expect(report.targets).toEqual({ filtered_aggregate_under_150ms: expect.any(Boolean), parquet_at_least_5x_faster: expect.any(Boolean) });
  });

  it('counts a full day and ranks the principals of seven days', () => {
    sane(report.full_day_count);
    const [day] = report.full_day_count.rows as { events: number }[];
    // About a fourteenth of the events fall on one day of the 14-day window.
    expect(day!.events).toBeGreaterThan(report.events / 40);
    expect(day!.events).toBeLessThan(report.events / 5);
    sane(report.seven_day_top_principals);
    expect(report.seven_day_top_principals.rows).toHaveLength(10);
  });

  it('prints a table with each target met or missed', () => {
    const text = formatQueryBench(report);
    expect(text).toMatch(new RegExp(`CloudTrail events +\\| ${report.events.toLocaleString('en-US')}`));
    expect(text).toMatch(/filtered aggregate .*\| (✓ met|✗ missed): warm < 150 ms/);
    expect(text).toMatch(/Parquet vs raw JSON .*× faster .*\| (✓ met|✗ missed): ≥ 5×/);
  });

  it('as `cia bench query --json`, reuses its lake when it is large enough', async () => {
    const printed: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((text: unknown) => void printed.push(String(text)));
    try {
      await benchCommand().exitOverride().parseAsync(['query', '--lake', lake, '--events', String(EVENTS / 2), '--runs', '1', '--json'], { from: 'user' });
    } finally {
      log.mockRestore();
    }
    const again = JSON.parse(printed.join('')) as QueryBenchReport;
    expect(again.generated).toBeNull();
    expect(again.events).toBe(report.events);
    expect(again.filtered_aggregate.warm_runs).toBe(1);
  }, 60_000);

  it('never writes over a lake it did not generate', async () => {
    // A folder with files and no marker: someone else's.
    await writeFile(join(root, 'notes.txt'), 'mine');
    await expect(benchQuery({ lakeDir: root, events: EVENTS, runs: 1 })).rejects.toThrow(BenchLakeError);
    expect(await readFile(join(root, 'notes.txt'), 'utf8')).toBe('mine');
  }, 120_000);
});
