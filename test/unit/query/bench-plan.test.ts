import { compileQuerySpec } from '../../../pipeline-infra/query/compiler.js';
import { benchLakePlan } from '../../../pipeline-infra/query/bench/bench-lake.js';
import { benchQuerySpecs, onRawJson, runStats, speedup } from '../../../pipeline-infra/query/bench/bench-plan.js';

describe('benchQuerySpecs', () => {
  const specs = benchQuerySpecs(new Date('2024-05-15T12:34:56Z'));

  it('asks about the last full UTC day before the lake ends, and the seven days up to it', () => {
    expect(specs.filteredAggregate.time).toEqual({ from: '2024-05-14T00:00:00Z', to: '2024-05-15T00:00:00Z' });
    expect(specs.fullDayCount.time).toEqual(specs.filteredAggregate.time);
    expect(specs.sevenDayTopPrincipals.time).toEqual({ from: '2024-05-08T00:00:00Z', to: '2024-05-15T00:00:00Z' });
  });

  it('compiles the filtered aggregate to one account and day, errors only, by event name, top 10', () => {
    const { sql } = compileQuerySpec(specs.filteredAggregate, 'duckdb');
    expect(sql).toContain("(year = '2024' AND month = '05' AND day = '14') AND account_id = '333333333333'");
    expect(sql).toContain('errorcode IS NOT NULL');
    expect(sql).toMatch(/GROUP BY eventname\nORDER BY events DESC\nLIMIT 10$/);
  });
});

describe('onRawJson', () => {
  it('points the one CloudTrail table reference at the raw JSON view', () => {
    expect(onRawJson("SELECT count(*) AS n FROM cia_logs.cloudtrail_logs WHERE day = '14' LIMIT 20")).toBe("SELECT count(*) AS n FROM cia_raw.cloudtrail_logs WHERE day = '14' LIMIT 20");
  });

  it('refuses a statement with no or several references rather than guess', () => {
    expect(() => onRawJson('SELECT 1')).toThrow('found 0');
    expect(() => onRawJson('SELECT a FROM cia_logs.cloudtrail_logs JOIN cia_logs.cloudtrail_logs USING (eventid)')).toThrow('found 2');
  });
});

describe('runStats and speedup', () => {
  it('gives the median and the nearest-rank 95th percentile', () => {
    expect(runStats([5, 1, 3])).toEqual({ median_ms: 3, p95_ms: 5 });
    expect(runStats([4, 1, 3, 2])).toEqual({ median_ms: 2.5, p95_ms: 4 });
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(runStats(twenty)).toEqual({ median_ms: 10.5, p95_ms: 19 });
    expect(() => runStats([])).toThrow(RangeError);
  });

  it('says how many times faster Parquet was, to a tenth', () => {
    expect(speedup(40, 1000)).toBe(25);
    expect(speedup(30, 100)).toBe(3.3);
  });
});

describe('benchLakePlan', () => {
  it('reuses a complete lake of its own that is large enough', () => {
    expect(benchLakePlan({ marker: { events_requested: 10, cloudtrail_events: 11 }, empty: false }, 10)).toBe('reuse');
    expect(benchLakePlan({ marker: { events_requested: 10, cloudtrail_events: 11 }, empty: false }, 5)).toBe('reuse');
  });

  it('generates into an empty folder, over its own smaller lake, and over its own interrupted one', () => {
    expect(benchLakePlan({ empty: true }, 10)).toBe('generate');
    expect(benchLakePlan({ marker: { events_requested: 5, cloudtrail_events: 5 }, empty: false }, 10)).toBe('generate');
    expect(benchLakePlan({ marker: { events_requested: 10 }, empty: false }, 10)).toBe('generate');
  });

  it('never generates over a folder it did not write', () => {
    expect(benchLakePlan({ empty: false }, 10)).toBe('foreign');
  });
});
