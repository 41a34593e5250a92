/**
 * The catalog's vocabulary: every table of the lake is described once with these types, and the
 * Athena DDL, the DuckDB views, the query guard's rules, the QuerySpec schemas and the schema
 * text the models read are all generated from that description.
 */

export type ScalarType = 'string' | 'bigint' | 'int' | 'double' | 'boolean' | 'timestamp';

/** `json`: a nested object kept as JSON text (Athena: string); paths below it are addressable. */
export type ColumnType = ScalarType | 'json' | { struct: ColumnDef[] } | { array: ColumnType };

export interface ColumnDef {
  /** Lower-case column name, as Athena and the Parquet files name it. */
  name: string;
  /** The key in the source JSON when it differs from `name` (case or punctuation). */
  sourceKey?: string;
  type: ColumnType;
  description?: string;
  /** Large values (request parameters, whole configurations): selecting them caps LIMIT at 5. */
  verbose?: boolean;
}

/** What a partition key means, so partition predicates can be derived from a query's scope. */
export type PartitionRole = 'account' | 'region' | 'year' | 'month' | 'day' | 'billing_period' | 'log_group';

export interface PartitionKey {
  name: string;
  role: PartitionRole;
}

/** How a table's event time is stored. */
export type TimeEncoding = 'iso_string' | 'epoch_seconds' | 'epoch_millis' | 'timestamp';

export type SourceName = 'cloudtrail' | 'cloudwatch' | 'config' | 'cur' | 'flowlogs' | 'guardduty';

export interface TableDef {
  /** Table name inside the `cia_logs` database / schema. */
  name: string;
  source: SourceName;
  description: string;
  format: 'json' | 'parquet';
  columns: ColumnDef[];
  partitionKeys: PartitionKey[];
  /**
   * Where a partition's files live under the lake root, with `{key}` placeholders; the first
   * alternative is what cia writes, the others are also read (e.g. organization trails).
   */
  layouts: string[];
  /** The event time: a column path and how it is encoded. */
  time: { column: string; encoding: TimeEncoding };
  /** Column paths holding the account id and the region of a row, when the table has them. */
  accountColumn?: string;
  regionColumn?: string;
  /**
   * Rows are the elements of an array column (CloudWatch subscription envelopes carry many log
   * events): queries read `alias.field` after unnesting `column`.
   */
  unnest?: { column: string; alias: string };
  /** Rows delivered twice carry the same value here (CloudTrail's eventid). */
  dedupeKey?: string;
}

export const LAKE_DATABASE = 'cia_logs';
