import { mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, StatementType, type DuckDBConnection, type DuckDBResultReader } from '@duckdb/node-api';
import { CATALOG, LAKE_DATABASE, type TableDef } from '../../catalog/index.js';
import { quoteIdentifier } from '../../catalog/sql-types.js';
import { QueryEngineError, type QueryEngine, type QueryResult } from '../engine.js';
import { serializeSql } from '../guard/duckdb-parser.js';
import { sqlString } from '../sql-literal.js';
import { compactTable } from './compaction.js';
import { compactedRowsSql, emptyRowsSql, jsonRowsSql, parquetGlobs, parquetRowsSql, parquetSchemaSql, type FileColumn } from './duckdb-sql.js';
import { scanTablePartitions } from './lake-files.js';
import { TRINO_COMPAT_MACROS } from './trino-compat.js';

/** The schema with the same views over the raw JSON files, for `cia bench query`. */
export const RAW_SCHEMA = 'cia_raw';

const DEFAULT_TIMEOUT_MS = 30_000;
/** The guard caps rows far below this; the engine still never materialises an unbounded result. */
const MAX_RESULT_ROWS = 1000;

export interface DuckDbEngineOptions {
  lakeDir: string;
  timeoutMs?: number;
}

/**
 * Opens DuckDB over a local lake folder (the embedded default for Athena, DESIGN §2): compacts
 * JSON tables to Parquet where needed, creates the `cia_logs` and `cia_raw` views, then locks the
 * instance down (research note §3.3) before any query runs.
 */
export async function openDuckDbEngine(options: DuckDbEngineOptions): Promise<DuckDbEngine> {
  const lakeDir = await realLakeDir(options.lakeDir);
  // Spill files go to a folder of our own, named explicitly: otherwise DuckDB adds ./.tmp to the allowed directories.
  const tempDir = await realpath(await mkdtemp(join(tmpdir(), 'cia-duckdb-')));
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    temp_directory: tempDir,
    // A runaway query fails instead of taking the machine.
    memory_limit: '2GB',
  });
  const setup = await instance.connect();
  try {
    const warnings = await createViews(setup, lakeDir);
    await lockDown(setup, [lakeDir, tempDir]);
    return new DuckDbEngine(instance, tempDir, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, warnings);
  } catch (error) {
    instance.closeSync();
    await rm(tempDir, { recursive: true, force: true });
    throw error;
  } finally {
    setup.closeSync();
  }
}

async function realLakeDir(lakeDir: string): Promise<string> {
  const info = await stat(lakeDir).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`no lake folder at ${lakeDir}`);
  // allowed_directories compares real paths.
  return realpath(lakeDir);
}

async function createViews(connection: DuckDBConnection, lakeDir: string): Promise<string[]> {
  await connection.run(`CREATE SCHEMA ${LAKE_DATABASE}`);
  await connection.run(`CREATE SCHEMA ${RAW_SCHEMA}`);
  for (const macro of TRINO_COMPAT_MACROS) await connection.run(`CREATE MACRO ${macro.sql}`);
  const warnings: string[] = [];
  for (const table of CATALOG) {
    const views = await tableViews(connection, lakeDir, table);
    await connection.run(`CREATE VIEW ${view(RAW_SCHEMA, table)} AS ${views.raw}`);
    await connection.run(`CREATE VIEW ${view(LAKE_DATABASE, table)} AS ${views.queried}`);
    warnings.push(...views.warnings);
  }
  return warnings;
}

/** The SQL of a table's two views: over its files as delivered, and as queried (compacted when JSON). */
async function tableViews(connection: DuckDBConnection, lakeDir: string, table: TableDef): Promise<{ raw: string; queried: string; warnings: string[] }> {
  const partitions = await scanTablePartitions(lakeDir, table);
  const files = partitions.flatMap((p) => p.files);
  if (files.length === 0) return { raw: emptyRowsSql(table), queried: emptyRowsSql(table), warnings: [] };
  if (table.format === 'parquet') {
    const globs = parquetGlobs(table, lakeDir, [...new Set(files.map((f) => f.layout))].sort());
    const sql = parquetRowsSql(table, globs, await fileColumns(connection, parquetSchemaSql(globs)));
    return { raw: sql, queried: sql, warnings: [] };
  }
  const raw = jsonRowsSql(table, files);
  const compaction = await compactTable(async (sql) => void (await connection.run(sql)), lakeDir, table, partitions);
  // Without a copy (a read-only lake) the JSON files themselves are queried.
  const queried = !compaction.root ? raw : compaction.hasData ? compactedRowsSql(table, compaction.root) : emptyRowsSql(table);
  return { raw, queried, warnings: compaction.warnings };
}

function view(schema: string, table: TableDef): string {
  return `${schema}.${quoteIdentifier(table.name)}`;
}

async function fileColumns(connection: DuckDBConnection, describeSql: string): Promise<FileColumn[]> {
  const rows = (await connection.runAndReadAll(describeSql)).getRowObjectsJson();
  return rows.map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
}

/** Research note §3.3, set-up B: files only inside the lake (and our temp folder), no extensions, settings frozen. */
async function lockDown(connection: DuckDBConnection, directories: string[]): Promise<void> {
  await connection.run(`SET allowed_directories = [${directories.map((d) => sqlString(`${d}/`)).join(', ')}]`);
  await connection.run('SET enable_external_access = false');
  await connection.run('SET lock_configuration = true');
}

export class DuckDbEngine implements QueryEngine {
  readonly name = 'duckdb' as const;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly tempDir: string,
    private readonly timeoutMs: number,
    /** What opening the lake could not do (unreadable partitions, a read-only lake). */
    readonly warnings: readonly string[],
  ) {}

  /**
   * Runs one SELECT. The lockdown is not a DDL guard (COPY into the lake, CREATE, ATTACH still
   * work under it), so the statement is gated here too, with DuckDB's own parser: first by its
   * syntax tree, because preparing is not free of effects (preparing EXPORT DATABASE creates its
   * folder), then by the prepared statement's type.
   */
  async run(sql: string, options: { timeoutMs?: number } = {}): Promise<QueryResult> {
    const started = performance.now();
    const connection = await this.instance.connect();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      connection.interrupt();
    }, options.timeoutMs ?? this.timeoutMs);
    try {
      const tree = (await serializeSql(connection, sql)) as { error?: boolean; statements?: unknown[] };
      if (tree.error || tree.statements?.length !== 1) throw new QueryEngineError('only a single SELECT statement runs here', 'rejected');
      const extracted = await connection.extractStatements(sql);
      if (extracted.count !== 1) throw new QueryEngineError(`exactly one statement is allowed, got ${extracted.count}`, 'rejected');
      const prepared = await extracted.prepare(0);
      if (prepared.statementType !== StatementType.SELECT) throw new QueryEngineError(`only SELECT statements run here, not ${StatementType[prepared.statementType]}`, 'rejected');
      const reader = await prepared.runAndReadUntil(MAX_RESULT_ROWS);
      // bytesScanned is null: DuckDB's Node API exposes no per-query byte counter, and EXPLAIN
      // reports how many files a scan keeps, not which ones, so any byte figure would be a guess.
      return { columns: reader.columnNames(), rows: jsonRows(reader).slice(0, MAX_RESULT_ROWS), bytesScanned: null, ms: performance.now() - started };
    } catch (error) {
      if (error instanceof QueryEngineError) throw error;
      if (timedOut) throw new QueryEngineError(`the query ran longer than ${options.timeoutMs ?? this.timeoutMs} ms and was stopped`, 'timeout');
      throw new QueryEngineError((error as Error).message, 'failed');
    } finally {
      clearTimeout(timer);
      connection.closeSync();
    }
  }

  async ping(): Promise<void> {
    await this.run('SELECT 1');
  }

  async close(): Promise<void> {
    this.instance.closeSync();
    await rm(this.tempDir, { recursive: true, force: true });
  }
}

/**
 * Rows as JSON: DuckDB's JSON conversion gives BIGINT as strings; integers that fit a JS number
 * become numbers again (counts, bytes, epoch times), larger ones stay strings.
 */
function jsonRows(reader: DuckDBResultReader): Record<string, unknown>[] {
  const js = reader.getRowObjectsJS();
  return reader.getRowObjectsJson().map((row, i) => withSafeIntegers(row, js[i]) as Record<string, unknown>);
}

function withSafeIntegers(json: unknown, js: unknown): unknown {
  if (typeof js === 'bigint') return js >= BigInt(Number.MIN_SAFE_INTEGER) && js <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(js) : json;
  if (Array.isArray(json) && Array.isArray(js)) return json.map((item, i) => withSafeIntegers(item, js[i]));
  if (json !== null && typeof json === 'object' && js !== null && typeof js === 'object' && !Array.isArray(json)) {
    return Object.fromEntries(Object.entries(json).map(([key, value]) => [key, withSafeIntegers(value, (js as Record<string, unknown>)[key])]));
  }
  return json;
}
