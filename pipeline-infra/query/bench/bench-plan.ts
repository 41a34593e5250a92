import { median, nearestRank } from '../../bench/statistics.js';
import { qualifiedName, tableByName } from '../../catalog/index.js';
import { accountByAlias } from '../../lake/generator/accounts.js';
import { RAW_SCHEMA } from '../engines/duckdb-engine.js';
import { querySpecSchema, type QuerySpec } from '../query-spec.js';

/**
 * The pure core of `cia bench query`: which questions it asks of a generated lake, how a query is
 * pointed at the raw JSON instead of Parquet, and how timings become figures.
 */

const DAY_MS = 86_400_000;
const CLOUDTRAIL = tableByName('cloudtrail_logs')!;

/** The targets (DESIGN §6.1 `cia bench query`). */
export const TARGETS = { filteredAggregateWarmMs: 150, parquetSpeedup: 5 } as const;

export interface BenchQuerySpecs {
  /** One account, one day, errors only, grouped by event name, top 10: the partition-pruned question the targets are about. */
  filteredAggregate: QuerySpec;
  /** Every event of that day, all accounts and regions. */
  fullDayCount: QuerySpec;
  /** The busiest principals of the seven days up to that day. */
  sevenDayTopPrincipals: QuerySpec;
}

/** The questions, on the last full UTC day before the lake's end (the generator's window ends at its `now`). */
export function benchQuerySpecs(lakeEnd: Date): BenchQuerySpecs {
  const dayEnd = Math.floor(lakeEnd.getTime() / DAY_MS) * DAY_MS;
  const day = { from: iso(dayEnd - DAY_MS), to: iso(dayEnd) };
  const count = { fn: 'count' as const, as: 'events' };
  return {
    filteredAggregate: querySpecSchema.parse({
      table: CLOUDTRAIL.name,
      time: day,
      accounts: [accountByAlias('prod').id],
      filters: [{ column: 'errorcode', op: 'is_not_null' }],
      group_by: ['eventname'],
      aggregates: [count],
      limit: 10,
    }),
    fullDayCount: querySpecSchema.parse({ table: CLOUDTRAIL.name, time: day, aggregates: [count] }),
    sevenDayTopPrincipals: querySpecSchema.parse({
      table: CLOUDTRAIL.name,
      time: { from: iso(dayEnd - 7 * DAY_MS), to: day.to },
      group_by: ['useridentity.arn'],
      aggregates: [count],
      limit: 10,
    }),
  };
}

/**
 * The same statement over the raw JSON files: the guard admits only `cia_logs` tables, so the
 * guarded statement's one table reference is pointed at the engine's `cia_raw` view of the files.
 */
export function onRawJson(sql: string): string {
  const parquet = qualifiedName(CLOUDTRAIL);
  const uses = sql.split(parquet).length - 1;
  if (uses !== 1) throw new Error(`expected one reference to ${parquet} in the statement, found ${uses}`);
  return sql.replace(parquet, `${RAW_SCHEMA}.${CLOUDTRAIL.name}`);
}

export interface RunStats {
  median_ms: number;
  p95_ms: number;
}

/** Median and 95th percentile (nearest rank) of timings, in ms to a tenth. */
export function runStats(timings: readonly number[]): RunStats {
  if (timings.length === 0) throw new RangeError('no timings');
  return { median_ms: tenth(median(timings)), p95_ms: tenth(nearestRank(timings, 0.95)!) };
}

/** How many times faster Parquet answered than the raw JSON, to a tenth. */
export function speedup(parquetMs: number, rawJsonMs: number): number {
  return tenth(rawJsonMs / Math.max(parquetMs, 0.1));
}

export function tenth(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
