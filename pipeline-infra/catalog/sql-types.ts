import type { ColumnDef, ColumnType } from './types.js';

/** The column's type in Athena (Hive) DDL. */
export function athenaType(type: ColumnType): string {
  if (typeof type === 'string') return type === 'json' ? 'string' : type;
  if ('array' in type) return `array<${athenaType(type.array)}>`;
  return `struct<${type.struct.map((c) => `${c.name}:${athenaType(c.type)}`).join(',')}>`;
}

const DUCKDB_SCALARS: Record<string, string> = {
  string: 'VARCHAR', json: 'VARCHAR', bigint: 'BIGINT', int: 'INTEGER', double: 'DOUBLE', boolean: 'BOOLEAN', timestamp: 'TIMESTAMP',
};

/**
 * The column's type in DuckDB. With `sourceKeys`, struct fields carry the source JSON's key
 * names (for read_json's `columns`); otherwise the catalog's lower-case names.
 */
export function duckdbType(type: ColumnType, sourceKeys = false): string {
  if (typeof type === 'string') return DUCKDB_SCALARS[type]!;
  if ('array' in type) return `${duckdbType(type.array, sourceKeys)}[]`;
  return `STRUCT(${type.struct.map((c) => `${quoteIdentifier(fieldName(c, sourceKeys))} ${duckdbType(c.type, sourceKeys)}`).join(', ')})`;
}

export function fieldName(column: ColumnDef, sourceKeys: boolean): string {
  return sourceKeys ? column.sourceKey ?? column.name : column.name;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
