import type { PartitionKey, TableDef } from '../catalog/types.js';

/**
 * Where each AWS delivery writes, derived from the catalog's table layouts (DESIGN §3.1) so that
 * the pipeline and the tables cannot disagree: a changed layout changes the templates.
 */

/** The first folder of a table's layout: `cloudtrail`, `config`, `flowlogs`, … */
export function tableFolder(table: TableDef): string {
  return table.layouts[0]!.split('/')[0]!;
}

/**
 * A Firehose S3 prefix that writes the table's layout: each `{partition_key}` becomes the
 * Firehose expression `expression` gives for it (`!{partitionKeyFromQuery:…}`, `!{timestamp:…}`).
 */
export function firehosePrefix(table: TableDef, expression: (key: PartitionKey) => string): string {
  return table.layouts[0]!.replace(/\{(\w+)\}/g, (_, name: string) => {
    const key = table.partitionKeys.find((k) => k.name === name);
    if (!key) throw new Error(`layout of ${table.name} names {${name}}, which is not one of its partition keys`);
    return expression(key);
  });
}

/**
 * Records Firehose could not process or partition, outside every table's folder so no table
 * reads them; the error type (processing-failed, …) and the day keep them findable.
 */
export function firehoseErrorPrefix(table: TableDef): string {
  return `firehose-errors/${tableFolder(table)}/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/`;
}

/**
 * The S3 key prefix an organization trail is given. CloudTrail appends
 * `AWSLogs/{organization id}/{account}/CloudTrail/{region}/…`, which must be one of the table's layouts.
 */
export function organizationTrailPrefix(table: TableDef): string {
  const folder = tableFolder(table);
  const expected = `${folder}/AWSLogs/{organization_id}/{account_id}/CloudTrail/`;
  if (!table.layouts.some((layout) => layout.startsWith(expected))) throw new Error(`${table.name} has no layout for organization trails (${expected}…)`);
  return folder;
}

/**
 * The Data Exports prefix and export name for the CUR table: Data Exports writes
 * `{prefix}/{export name}/data/BILLING_PERIOD={YYYY-MM}/`, so both are read off the layout.
 */
export function curExportLocation(table: TableDef): { prefix: string; exportName: string } {
  const match = /^([^/{}]+)\/([^/{}]+)\/data\/BILLING_PERIOD=\{(\w+)\}\/$/.exec(table.layouts[0]!);
  if (!match) throw new Error(`${table.name}'s layout ${table.layouts[0]} is not a Data Exports layout ({prefix}/{export}/data/BILLING_PERIOD={…}/)`);
  return { prefix: match[1]!, exportName: match[2]! };
}

/**
 * The flow-log record format naming every column of the table: flow-log fields are the column
 * names with hyphens (`${pkt-srcaddr}`), and the Parquet delivery names its columns with underscores.
 */
export function flowLogFormat(table: TableDef): string {
  return table.columns.map((column) => `\${${column.name.replace(/_/g, '-')}}`).join(' ');
}

/**
 * The S3 folder a VPC flow log is given. With Hive-compatible partitions AWS appends
 * `AWSLogs/aws-account-id={…}/aws-service=vpcflowlogs/aws-region={…}/year=…/month=…/day=…/`.
 */
export function flowLogFolder(table: TableDef): string {
  const folder = tableFolder(table);
  if (!table.layouts[0]!.startsWith(`${folder}/AWSLogs/aws-account-id={`)) throw new Error(`${table.name}'s layout is not the Hive-compatible flow-log layout`);
  return folder;
}
