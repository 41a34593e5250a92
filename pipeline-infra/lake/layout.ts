import type { PartitionRole, TableDef } from '../catalog/types.js';

/** How cia writes each table's files under a partition directory. */
export const LAKE_FILE_FORMAT: Record<string, { extension: string; description: string }> = {
  cloudtrail_logs: { extension: '.json.gz', description: 'CloudTrail delivery files {"Records":[…]}, gzip' },
  cloudwatch_logs: { extension: '.json.gz', description: 'Firehose output: one subscription envelope per line, gzip' },
  config_logs: { extension: '.json.gz', description: 'one flat configuration item per line, gzip' },
  guardduty_findings: { extension: '.json.gz', description: 'one EventBridge "GuardDuty Finding" event per line, gzip' },
  flowlogs: { extension: '.parquet', description: 'Parquet, flow-log fields as columns' },
  cur_data: { extension: '.parquet', description: 'Parquet, CUR 2.0 columns' },
};

export type PartitionValues = Record<string, string>;

/** The directory (relative to the lake root, ending in /) of one partition, in the layout cia writes. */
export function partitionDir(table: TableDef, values: PartitionValues): string {
  return table.layouts[0]!.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined || value === '') throw new Error(`partition key ${key} of ${table.name} has no value`);
    if (/[/\\]|^\.\.?$/.test(value)) throw new Error(`partition value ${JSON.stringify(value)} for ${key} is not path-safe`);
    return value;
  });
}

/** Partition values of a row from its account, region, time (UTC) and log group. */
export function partitionValues(table: TableDef, row: { account: string; region?: string; time: Date; logGroupValue?: string }): PartitionValues {
  const iso = row.time.toISOString();
  const byRole: Record<PartitionRole, string | undefined> = {
    account: row.account,
    region: row.region,
    year: iso.slice(0, 4),
    month: iso.slice(5, 7),
    day: iso.slice(8, 10),
    billing_period: iso.slice(0, 7),
    log_group: row.logGroupValue,
  };
  const values: PartitionValues = {};
  for (const key of table.partitionKeys) {
    const value = byRole[key.role];
    if (value === undefined) throw new Error(`${table.name} needs a ${key.role} for partition key ${key.name}`);
    values[key.name] = value;
  }
  return values;
}
