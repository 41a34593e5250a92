import { athenaType } from './sql-types.js';
import type { PartitionRole, TableDef } from './types.js';

/**
 * How Athena reads one catalog table from the lake, whatever declares it (DDL for a one-off
 * `CREATE EXTERNAL TABLE`, or a Glue table resource in the deployment): columns, SerDe, formats
 * and partition projection (no crawlers, no MSCK REPAIR: accounts, regions and log groups are
 * injected by each query's WHERE clause, dates are projected ranges).
 */
export interface ExternalTable {
  columns: { name: string; type: string }[];
  partitionKeys: string[];
  serde: { library: string; parameters: Record<string, string> };
  inputFormat: string;
  outputFormat: string;
  /** `projection.*` table properties; `storage.location.template` comes from the layout. */
  projection: Record<string, string>;
}

const PROJECTION: Record<PartitionRole, Record<string, string>> = {
  account: { type: 'injected' },
  region: { type: 'injected' },
  log_group: { type: 'injected' },
  year: { type: 'integer', range: '2005,2099' },
  month: { type: 'integer', range: '1,12', digits: '2' },
  day: { type: 'integer', range: '1,31', digits: '2' },
  billing_period: { type: 'date', format: 'yyyy-MM', range: '2015-01,NOW', interval: '1', 'interval.unit': 'MONTHS' },
};

const HIVE_TEXT_OUTPUT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

export function externalTable(table: TableDef): ExternalTable {
  return {
    columns: table.columns.map((c) => ({ name: c.name, type: athenaType(c.type) })),
    partitionKeys: table.partitionKeys.map((k) => k.name),
    ...storageOf(table),
    projection: Object.fromEntries([
      ['projection.enabled', 'true'],
      ...table.partitionKeys.flatMap((key) => Object.entries(PROJECTION[key.role]).map(([name, value]) => [`projection.${key.name}.${name}`, value])),
    ]),
  };
}

function storageOf(table: TableDef): Pick<ExternalTable, 'serde' | 'inputFormat' | 'outputFormat'> {
  if (table.format === 'parquet') {
    return {
      serde: { library: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', parameters: {} },
      inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    };
  }
  // CloudTrail's own SerDe reads the {"Records": […]} delivery files.
  if (table.source === 'cloudtrail') return { serde: { library: 'com.amazon.emr.hive.serde.CloudTrailSerde', parameters: {} }, inputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat', outputFormat: HIVE_TEXT_OUTPUT };
  // The OpenX SerDe matches keys case-insensitively; keys that differ otherwise (detail-type) are mapped.
  const mappings = table.columns.filter((c) => c.sourceKey && c.sourceKey.toLowerCase() !== c.name).map((c) => [`mapping.${c.name}`, c.sourceKey!]);
  return {
    serde: { library: 'org.openx.data.jsonserde.JsonSerDe', parameters: Object.fromEntries([['ignore.malformed.json', 'true'], ...mappings]) },
    inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    outputFormat: HIVE_TEXT_OUTPUT,
  };
}

/** The table's layout under the lake root; an organization trail puts its id after AWSLogs/. */
export function layoutFor(table: TableDef, organizationId?: string): string {
  if (!organizationId) return table.layouts[0]!;
  if (!/^o-[a-z0-9]{10,32}$/.test(organizationId)) throw new Error(`"${organizationId}" is not an AWS organization id (o-…)`);
  return organizationLayout(table)?.replace('{organization_id}', organizationId) ?? table.layouts[0]!;
}

export function organizationLayout(table: TableDef): string | undefined {
  return table.layouts.find((l) => l.includes('{organization_id}'));
}

/** The directory above the first partition placeholder: the table's LOCATION. */
export function partitionRoot(layout: string): string {
  return layout.slice(0, layout.lastIndexOf('/', layout.indexOf('{')) + 1);
}

/** Partition projection's `storage.location.template`: `{key}` becomes `${key}`. */
export function locationTemplate(layout: string): string {
  return layout.replace(/\{(\w+)\}/g, '${$1}');
}
