import { athenaDdl } from '../../../pipeline-infra/catalog/athena-ddl.js';
import { CATALOG, tableByName } from '../../../pipeline-infra/catalog/index.js';

const ddl = (name: string, options: { bucketUri?: string; organizationId?: string } = {}) => athenaDdl(tableByName(name)!, { bucketUri: 's3://acme-lake', ...options });
const property = (text: string, name: string) => new RegExp(`'${name.replace(/\./g, '\\.')}' = '([^']*)'`).exec(text)?.[1];

describe('Athena DDL', () => {
  it('creates every table in cia_logs with its columns and string partition keys', () => {
    for (const table of CATALOG) {
      const text = athenaDdl(table, { bucketUri: 's3://acme-lake' });
      expect(text.startsWith(`CREATE EXTERNAL TABLE IF NOT EXISTS \`cia_logs\`.\`${table.name}\` (`)).toBe(true);
      for (const column of table.columns) expect(text).toContain(`  \`${column.name}\` `);
      expect(text).toContain(`PARTITIONED BY (${table.partitionKeys.map((k) => `\`${k.name}\` string`).join(', ')})`);
      expect(property(text, 'projection.enabled')).toBe('true');
    }
  });

  it('reads CloudTrail with the CloudTrail SerDe and input format, in the AWS layout', () => {
    const text = ddl('cloudtrail_logs', { bucketUri: 's3://acme-lake/org/' });
    expect(text).toContain("ROW FORMAT SERDE 'com.amazon.emr.hive.serde.CloudTrailSerde'");
    expect(text).toContain("STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'");
    expect(text).toContain('`useridentity` struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,accesskeyid:string,username:string,sessioncontext:struct<');
    expect(text).toContain("LOCATION 's3://acme-lake/org/cloudtrail/AWSLogs/'");
    expect(property(text, 'storage.location.template')).toBe('s3://acme-lake/org/cloudtrail/AWSLogs/${account_id}/CloudTrail/${region}/${year}/${month}/${day}/');
  });

  it('uses the organization trail layout when given an organization id', () => {
    expect(property(ddl('cloudtrail_logs', { organizationId: 'o-abc123defg' }), 'storage.location.template')).toBe('s3://acme-lake/cloudtrail/AWSLogs/o-abc123defg/${account_id}/CloudTrail/${region}/${year}/${month}/${day}/');
    expect(() => ddl('cloudtrail_logs', { organizationId: "o-x'; DROP" })).toThrow(/organization id/);
  });

  it('injects accounts, regions and log groups, and projects dates', () => {
    const text = ddl('cloudwatch_logs');
    expect(property(text, 'projection.log_group.type')).toBe('injected');
    expect(property(text, 'projection.account_id.type')).toBe('injected');
    expect(property(text, 'projection.year.type')).toBe('integer');
    expect(property(text, 'projection.month.range')).toBe('1,12');
    expect(property(text, 'projection.month.digits')).toBe('2');
    expect(property(text, 'storage.location.template')).toBe('s3://acme-lake/cloudwatch/log_group=${log_group}/account_id=${account_id}/year=${year}/month=${month}/');
    const flows = ddl('flowlogs');
    expect(property(flows, 'projection.aws_region.type')).toBe('injected');
    expect(property(flows, 'projection.day.range')).toBe('1,31');
    expect(property(flows, 'storage.location.template')).toBe('s3://acme-lake/flowlogs/AWSLogs/aws-account-id=${aws_account_id}/aws-service=vpcflowlogs/aws-region=${aws_region}/year=${year}/month=${month}/day=${day}/');
  });

  it('projects the CUR billing period as months', () => {
    const text = ddl('cur_data');
    expect(text).toContain("ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'");
    expect([property(text, 'projection.billing_period.type'), property(text, 'projection.billing_period.format'), property(text, 'projection.billing_period.range'), property(text, 'projection.billing_period.interval.unit')])
      .toEqual(['date', 'yyyy-MM', '2015-01,NOW', 'MONTHS']);
    expect(property(text, 'storage.location.template')).toBe('s3://acme-lake/cur/cia-cur/data/BILLING_PERIOD=${billing_period}/');
  });

  it('reads JSON with the OpenX SerDe, mapping keys that differ from the column names', () => {
    const text = ddl('guardduty_findings');
    expect(text).toContain("ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'");
    expect(text).toContain("'mapping.detail_type' = 'detail-type'");
    expect(ddl('config_logs')).not.toContain('mapping.');
  });

  it('quotes reserved column names and refuses bucket URIs that are not S3 locations', () => {
    expect(ddl('flowlogs')).toContain('  `end` bigint');
    for (const bad of ['acme-lake', 's3://', "s3://acme-lake/x' LOCATION 'y", 'https://acme-lake.s3.amazonaws.com']) expect(() => ddl('flowlogs', { bucketUri: bad })).toThrow(/S3 location/);
  });
});
