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
  /** Epoch ms: the latest row's time names the file. */
  time: number;
  /** For CloudTrail's file names, which carry them. */
  account: string;
  region?: string;
}

/** One file's bytes as they are encoded, before the file is written. */
interface FileInProgress {
  pieces: Buffer[];
  rows: number;
  /** Epoch ms of the latest row. */
  latest: number;
}

interface PartitionBuffer {
  table: LakeTable;
  dir: string;
  account: string;
  region?: string;
  /** Rows added since the last encoding, and their times. */
  pending: Row[];
  pendingTimes: number[];
  /** Encoded rows; the last file is still being filled. */
  files: FileInProgress[];
}

/** One file to write. */
interface FileJob {
  partition: PartitionBuffer;
  file: FileInProgress;
}

type DirOrReason = { dir: string } | { reason: string };

/** Files stay small enough to gzip in memory; a partition with more rows gets several files. */
const MAX_ROWS_PER_FILE = 50_000;
/**
 * Rows become JSON bytes (off the JS heap) every this many rows, so that they die young: holding
 * 50,000 row objects until a flush made the garbage collector the main cost of a large lake, and
 * fewer rows alive at once still helped (measured: every 2,000 rows 40k events/s, every 200 50k).
 * One JSON.stringify over a partition's share of them is faster than one per row.
 */
const ENCODE_EVERY = 200;
/**
 * Files written at once: their gzip runs on libuv's thread pool, on the other core, while the
 * main thread goes on building rows.
 */
const FILES_IN_FLIGHT = 4;
/**
 * Measured on generated CloudTrail: level 3 gzips 270 MB/s, the default 6 only 110 MB/s (levels 1
 * and 2 were no faster than 3); its files are 25% larger than level 6's.
 */
const GZIP_LEVEL = 3;
const DAY_MS = 86_400_000;

const gzipAsync = promisify(gzip);

/**
 * Writes rows in the lake's stored shapes into the layout of DESIGN §3.1. Rows are buffered per
 * partition; `flush` writes each partition's rows as new files with unique names, so a second
 * import or generator run adds to a lake and never replaces what is there.
 */
export class LakeWriter {
  private buffers = new Map<LakeTable, Map<string, PartitionBuffer>>();
  private readonly partitionDirs = new Map<LakeTable, PartitionDirs>();
  private readonly times = new AwsTimes();
  private buffered = 0;
  private pendingRows = 0;
  private duckdb?: Promise<{ instance: DuckDBInstance; connection: DuckDBConnection; scratchDir: string }>;
  /** Parquet files are written one at a time: they share one DuckDB connection. */
  private parquetTurn: Promise<unknown> = Promise.resolve();

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
    const dirs = this.dirsOf(table);
    rows.forEach((row, index) => {
      const placed = this.place(table, row as Row, dirs);
      if (typeof placed === 'string') {
        result.rejected.push({ index, reason: placed });
        return;
      }
      for (const placement of placed) this.buffer(table, placement);
      result.accepted += 1;
    });
    return result;
  }

  /**
   * Writes every row buffered so far and reports what was written by this call. Rows added while
   * it runs are left for the next flush, so a caller may go on adding rows meanwhile.
   */
  async flush(): Promise<WriteSummary> {
    const jobs = this.takeFileJobs();
    const outcome = await runBounded(jobs, FILES_IN_FLIGHT, async (job) => {
      await this.writeFile(job);
      this.buffered -= job.file.rows;
    });
    if (outcome.failed) {
      // Files not written go back to the buffers, so a flush retried after a failure writes each row once.
      for (const job of outcome.notDone) this.partitionOf(job.partition).files.push(job.file);
      throw outcome.error;
    }
    return summarize(jobs);
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

  private dirsOf(table: LakeTable): PartitionDirs {
    let dirs = this.partitionDirs.get(table);
    if (!dirs) this.partitionDirs.set(table, (dirs = new PartitionDirs(tableByName(table)!)));
    return dirs;
  }

  private buffer(table: LakeTable, placement: Placement): void {
    const partition = this.partitionOf({ table, dir: placement.dir, account: placement.account, region: placement.region });
    partition.pending.push(placement.row);
    partition.pendingTimes.push(placement.time);
    this.buffered += 1;
    if (++this.pendingRows >= ENCODE_EVERY) this.encodePending();
  }

  private partitionOf({ table, dir, account, region }: Pick<PartitionBuffer, 'table' | 'dir' | 'account' | 'region'>): PartitionBuffer {
    let partitions = this.buffers.get(table);
    if (!partitions) this.buffers.set(table, (partitions = new Map()));
    let partition = partitions.get(dir);
    if (!partition) partitions.set(dir, (partition = { table, dir, account, region, pending: [], pendingTimes: [], files: [] }));
    return partition;
  }

  private *partitions(): Generator<PartitionBuffer> {
    for (const partitions of this.buffers.values()) yield* partitions.values();
  }

  /** Turns the rows added since the last call into file bytes. */
  private encodePending(): void {
    for (const partition of this.partitions()) {
      const before = partition.pending.length;
      try {
        encodeRows(partition);
      } finally {
        this.pendingRows -= before - partition.pending.length;
      }
    }
  }

  /** Every buffered row as files to write, the buffers emptied (rows added meanwhile start new ones). */
  private takeFileJobs(): FileJob[] {
    this.encodePending();
    const jobs = [...this.partitions()].flatMap((partition) => partition.files.map((file) => ({ partition, file })));
    this.buffers = new Map();
    return jobs;
  }

  private place(table: LakeTable, row: Row, dirs: PartitionDirs): Placement[] | string {
    if (!isRecord(row)) return 'not an object';
    switch (table) {
      case 'cloudtrail_logs':
        return placeOne(dirs, row, {
          account: [text(row.recipientAccountId) ?? text(field(row.userIdentity, 'accountId')), 'no account id (recipientAccountId or userIdentity.accountId)'],
          region: [text(row.awsRegion), 'no region (awsRegion)'],
          time: [this.times.parse(row.eventTime), 'no usable eventTime'],
        });
      case 'cloudwatch_logs':
        return placeEnvelope(dirs, row);
      case 'config_logs':
        return placeOne(dirs, row, {
          account: [text(row.awsAccountId), 'no account id (awsAccountId)'],
          time: [this.times.parse(row.configurationItemCaptureTime), 'no usable configurationItemCaptureTime'],
        });
      case 'guardduty_findings':
        return placeOne(dirs, row, {
          account: [text(field(row.detail, 'accountId')) ?? text(row.account), 'no account id (detail.accountId or account)'],
          time: [this.times.parse(field(row.detail, 'updatedAt')) ?? this.times.parse(row.time), 'no usable time (detail.updatedAt or time)'],
        });
      case 'flowlogs':
        return this.placeFlowLog(dirs, row);
      case 'cur_data':
        return placeCostRow(dirs, row);
    }
  }

  private placeFlowLog(dirs: PartitionDirs, row: Row): Placement[] | string {
    const typed = coerceToColumns(row, dirs.table.columns);
    if (typeof typed === 'string') return typed;
    // The default formats name no region: the delivery path, or whoever imports the file, says it.
    typed.region ??= this.options.flowlogRegion ?? null;
    return placeOne(dirs, typed, {
      account: [text(typed.account_id), 'no account id (account_id)'],
      region: [text(typed.region), 'no region: the record names none and no flow-log region was given (--region)'],
      time: [dateFromEpoch(typed.start, 'seconds'), 'no usable start'],
    });
  }

  private async writeFile({ partition, file }: FileJob): Promise<void> {
    const dir = join(this.lakeDir, partition.dir);
    await mkdir(dir, { recursive: true });
    const name = fileName(partition, new Date(file.latest));
    // Written under a hidden name and then linked into place: readers never see half a file, and
    // link() fails rather than replace an existing file.
    const scratch = join(dir, `.${name}.tmp`);
    const content = fileBytes(partition.table, file);
    if (LAKE_FILE_FORMAT[partition.table]!.extension === '.parquet') await this.inParquetTurn(() => this.writeParquet(tableByName(partition.table)!, content, scratch));
    else await writeFile(scratch, await gzipAsync(content, { level: GZIP_LEVEL, chunkSize: gzipChunkSize(content) }));
    try {
      await link(scratch, join(dir, name));
    } finally {
      await unlink(scratch);
    }
  }

  private inParquetTurn(write: () => Promise<void>): Promise<void> {
    const turn = this.parquetTurn.then(write);
    this.parquetTurn = turn.catch(() => {});
    return turn;
  }

  private async writeParquet(def: TableDef, ndjson: Buffer, target: string): Promise<void> {
    const { connection, scratchDir } = await this.openDuckDb();
    const source = join(scratchDir, `${randomName()}.ndjson`);
    await writeFile(source, ndjson);
    const columns = def.columns.map((c) => `${quoteIdentifier(c.name)}: ${sqlString(duckdbType(c.type))}`).join(', ');
    const select = def.columns.map((c) => quoteIdentifier(c.name)).join(', ');
    try {
      await connection.run(
        `COPY (SELECT ${select} FROM read_json(${sqlString(source)}, format = 'newline_delimited', columns = {${columns}})) ` +
          `TO ${sqlString(target)} (FORMAT parquet, COMPRESSION zstd)`,
      );
    } finally {
      await rm(source, { force: true });
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

/**
 * A table's partition directories, computed once per account, region, log group and UTC day:
 * building the path for every row dominated `add`.
 */
class PartitionDirs {
  private readonly known = new Map<string, DirOrReason>();

  constructor(readonly table: TableDef) {}

  of(source: PartitionSource): DirOrReason {
    const key = `${source.account ?? ''}\0${source.region ?? ''}\0${source.logGroupValue ?? ''}\0${Math.floor(source.time.getTime() / DAY_MS)}`;
    let dir = this.known.get(key);
    if (!dir) this.known.set(key, (dir = partitionDirFor(this.table, source)));
    return dir;
  }
}

/**
 * `parseAwsTime`, with CloudTrail's own `YYYY-MM-DDTHH:MM:SSZ` read from a cache of its hours:
 * parsing every row's time in full was a fifth of `add`. Same results: an hour the full parser
 * refuses is refused, minutes and seconds are checked here, and any other shape goes to it.
 */
export class AwsTimes {
  private readonly hours = new Map<string, number | undefined>();

  parse(value: unknown): Date | undefined {
    if (typeof value !== 'string' || value.length !== 20 || value[13] !== ':' || value[16] !== ':' || value[19] !== 'Z') return parseAwsTime(value);
    const minutes = twoDigits(value, 14);
    const seconds = twoDigits(value, 17);
    if (minutes === undefined || seconds === undefined || minutes > 59 || seconds > 59) return parseAwsTime(value);
    const hour = this.hourStart(value.slice(0, 13));
    return hour === undefined ? undefined : new Date(hour + minutes * 60_000 + seconds * 1000);
  }

  private hourStart(hour: string): number | undefined {
    if (!this.hours.has(hour)) this.hours.set(hour, parseAwsTime(`${hour}:00:00Z`)?.getTime());
    return this.hours.get(hour);
  }
}

function twoDigits(text: string, at: number): number | undefined {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : undefined;
}

/** A partition value as found in the row (undefined when absent), with the reason to refuse the row without it. */
type Found<T> = [T | undefined, string];

/** The one placement of a row, or why it has none. Only the values given are required. */
function placeOne(dirs: PartitionDirs, row: Row, found: { account?: Found<string>; region?: Found<string>; time: Found<Date> }): Placement[] | string {
  for (const required of [found.account, found.region, found.time]) if (required && !required[0]) return required[1];
  const source: PartitionSource = { account: found.account?.[0], region: found.region?.[0], time: found.time[0]! };
  const dir = dirs.of(source);
  if ('reason' in dir) return dir.reason;
  return [{ dir: dir.dir, row, time: source.time.getTime(), account: source.account ?? '', region: source.region }];
}

/** The partition's directory, or why a value cannot be a path segment (layout.ts refuses `/`, `..`). */
function partitionDirFor(def: TableDef, source: PartitionSource): DirOrReason {
  try {
    return { dir: partitionDir(def, partitionValues(def, { ...source, account: source.account ?? '' })) };
  } catch (error) {
    return { reason: (error as Error).message };
  }
}

/** One envelope per month its events fall in, each filed under the log group, owner and that month. */
function placeEnvelope(dirs: PartitionDirs, envelope: Row): Placement[] | string {
  const account = text(envelope.owner);
  const logGroup = text(envelope.logGroup);
  if (!account) return 'no account id (owner)';
  if (!logGroup || !logGroupPartitionValue(logGroup)) return 'no usable logGroup';
  if (!Array.isArray(envelope.logEvents) || envelope.logEvents.length === 0) return 'no log events';
  const logGroupValue = logGroupPartitionValue(logGroup);
  const byDir = new Map<string, { time: number; events: unknown[] }>();
  for (const [index, event] of envelope.logEvents.entries()) {
    const time = dateFromEpoch(field(event, 'timestamp'), 'millis');
    if (!time) return `log event ${index + 1} has no usable timestamp`;
    const dir = dirs.of({ account, time, logGroupValue });
    if ('reason' in dir) return dir.reason;
    const group = byDir.get(dir.dir) ?? { time: time.getTime(), events: [] };
    group.events.push(event);
    group.time = Math.max(group.time, time.getTime());
    byDir.set(dir.dir, group);
  }
  return [...byDir].map(([dir, group]) => ({ dir, time: group.time, account, row: { ...envelope, logEvents: group.events } }));
}

function placeCostRow(dirs: PartitionDirs, row: Row): Placement[] | string {
  const typed = coerceToColumns(row, dirs.table.columns);
  if (typeof typed === 'string') return typed;
  return placeOne(dirs, typed, { time: [parseAwsTime(typed.line_item_usage_start_date), 'no usable line_item_usage_start_date'] });
}

/**
 * Runs `work` on every item, at most `limit` at a time. After a failure no further item starts;
 * the items not done (failed or never started) are returned with the first error.
 */
async function runBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<{ failed: false } | { failed: true; error: unknown; notDone: T[] }> {
  let next = 0;
  const failures: { item: T; error: unknown }[] = [];
  const lane = async () => {
    while (failures.length === 0 && next < items.length) {
      const item = items[next++]!;
      await work(item).catch((error: unknown) => void failures.push({ item, error }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failures.length === 0) return { failed: false };
  return { failed: true, error: failures[0]!.error, notDone: [...failures.map((f) => f.item), ...items.slice(next)] };
}

/** What a flush wrote, per table: rows, files, and partitions. */
function summarize(jobs: readonly FileJob[]): WriteSummary {
  const summary: WriteSummary = { tables: {} };
  const partitions = new Map<string, Set<string>>();
  for (const { partition, file } of jobs) {
    const stats = (summary.tables[partition.table] ??= { rows: 0, files: 0, partitions: 0 });
    stats.rows += file.rows;
    stats.files += 1;
    let dirs = partitions.get(partition.table);
    if (!dirs) partitions.set(partition.table, (dirs = new Set()));
    dirs.add(partition.dir);
    stats.partitions = dirs.size;
  }
  return summary;
}

/** How rows become a file's bytes: the file is `head`, then pieces of rows joined by `separator`, then `tail`. */
interface FileEncoding {
  head: Buffer;
  separator: Buffer;
  tail: Buffer;
  rows(rows: Row[]): string;
}

const NOTHING = Buffer.alloc(0);
/** CloudTrail files are what a trail delivers: `{"Records":[…]}`. */
const TRAIL_FILE: FileEncoding = { head: Buffer.from('{"Records":['), separator: Buffer.from(','), tail: Buffer.from(']}'), rows: (rows) => JSON.stringify(rows).slice(1, -1) };
/** The Firehose-fed tables hold one record per line, as does the NDJSON that DuckDB turns into Parquet. */
const LINES_FILE: FileEncoding = { head: NOTHING, separator: NOTHING, tail: NOTHING, rows: (rows) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n' };

function encodingOf(table: LakeTable): FileEncoding {
  return table === 'cloudtrail_logs' ? TRAIL_FILE : LINES_FILE;
}

/** Moves a partition's pending rows into its files as bytes, starting a new file every MAX_ROWS_PER_FILE rows. */
function encodeRows(partition: PartitionBuffer): void {
  const encoding = encodingOf(partition.table);
  let start = 0;
  try {
    while (start < partition.pending.length) {
      let file = partition.files.at(-1);
      if (!file || file.rows >= MAX_ROWS_PER_FILE) partition.files.push((file = { pieces: [], rows: 0, latest: -Infinity }));
      const end = Math.min(partition.pending.length, start + MAX_ROWS_PER_FILE - file.rows);
      const piece = Buffer.from(encoding.rows(partition.pending.slice(start, end)));
      if (file.rows > 0) file.pieces.push(encoding.separator);
      file.pieces.push(piece);
      file.rows += end - start;
      for (let i = start; i < end; i++) file.latest = Math.max(file.latest, partition.pendingTimes[i]!);
      start = end;
    }
  } finally {
    // Rows are pending until encoded, exactly once: a row JSON cannot hold (a BigInt) stays, and fails every flush.
    partition.pending.splice(0, start);
    partition.pendingTimes.splice(0, start);
  }
}

function fileBytes(table: LakeTable, file: FileInProgress): Buffer {
  const { head, tail } = encodingOf(table);
  return Buffer.concat([head, ...file.pieces, tail]);
}

/**
 * zlib's output chunk, big enough for the whole result in one go: with the default 16 KB, each
 * chunk waits for the busy main thread before the thread pool goes on, and the gzip stalls.
 */
function gzipChunkSize(content: Buffer): number {
  return Math.max(64 * 1024, content.length >> 2);
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

/** CloudTrail's own naming (`{account}_CloudTrail_{region}_{yyyymmddThhmmZ}_{random}.json.gz`); cia's for the rest. */
function fileName(partition: PartitionBuffer, latest: Date): string {
  const stamp = latest.toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';
  const { table } = partition;
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
