import { duckdbType, quoteIdentifier } from '../../catalog/sql-types.js';
import type { ColumnDef, TableDef } from '../../catalog/types.js';
import { sqlString } from '../sql-literal.js';
import { layoutPattern, type LakeFile } from './lake-files.js';

/**
 * The SQL behind the DuckDB engine's views and compaction, generated from the catalog. Every view
 * yields the catalog's lower-case columns and then the partition keys as strings, as the Glue
 * tables do (`year = '2023'`).
 */

/** A column of the Parquet files themselves, as DESCRIBE reports it. */
export interface FileColumn {
  name: string;
  type: string;
}

const JSON_READ_OPTIONS = 'filename = true, hive_partitioning = false, ignore_errors = true';
/**
 * A CloudTrail delivery file is one JSON object and can pass DuckDB's 16 MB default. DuckDB sizes
 * its read buffers by this (256 MB made one scan allocate 512 MB here), so it stays well below
 * the engine's memory limit.
 */
const CLOUDTRAIL_MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Rows of a JSON table read from the given files. */
export function jsonRowsSql(table: TableDef, files: readonly LakeFile[]): string {
  const layouts = [...new Set(files.map((f) => f.layout))].sort();
  return layouts.map((layout) => jsonRowsOfLayout(table, layout, files.filter((f) => f.layout === layout))).join('\nUNION ALL\n');
}

function jsonRowsOfLayout(table: TableDef, layout: number, files: readonly LakeFile[]): string {
  // Partition values come from the path, as Athena's partition projection reads them.
  const { source, keys } = layoutPattern(table.layouts[layout]!);
  const pattern = sqlString(`/${source}`);
  const partitions = table.partitionKeys.map((k) => `regexp_extract(filename, ${pattern}, ${keys.indexOf(k.name) + 1}) AS ${quoteIdentifier(k.name)}`);
  const fileList = `[${files.map((f) => sqlString(f.path)).join(', ')}]`;
  if (table.source === 'cloudtrail') {
    // CloudTrail delivers {"Records": […]} files: one row per record.
    const recordsType = duckdbType({ array: { struct: table.columns } }, true);
    const records = `SELECT unnest(Records) AS record, filename FROM read_json(${fileList}, columns = {Records: ${sqlString(recordsType)}}, format = 'auto', maximum_object_size = ${CLOUDTRAIL_MAX_FILE_BYTES}, ${JSON_READ_OPTIONS})`;
    return `SELECT ${[...projection(table, 'record.'), ...partitions].join(', ')} FROM (${records})`;
  }
  const readColumns = `{${table.columns.map((c) => `${quoteIdentifier(sourceKey(c))}: ${sqlString(duckdbType(c.type, true))}`).join(', ')}}`;
  return `SELECT ${[...projection(table, ''), ...partitions].join(', ')} FROM read_json(${fileList}, columns = ${readColumns}, format = 'newline_delimited', ${JSON_READ_OPTIONS})`;
}

/** Source keys (userIdentity, detail-type) to the catalog's names and types; struct casts match fields by name. */
function projection(table: TableDef, prefix: string): string[] {
  return table.columns.map((c) => `CAST(${prefix}${quoteIdentifier(sourceKey(c))} AS ${duckdbType(c.type)}) AS ${quoteIdentifier(c.name)}`);
}

function sourceKey(column: ColumnDef): string {
  return column.sourceKey ?? column.name;
}

/** A table with no files yet: the right columns and no rows. */
export function emptyRowsSql(table: TableDef): string {
  const columns = [
    ...table.columns.map((c) => `CAST(NULL AS ${duckdbType(c.type)}) AS ${quoteIdentifier(c.name)}`),
    ...table.partitionKeys.map((k) => `CAST(NULL AS VARCHAR) AS ${quoteIdentifier(k.name)}`),
  ];
  return `SELECT ${columns.join(', ')} LIMIT 0`;
}

/** The compacted copy of a JSON table: Parquet in hive directories named after the partition keys. */
export function compactedRowsSql(table: TableDef, root: string): string {
  const keys = table.partitionKeys.map((k) => k.name);
  const glob = `${root}/${'*/'.repeat(keys.length)}*.parquet`;
  const columns = [...table.columns.map((c) => quoteIdentifier(c.name)), ...keys.map(quoteIdentifier)];
  return `SELECT ${columns.join(', ')} FROM read_parquet(${sqlString(glob)}, hive_partitioning = true, hive_types = {${keys.map((k) => `${sqlString(k)}: VARCHAR`).join(', ')}})`;
}

/** Writes the rows of the given files into the compacted copy, one hive directory per partition. */
export function compactionSql(table: TableDef, files: readonly LakeFile[], root: string): string {
  const keys = table.partitionKeys.map((k) => quoteIdentifier(k.name)).join(', ');
  return `COPY (${jsonRowsSql(table, files)}) TO ${sqlString(root)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (${keys}), OVERWRITE_OR_IGNORE true, FILENAME_PATTERN 'part_{uuid}')`;
}

/** Hive directory names of a layout's partition keys (`aws-account-id={aws_account_id}` → aws-account-id). */
function hiveNames(layout: string): Map<string, string> {
  return new Map([...layout.matchAll(/([^/{}]+)=\{(\w+)\}/g)].map((m) => [m[2]!, m[1]!]));
}

/** Globs of a Parquet table's files, one per layout in use. */
export function parquetGlobs(table: TableDef, lakeDir: string, layouts: readonly number[]): string[] {
  return layouts.map((i) => `${lakeDir}/${table.layouts[i]!.replace(/\{\w+\}/g, '*')}*.parquet`);
}

/**
 * A Parquet table read in place. Hive keys are renamed to the catalog's names; columns the files
 * lack read as NULL and columns of another type are cast, so files written by other tools (flow
 * logs of an older version, another CUR export) still fit the catalog's schema.
 */
export function parquetRowsSql(table: TableDef, globs: readonly string[], fileColumns: readonly FileColumn[]): string {
  const names = hiveNames(table.layouts[0]!);
  const missing = table.partitionKeys.find((k) => !names.has(k.name));
  if (missing) throw new Error(`${table.name}: partition key ${missing.name} is not a hive directory in ${table.layouts[0]}`);
  const columns = table.columns.map((c) => {
    const type = duckdbType(c.type);
    const file = fileColumns.find((f) => f.name.toLowerCase() === c.name);
    if (!file) return `CAST(NULL AS ${type}) AS ${quoteIdentifier(c.name)}`;
    const read = quoteIdentifier(file.name);
    return `${file.type.toUpperCase() === type ? read : `TRY_CAST(${read} AS ${type})`} AS ${quoteIdentifier(c.name)}`;
  });
  const keys = table.partitionKeys.map((k) => `${quoteIdentifier(names.get(k.name)!)} AS ${quoteIdentifier(k.name)}`);
  const hiveTypes = table.partitionKeys.map((k) => `${sqlString(names.get(k.name)!)}: VARCHAR`).join(', ');
  const files = `[${globs.map(sqlString).join(', ')}]`;
  return `SELECT ${[...columns, ...keys].join(', ')} FROM read_parquet(${files}, hive_partitioning = true, hive_types = {${hiveTypes}}, union_by_name = true)`;
}

/** The Parquet files' own columns (union over all files). */
export function parquetSchemaSql(globs: readonly string[]): string {
  return `DESCRIBE SELECT * FROM read_parquet([${globs.map(sqlString).join(', ')}], hive_partitioning = false, union_by_name = true)`;
}
