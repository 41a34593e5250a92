import { athenaType } from './sql-types.js';
import { LAKE_DATABASE, type PartitionRole, type TableDef } from './types.js';

/**
 * CREATE EXTERNAL TABLE statements for the Glue database `cia_logs`, with partition projection
 * (no crawlers, no MSCK REPAIR): accounts, regions and log groups are injected by each query's
 * WHERE clause, dates are projected ranges, and `storage.location.template` is the table's layout.
 */

export interface AthenaDdlOptions {
  /** The lake bucket, optionally with a prefix: s3://bucket[/prefix]. */
  bucketUri: string;
  /** For an organization trail: CloudTrail files then sit under AWSLogs/<organization id>/<account>/. */
  organizationId?: string;
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

export function athenaDdl(table: TableDef, options: AthenaDdlOptions): string {
  const bucket = bucketPrefix(options.bucketUri);
  const layout = layoutFor(table, options.organizationId);
  const properties: [string, string][] = [
    ['projection.enabled', 'true'],
    ...table.partitionKeys.flatMap((key) => Object.entries(PROJECTION[key.role]).map(([name, value]): [string, string] => [`projection.${key.name}.${name}`, value])),
    ['storage.location.template', bucket + layout.replace(/\{(\w+)\}/g, '${$1}')],
  ];
  return [
    `CREATE EXTERNAL TABLE IF NOT EXISTS \`${LAKE_DATABASE}\`.\`${table.name}\` (`,
    table.columns.map((c) => `  \`${c.name}\` ${athenaType(c.type)}`).join(',\n'),
    ')',
    `COMMENT ${hiveString(table.description)}`,
    `PARTITIONED BY (${table.partitionKeys.map((k) => `\`${k.name}\` string`).join(', ')})`,
    storageClause(table),
    // The directory above the first partition placeholder.
    `LOCATION ${hiveString(bucket + layout.slice(0, layout.lastIndexOf('/', layout.indexOf('{')) + 1))}`,
    'TBLPROPERTIES (',
    properties.map(([name, value]) => `  ${hiveString(name)} = ${hiveString(value)}`).join(',\n'),
    ')',
  ].join('\n');
}

function storageClause(table: TableDef): string {
  if (table.format === 'parquet') return 'STORED AS PARQUET';
  if (table.source === 'cloudtrail') {
    // CloudTrail's own SerDe reads the {"Records": […]} delivery files.
    return [
      "ROW FORMAT SERDE 'com.amazon.emr.hive.serde.CloudTrailSerde'",
      "STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'",
      "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'",
    ].join('\n');
  }
  // The OpenX SerDe matches keys case-insensitively; keys that differ otherwise (detail-type) are mapped.
  const mappings = table.columns.filter((c) => c.sourceKey && c.sourceKey.toLowerCase() !== c.name).map((c) => `${hiveString(`mapping.${c.name}`)} = ${hiveString(c.sourceKey!)}`);
  return [
    "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'",
    `WITH SERDEPROPERTIES (${["'ignore.malformed.json' = 'true'", ...mappings].join(', ')})`,
    "STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'",
    "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'",
  ].join('\n');
}

function layoutFor(table: TableDef, organizationId: string | undefined): string {
  if (!organizationId) return table.layouts[0]!;
  if (!/^o-[a-z0-9]{10,32}$/.test(organizationId)) throw new Error(`"${organizationId}" is not an AWS organization id (o-…)`);
  const organizationLayout = table.layouts.find((l) => l.includes('{organization_id}'));
  return organizationLayout ? organizationLayout.replace('{organization_id}', organizationId) : table.layouts[0]!;
}

function bucketPrefix(uri: string): string {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/[A-Za-z0-9!_.*()/-]*)?$/.exec(uri);
  if (!match) throw new Error(`"${uri}" is not an S3 location such as s3://my-lake-bucket or s3://my-lake-bucket/prefix`);
  const prefix = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  return `s3://${match[1]}/${prefix ? `${prefix}/` : ''}`;
}

/** A Hive string literal: backslash escapes. */
function hiveString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
