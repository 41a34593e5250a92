import { quoteIdentifier } from '../catalog/sql-types.js';

/**
 * SQL text pieces shared by the compiler and the engines. Both DuckDB and Athena (Trino) read
 * standard string literals: a quote inside is doubled, a backslash is an ordinary character.
 */

export function sqlString(value: string): string {
  // The native drivers pass SQL as C strings: a NUL would silently cut the statement short.
  if (value.includes('\0')) throw new RangeError('a SQL string literal cannot contain a NUL character');
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Keywords of DuckDB (every category but unreserved) and Trino's reserved words: quoted when used
 * as names, since some cannot stand bare in every position (`ORDER BY at` does not parse).
 */
const RESERVED = new Set(
  `all alter analyse analyze and anti any array as asc asof asymmetric at authorization between bigint binary bit boolean both by
  case cast char character check coalesce collate collation column columns concurrently constraint create cross cube
  current_catalog current_date current_path current_role current_schema current_time current_timestamp current_user dealloc
  deallocate dec decimal default deferrable delete desc describe distinct do drop else end escape except execute exists extract
  false fetch float for foreign freeze from full generated glob group grouping grouping_id having ilike in initially inner inout
  insert int integer intersect interval into is isnull join json_array json_exists json_object json_query json_table json_value
  lambda lateral leading left like limit listagg localtime localtimestamp map national natural nchar none normalize not notnull null
  nullif numeric offset on only or order out outer overlaps overlay pivot pivot_longer pivot_wider placing position positional
  precision prepare primary qualify real recursive references returning right rollup row select semi setof show similar skip
  smallint some struct substring summarize symmetric table tablesample then time timestamp to trailing treat trim true try_cast
  uescape union unique unnest unpack unpivot using values varchar variadic verbose when where window with xmlattributes
  xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable`.split(/\s+/),
);

/** An identifier as written in generated SQL: bare when that is unambiguous in both dialects, else quoted. */
export function sqlIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name) ? name : quoteIdentifier(name);
}
