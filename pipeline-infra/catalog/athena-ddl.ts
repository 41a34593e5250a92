import { externalTable, layoutFor, locationTemplate, partitionRoot } from './external-table.js';
import { LAKE_DATABASE, type TableDef } from './types.js';

/** CREATE EXTERNAL TABLE statements for the Glue database `cia_logs`, with partition projection. */

export interface AthenaDdlOptions {
  /** The lake bucket, optionally with a prefix: s3://bucket[/prefix]. */
  bucketUri: string;
  /** For an organization trail: CloudTrail files then sit under AWSLogs/<organization id>/<account>/. */
  organizationId?: string;
}

export function athenaDdl(table: TableDef, options: AthenaDdlOptions): string {
  const bucket = bucketPrefix(options.bucketUri);
  const layout = layoutFor(table, options.organizationId);
  const external = externalTable(table);
  const properties = { ...external.projection, 'storage.location.template': bucket + locationTemplate(layout) };
  const serdeProperties = Object.entries(external.serde.parameters);
  return [
    `CREATE EXTERNAL TABLE IF NOT EXISTS \`${LAKE_DATABASE}\`.\`${table.name}\` (`,
    external.columns.map((c) => `  \`${c.name}\` ${c.type}`).join(',\n'),
    ')',
    `COMMENT ${hiveString(table.description)}`,
    `PARTITIONED BY (${external.partitionKeys.map((k) => `\`${k}\` string`).join(', ')})`,
    `ROW FORMAT SERDE ${hiveString(external.serde.library)}`,
    ...(serdeProperties.length ? [`WITH SERDEPROPERTIES (${serdeProperties.map(([name, value]) => `${hiveString(name)} = ${hiveString(value)}`).join(', ')})`] : []),
    `STORED AS INPUTFORMAT ${hiveString(external.inputFormat)}`,
    `OUTPUTFORMAT ${hiveString(external.outputFormat)}`,
    `LOCATION ${hiveString(bucket + partitionRoot(layout))}`,
    'TBLPROPERTIES (',
    Object.entries(properties).map(([name, value]) => `  ${hiveString(name)} = ${hiveString(value)}`).join(',\n'),
    ')',
  ].join('\n');
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
