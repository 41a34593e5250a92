import { randomBytes } from 'node:crypto';
import { link, mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tableByName } from '../catalog/index.js';
import { duckdbType, quoteIdentifier } from '../catalog/sql-types.js';
import { logGroupPartitionValue } from '../catalog/tables/cloudwatch.js';
import type { ColumnDef, ColumnType, TableDef } from '../catalog/types.js';
import { dateFromEpoch, parseAwsTime } from './aws-time.js';
import { LAKE_FILE_FORMAT, partitionDir, partitionValues } from './layout.js';

export type LakeTable = 'cloudtrail_logs' | 'cloudwatch_logs' | 'config_logs' | 'guardduty_findings' | 'flowlogs' | 'cur_data';

export const LAKE_TABLES: readonly LakeTable[] = ['cloudtrail_logs', 'cloudwatch_logs', 'config_logs', 'guardduty_findings', 'flowlogs', 'cur_data'];

export interface WriteSummary {
  tables: Record<string, { rows: number; files: number; partitions: number }>;
}

/** A row `add` refused, by its index in the rows given, and why. */
export interface Rejection {
  index: number;
  reason: string;
}

export interface AddResult {
  accepted: number;
  rejected: Rejection[];
}

type Row = Record<string, unknown>;

/** Where one stored row goes. A CloudWatch envelope whose events span months becomes one placement per month. */
interface Placement {
  dir: string;
  row: Row;
  time: Date;
  /** For CloudTrail's file names, which carry them. */
  account: string;
  region?: string;
}

interface PartitionBuffer {
  dir: string;
  account: string;
  region?: string;
  rows: { row: Row; time: Date }[];
}

/** Files stay small enough to stringify and gzip in memory; a partition with more rows gets several files. */
const MAX_ROWS_PER_FILE = 50_000;

const gzipAsync = promisify(gzip);

/**
 * Writes rows in the lake's stored shapes into the layout of DESIGN §3.1. Rows are buffered per
 * partition; `flush` writes each partition's rows as new files with unique names, so a second
 * import or generator run adds to a lake and never replaces what is there.
 */
export class LakeWriter {
  private readonly buffers = new Map<LakeTable, Map<string, PartitionBuffer>>();
  private buffered = 0;
  private duckdb?: Promise<{ instance: DuckDBInstance; connection: DuckDBConnection; scratchDir: string }>;

  constructor(
    private readonly lakeDir: string,
    private readonly options: { flowlogRegion?: string } = {},
  ) {}

  /** Rows waiting for `flush`. */
  get bufferedRows(): number {
    return this.buffered;
  }

  /** Buffers rows under their partitions; rows that cannot be partitioned are refused, with the reason, and never written. */
  add(table: LakeTable, rows: object[]): AddResult {
    const result: AddResult = { accepted: 0, rejected: [] };
    rows.forEach((row, index) => {
      const placed = this.place(table, row as Row);
      if (typeof placed === 'string') {
        result.rejected.push({ index, reason: placed });
        return;
      }
      for (const placement of placed) this.buffer(table, placement);
      result.accepted += 1;
    });
    return result;
  }

  /** Writes every buffered row and reports what was written by this call. */
  async flush(): Promise<WriteSummary> {
    const summary: WriteSummary = { tables: {} };
    for (const [table, partitions] of this.buffers) {
      const stats = { rows: 0, files: 0, partitions: 0 };
      for (const [dir, partition] of partitions) {
        while (partition.rows.length > 0) {
          const chunk = partition.rows.slice(0, MAX_ROWS_PER_FILE);
          await this.writePartitionFile(table, partition, chunk);
          // Forget rows once written, so a flush retried after a failure never writes them twice.
          partition.rows.splice(0, chunk.length);
          this.buffered -= chunk.length;
          stats.rows += chunk.length;
          stats.files += 1;
        }
        stats.partitions += 1;
        partitions.delete(dir);
      }
      summary.tables[table] = stats;
    }
    this.buffers.clear();
    return summary;
  }

  /** Writes what is still buffered and releases DuckDB and its scratch folder. */
  async close(): Promise<void> {
    await this.flush();
    if (!this.duckdb) return;
    const { instance, connection, scratchDir } = await this.duckdb;
    this.duckdb = undefined;
    connection.closeSync();
    instance.closeSync();
    await rm(scratchDir, { recursive: true, force: true });
  }

  private buffer(table: LakeTable, placement: Placement): void {
    let partitions = this.buffers.get(table);
    if (!partitions) this.buffers.set(table, (partitions = new Map()));
    let partition = partitions.get(placement.dir);
    if (!partition) partitions.set(placement.dir, (partition = { dir: placement.dir, account: placement.account, region: placement.region, rows: [] }));
    partition.rows.push({ row: placement.row, time: placement.time });
    this.buffered += 1;
  }

  private place(table: LakeTable, row: Row): Placement[] | string {
    if (!isRecord(row)) return 'not an object';
    const def = tableByName(table)!;
    switch (table) {
      case 'cloudtrail_logs':
        return placeOne(def, row, {
          account: [text(row.recipientAccountId) ?? text(field(row.userIdentity, 'accountId')), 'no account id (recipientAccountId or userIdentity.accountId)'],
          region: [text(row.awsRegion), 'no region (awsRegion)'],
          time: [parseAwsTime(row.eventTime), 'no usable eventTime'],
        });
      case 'cloudwatch_logs':
        return placeEnvelope(def, row);
      case 'config_logs':
        return placeOne(def, row, {
          account: [text(row.awsAccountId), 'no account id (awsAccountId)'],
          time: [parseAwsTime(row.configurationItemCaptureTime), 'no usable configurationItemCaptureTime'],
        });
      case 'guardduty_findings':
        return placeOne(def, row, {
          account: [text(field(row.detail, 'accountId')) ?? text(row.account), 'no account id (detail.accountId or account)'],
          time: [parseAwsTime(field(row.detail, 'updatedAt')) ?? parseAwsTime(row.time), 'no usable time (detail.updatedAt or time)'],
        });
      case 'flowlogs':
        return this.placeFlowLog(def, row);
      case 'cur_data':
        return placeCostRow(def, row);
    }
  }

  private placeFlowLog(def: TableDef, row: Row): Placement[] | string {
    const typed = coerceToColumns(row, def.columns);
    if (typeof typed === 'string') return typed;
    // The default formats name no region: the delivery path, or whoever imports the file, says it.
    typed.region ??= this.options.flowlogRegion ?? null;
    return placeOne(def, typed, {
      account: [text(typed.account_id), 'no account id (account_id)'],
      region: [text(typed.region), 'no region: the record names none and no flow-log region was given (--region)'],
      time: [dateFromEpoch(typed.start, 'seconds'), 'no usable start'],
    });
  }

  private async writePartitionFile(table: LakeTable, partition: PartitionBuffer, rows: { row: Row; time: Date }[]): Promise<void> {
    const dir = join(this.lakeDir, partition.dir);
    await mkdir(dir, { recursive: true });
    const latest = new Date(rows.reduce((max, r) => Math.max(max, r.time.getTime()), -Infinity));
    const name = fileName(table, partition, latest);
    // Written under a hidden name and then linked into place: readers never see half a file, and
    // link() fails rather than replace an existing file.
    const scratch = join(dir, `.${name}.tmp`);
    if (LAKE_FILE_FORMAT[table]!.extension === '.parquet') await this.writeParquet(tableByName(table)!, rows.map((r) => r.row), scratch);
    else await writeFile(scratch, await gzipAsync(jsonFileContent(table, rows.map((r) => r.row))));
    try {
      await link(scratch, join(dir, name));
    } finally {
      await unlink(scratch);
    }
  }

  private async writeParquet(def: TableDef, rows: Row[], target: string): Promise<void> {
    const { connection, scratchDir } = await this.openDuckDb();
    const ndjson = join(scratchDir, `${randomName()}.ndjson`);
    await writeFile(ndjson, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
    const columns = def.columns.map((c) => `${quoteIdentifier(c.name)}: ${sqlString(duckdbType(c.type))}`).join(', ');
    const select = def.columns.map((c) => quoteIdentifier(c.name)).join(', ');
    try {
      await connection.run(
        `COPY (SELECT ${select} FROM read_json(${sqlString(ndjson)}, format = 'newline_delimited', columns = {${columns}})) ` +
          `TO ${sqlString(target)} (FORMAT parquet, COMPRESSION zstd)`,
      );
    } finally {
      await rm(ndjson, { force: true });
    }
  }

  private openDuckDb() {
    this.duckdb ??= (async () => {
      // An ordinary in-memory instance used only to write files; it never reads the lake.
      const instance = await DuckDBInstance.create(':memory:');
      return { instance, connection: await instance.connect(), scratchDir: await mkdtemp(join(tmpdir(), 'cia-lake-writer-')) };
    })();
    return this.duckdb;
  }
}

interface PartitionSource {
  account?: string;
  region?: string;
  time: Date;
  logGroupValue?: string;
}

/** A partition value as found in the row (undefined when absent), with the reason to refuse the row without it. */
type Found<T> = [T | undefined, string];

/** The one placement of a row, or why it has none. Only the values given are required. */
function placeOne(def: TableDef, row: Row, found: { account?: Found<string>; region?: Found<string>; time: Found<Date> }): Placement[] | string {
  for (const required of [found.account, found.region, found.time]) if (required && !required[0]) return required[1];
  const source: PartitionSource = { account: found.account?.[0], region: found.region?.[0], time: found.time[0]! };
  const dir = partitionDirFor(def, source);
  if ('reason' in dir) return dir.reason;
  return [{ dir: dir.dir, row, time: source.time, account: source.account ?? '', region: source.region }];
}

/** The partition's directory, or why a value cannot be a path segment (layout.ts refuses `/`, `..`). */
function partitionDirFor(def: TableDef, source: PartitionSource): { dir: string } | { reason: string } {
  try {
    return { dir: partitionDir(def, partitionValues(def, { ...source, account: source.account ?? '' })) };
  } catch (error) {
    return { reason: (error as Error).message };
  }
}

/** One envelope per month its events fall in, each filed under the log group, owner and that month. */
function placeEnvelope(def: TableDef, envelope: Row): Placement[] | string {
  const account = text(envelope.owner);
  const logGroup = text(envelope.logGroup);
  if (!account) return 'no account id (owner)';
  if (!logGroup || !logGroupPartitionValue(logGroup)) return 'no usable logGroup';
  if (!Array.isArray(envelope.logEvents) || envelope.logEvents.length === 0) return 'no log events';
  const byDir = new Map<string, { time: Date; events: unknown[] }>();
  for (const [index, event] of envelope.logEvents.entries()) {
    const time = dateFromEpoch(field(event, 'timestamp'), 'millis');
    if (!time) return `log event ${index + 1} has no usable timestamp`;
    const dir = partitionDirFor(def, { account, time, logGroupValue: logGroupPartitionValue(logGroup) });
    if ('reason' in dir) return dir.reason;
    const group = byDir.get(dir.dir) ?? { time, events: [] };
    group.events.push(event);
    if (time > group.time) group.time = time;
    byDir.set(dir.dir, group);
  }
  return [...byDir].map(([dir, group]) => ({ dir, time: group.time, account, row: { ...envelope, logEvents: group.events } }));
}

function placeCostRow(def: TableDef, row: Row): Placement[] | string {
  const typed = coerceToColumns(row, def.columns);
  if (typeof typed === 'string') return typed;
  return placeOne(def, typed, { time: [parseAwsTime(typed.line_item_usage_start_date), 'no usable line_item_usage_start_date'] });
}

/**
 * A Parquet row: exactly the catalog's columns, each value converted to the column's type (`-`
 * and empty strings are null), or the reason a value does not fit.
 */
function coerceToColumns(row: Row, columns: ColumnDef[]): Row | string {
  const typed: Row = {};
  for (const column of columns) {
    const value = row[column.name];
    if (value === undefined || value === null || value === '') {
      typed[column.name] = null;
      continue;
    }
    const converted = coerceValue(value, column.type);
    if (converted === undefined) return `${column.name}: ${JSON.stringify(value)} is not a valid ${typeof column.type === 'string' ? column.type : 'value'}`;
    typed[column.name] = converted;
  }
  return typed;
}

const INT32 = 2 ** 31;

function coerceValue(value: unknown, type: ColumnType): unknown {
  switch (type) {
    case 'string':
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'json':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'int':
    case 'bigint': {
      const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isSafeInteger(number)) return undefined;
      return type === 'int' && (number < -INT32 || number >= INT32) ? undefined : number;
    }
    case 'double': {
      const number = typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value) ? Number(value) : value;
      return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return value === 'true' ? true : value === 'false' ? false : undefined;
    case 'timestamp':
      return parseAwsTime(value)?.toISOString();
    default:
      return value; // nested types: no table written as Parquet has one
  }
}

function jsonFileContent(table: LakeTable, rows: Row[]): string {
  // CloudTrail files are what a trail delivers; the Firehose-fed tables hold one record per line.
  if (table === 'cloudtrail_logs') return JSON.stringify({ Records: rows });
  return rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
}

/** CloudTrail's own naming (`{account}_CloudTrail_{region}_{yyyymmddThhmmZ}_{random}.json.gz`); cia's for the rest. */
function fileName(table: LakeTable, partition: PartitionBuffer, latest: Date): string {
  const stamp = latest.toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';
  const extension = LAKE_FILE_FORMAT[table]!.extension;
  if (table === 'cloudtrail_logs') return `${partition.account}_CloudTrail_${partition.region}_${stamp}_${randomName()}${extension}`;
  return `cia_${table}_${stamp}_${randomName()}${extension}`;
}

const NAME_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomName(): string {
  return [...randomBytes(16)].map((byte) => NAME_ALPHABET[byte % NAME_ALPHABET.length]).join('');
}

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function isRecord(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

/** A non-empty string form of an id-like value (account ids sometimes arrive as numbers). */
function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
