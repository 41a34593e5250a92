import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAwsTime } from '../../../pipeline-infra/lake/aws-time.js';
import { AwsTimes, LakeWriter } from '../../../pipeline-infra/lake/lake-writer.js';
import { duckdbRows, filesUnder, readLakeJson, withTempDir } from '../../support/lake-files.js';

const trailRecord = (overrides: Record<string, unknown> = {}) => ({
  eventVersion: '1.08',
  userIdentity: { type: 'IAMUser', accountId: '123837392027', userName: 'bert-jan' },
  eventTime: '2023-07-10T11:42:18Z',
  eventName: 'GetUser',
  awsRegion: 'us-east-1',
  recipientAccountId: '123837392027',
  ...overrides,
});

const envelope = (timestamps: number[]) => ({
  messageType: 'DATA_MESSAGE',
  owner: '111111111111',
  logGroup: '/aws/lambda/checkout',
  logStream: '2024/01/31/[$LATEST]abc',
  subscriptionFilters: ['to-firehose'],
  logEvents: timestamps.map((timestamp, i) => ({ id: String(i), timestamp, message: `line ${i}` })),
});

const flowRow = (overrides: Record<string, unknown> = {}) => ({
  version: '2', account_id: '123456789010', interface_id: 'eni-1', srcaddr: '10.0.0.1', dstaddr: '10.0.0.2', srcport: '443', dstport: '50000',
  protocol: '6', packets: '10', bytes: '8855', start: '1477913708', end: '1477913820', action: 'ACCEPT', log_status: 'OK', ...overrides,
});

async function inLake<T>(use: (lake: string) => Promise<T>): Promise<T> {
  return withTempDir('cia-writer-test-', use);
}

describe('LakeWriter: JSON tables', () => {
  it('files CloudTrail records by recipient account, region and UTC day, in gzip {"Records":[…]} files named as AWS names them', async () => {
    await inLake(async (lake) => {
      const writer = new LakeWriter(lake);
      const late = trailRecord({ eventTime: '2023-07-10T23:59:59Z' });
      const nextDay = trailRecord({ eventTime: '2023-07-11T00:00:00Z' });
      const fallback = trailRecord({ recipientAccountId: undefined, userIdentity: { accountId: '653711331788' } });
      expect(writer.add('cloudtrail_logs', [trailRecord(), late, nextDay, fallback])).toEqual({ accepted: 4, rejected: [] });
      expect(writer.bufferedRows).toBe(4);
      expect(await writer.flush()).toEqual({ tables: { cloudtrail_logs: { rows: 4, files: 3, partitions: 3 } } });
      expect(writer.bufferedRows).toBe(0);

      const files = await filesUnder(lake);
      expect(files).toHaveLength(3);
      expect(files[0]).toMatch(/^cloudtrail\/AWSLogs\/123837392027\/CloudTrail\/us-east-1\/2023\/07\/10\/123837392027_CloudTrail_us-east-1_20230710T2359Z_[A-Za-z0-9]{16}\.json\.gz$/);
      expect(files[1]).toMatch(/^cloudtrail\/AWSLogs\/123837392027\/CloudTrail\/us-east-1\/2023\/07\/11\//);
      expect(files[2]).toMatch(/^cloudtrail\/AWSLogs\/653711331788\/CloudTrail\/us-east-1\/2023\/07\/10\//);
      expect(await readLakeJson(join(lake, files[0]!))).toEqual([trailRecord(), late]);
      await writer.close();
    });
  });

  it('refuses rows it cannot partition, with the reason, and writes nothing for them', async () => {
    await inLake(async (lake) => {
      const writer = new LakeWriter(lake);
      const result = writer.add('cloudtrail_logs', [
        trailRecord({ recipientAccountId: undefined, userIdentity: {} }),
        trailRecord({ eventTime: 'redacted' }),
        trailRecord({ awsRegion: '../../etc' }),
        trailRecord({ awsRegion: '' }),
        'not a record' as unknown as object,
        trailRecord(),
      ]);
      expect(result.accepted).toBe(1);
      expect(result.rejected).toEqual([
        { index: 0, reason: 'no account id (recipientAccountId or userIdentity.accountId)' },
        { index: 1, reason: 'no usable eventTime' },
        { index: 2, reason: expect.stringContaining('not path-safe') },
        { index: 3, reason: 'no region (awsRegion)' },
        { index: 4, reason: 'not an object' },
      ]);
      await writer.close();
      expect(await filesUnder(lake)).toHaveLength(1);
    });
  });

  it('splits a CloudWatch envelope whose events cross a month into one envelope per month', async () => {
    await inLake(async (lake) => {
      const writer = new LakeWriter(lake);
      const january = Date.UTC(2024, 0, 31, 23, 59, 59);
      const february = Date.UTC(2024, 1, 1, 0, 0, 1);
      expect(writer.add('cloudwatch_logs', [envelope([january, february, january])]).accepted).toBe(1);
      expect((await writer.flush()).tables.cloudwatch_logs).toEqual({ rows: 2, files: 2, partitions: 2 });
      const files = await filesUnder(lake);
      expect(files.map((f) => f.split('/').slice(0, 5).join('/'))).toEqual([
        'cloudwatch/log_group=aws_lambda_checkout/account_id=111111111111/year=2024/month=01',
        'cloudwatch/log_group=aws_lambda_checkout/account_id=111111111111/year=2024/month=02',
      ]);
      const [januaryEnvelope] = await readLakeJson(join(lake, files[0]!));
      expect(januaryEnvelope).toEqual({ ...envelope([january, february, january]), logEvents: [envelope([january])!.logEvents[0], { id: '2', timestamp: january, message: 'line 2' }] });
      expect(writer.add('cloudwatch_logs', [{ ...envelope([january]), logEvents: [{ id: '1', message: 'no time' }] }]).rejected[0]?.reason).toBe('log event 1 has no usable timestamp');
      await writer.close();
    });
  });

  it('files configuration items by awsAccountId and capture day, and GuardDuty events by the finding\'s account and update day', async () => {
    await inLake(async (lake) => {
      const writer = new LakeWriter(lake);
      writer.add('config_logs', [{ awsAccountId: '264683526309', configurationItemCaptureTime: '2016-06-09T19:05:43.123Z', resourceType: 'AWS::S3::Bucket' }]);
      writer.add('guardduty_findings', [
        { account: '999999999999', time: '2022-01-28T21:12:25Z', detail: { accountId: '973743533182', updatedAt: '2022-01-29T00:00:01.000Z' } },
        { account: '123456789', time: '2024-10-04T04:09:13Z', detail: {} },
      ]);
      await writer.close();
      const dirs = (await filesUnder(lake)).map((f) => f.slice(0, f.lastIndexOf('/')));
      expect(dirs).toEqual([
        'config/account_id=264683526309/year=2016/month=06/day=09',
        'guardduty/account_id=123456789/year=2024/month=10/day=04',
        'guardduty/account_id=973743533182/year=2022/month=01/day=29',
      ]);
    });
  });

  it('never overwrites: every flush writes new files next to the old ones', async () => {
    await inLake(async (lake) => {
      const writer = new LakeWriter(lake);
      writer.add('cloudtrail_logs', [trailRecord()]);
      await writer.flush();
      const [first] = await filesUnder(lake);
      const firstContent = await readFile(join(lake, first!));
      writer.add('cloudtrail_logs', [trailRecord({ eventName: 'ListUsers' })]);
      await writer.flush();
      expect(await writer.flush()).toEqual({ tables: {} });
      await writer.close();
      const files = await filesUnder(lake);
      expect(files).toHaveLength(2);
      expect(await readFile(join(lake, first!))).toEqual(firstContent);
      expect(files.every((f) => !f.includes('.tmp'))).toBe(true);
    });
  });

  it('writes what is still buffered on close', async () => {
    await inLake(async (lake) => {
      const writer = new LakeWriter(lake);
      writer.add('config_logs', [{ awsAccountId: '1', configurationItemCaptureTime: '2020-01-01T00:00:00Z' }]);
      await writer.close();
      expect(await filesUnder(lake)).toHaveLength(1);
    });
  });
});

describe('LakeWriter: Parquet tables', () => {
  it('writes flow logs with the catalog\'s column names and types, the region from the row or else the writer\'s', async () => {
    await inLake(async (lake) => {
      const writer = new LakeWriter(lake, { flowlogRegion: 'eu-west-1' });
      const result = writer.add('flowlogs', [
        flowRow(),
        flowRow({ srcaddr: null, dstaddr: null, srcport: null, dstport: null, protocol: null, packets: null, bytes: null, action: null, log_status: 'NODATA' }),
        flowRow({ region: 'us-west-2', start: '1477913000' }),
        flowRow({ packets: 'many' }),
        flowRow({ srcport: '99999999999' }),
        flowRow({ account_id: null }),
      ]);
      expect(result.accepted).toBe(3);
      expect(result.rejected).toEqual([
        { index: 3, reason: 'packets: "many" is not a valid bigint' },
        { index: 4, reason: 'srcport: "99999999999" is not a valid int' },
        { index: 5, reason: 'no account id (account_id)' },
      ]);
      await writer.close();

      const files = await filesUnder(lake);
      expect(files.map((f) => f.slice(0, f.lastIndexOf('/')))).toEqual([
        'flowlogs/AWSLogs/aws-account-id=123456789010/aws-service=vpcflowlogs/aws-region=eu-west-1/year=2016/month=10/day=31',
        'flowlogs/AWSLogs/aws-account-id=123456789010/aws-service=vpcflowlogs/aws-region=us-west-2/year=2016/month=10/day=31',
      ]);
      const parquet = join(lake, files[0]!);
      const columns = await duckdbRows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${parquet}'))`);
      expect(columns.slice(0, 14)).toEqual([
        ['version', 'INTEGER'], ['account_id', 'VARCHAR'], ['interface_id', 'VARCHAR'], ['srcaddr', 'VARCHAR'], ['dstaddr', 'VARCHAR'],
        ['srcport', 'INTEGER'], ['dstport', 'INTEGER'], ['protocol', 'BIGINT'], ['packets', 'BIGINT'], ['bytes', 'BIGINT'],
        ['start', 'BIGINT'], ['end', 'BIGINT'], ['action', 'VARCHAR'], ['log_status', 'VARCHAR'],
      ].map(([column_name, column_type]) => ({ column_name, column_type })));
      const rows = await duckdbRows(`SELECT log_status, bytes::INTEGER AS bytes, srcport, region FROM read_parquet('${parquet}') ORDER BY log_status`);
      expect(rows).toEqual([
        { log_status: 'NODATA', bytes: null, srcport: null, region: 'eu-west-1' },
        { log_status: 'OK', bytes: 8855, srcport: 443, region: 'eu-west-1' },
      ]);
    });
  });

  it('refuses flow logs with no region in the row and none given to the writer', async () => {
    await inLake(async (lake) => {
      const writer = new LakeWriter(lake);
      expect(writer.add('flowlogs', [flowRow()]).rejected[0]?.reason).toMatch(/^no region/);
      await writer.close();
    });
  });

  it('files cost rows by the month of their usage start, with timestamps typed as timestamps', async () => {
    await inLake(async (lake) => {
      const writer = new LakeWriter(lake);
      const result = writer.add('cur_data', [
        { line_item_usage_start_date: '2024-03-31T23:00:00Z', line_item_unblended_cost: '0.0116', line_item_product_code: 'AmazonEC2', resource_tags: { user_team: 'payments' } },
        { line_item_usage_start_date: '2024-04-01 00:00:00', line_item_unblended_cost: 2 },
        { line_item_usage_start_date: null, line_item_unblended_cost: 1 },
      ]);
      expect(result.rejected).toEqual([{ index: 2, reason: 'no usable line_item_usage_start_date' }]);
      await writer.close();
      const files = await filesUnder(lake);
      expect(files.map((f) => f.slice(0, f.lastIndexOf('/')))).toEqual(['cur/cia-cur/data/BILLING_PERIOD=2024-03', 'cur/cia-cur/data/BILLING_PERIOD=2024-04']);
      const [row] = await duckdbRows(
        `SELECT typeof(line_item_usage_start_date) AS t, line_item_usage_start_date::VARCHAR AS start, line_item_unblended_cost AS cost, resource_tags FROM read_parquet('${join(lake, files[0]!)}')`,
      );
      expect(row).toEqual({ t: 'TIMESTAMP', start: '2024-03-31 23:00:00', cost: 0.0116, resource_tags: '{"user_team":"payments"}' });
      expect((await stat(join(lake, files[1]!))).size).toBeGreaterThan(0);
    });
  });
});

describe('LakeWriter: flushing', () => {
  it('keeps rows added while a flush runs for the next flush', async () => {
    await inLake(async (lake) => {
      const writer = new LakeWriter(lake);
      writer.add('cloudtrail_logs', [trailRecord()]);
      const first = writer.flush();
      writer.add('cloudtrail_logs', [trailRecord({ eventName: 'ListUsers' })]);
      expect(await first).toEqual({ tables: { cloudtrail_logs: { rows: 1, files: 1, partitions: 1 } } });
      expect(writer.bufferedRows).toBe(1);
      expect(await writer.flush()).toEqual({ tables: { cloudtrail_logs: { rows: 1, files: 1, partitions: 1 } } });
      await writer.close();
      const names = await Promise.all((await filesUnder(lake)).map(async (f) => (await readLakeJson(join(lake, f))).map((r) => r.eventName)));
      expect(names.flat().sort()).toEqual(['GetUser', 'ListUsers']);
    });
  });

  it('keeps the rows of files it could not write, and writes each row once when flushed again', async () => {
    await inLake(async (lake) => {
      const writer = new LakeWriter(lake);
      const rows = Array.from({ length: 450 }, (_, i) => trailRecord({ eventID: String(i), recipientAccountId: String(100000000000 + (i % 3)) }));
      writer.add('cloudtrail_logs', rows);
      // A file where the folders must go: every partition fails.
      await writeFile(join(lake, 'cloudtrail'), 'in the way');
      await expect(writer.flush()).rejects.toThrow();
      expect(writer.bufferedRows).toBe(450);
      await rm(join(lake, 'cloudtrail'));
      expect(await writer.flush()).toEqual({ tables: { cloudtrail_logs: { rows: 450, files: 3, partitions: 3 } } });
      await writer.close();
      const written = await Promise.all((await filesUnder(lake)).map((f) => readLakeJson(join(lake, f))));
      expect(written.flat().map((r) => Number(r.eventID)).sort((a, b) => a - b)).toEqual(rows.map((_, i) => i));
    });
  });
});

describe('LakeWriter: large partitions', () => {
  it('writes at most 50,000 rows a file, in the order added', async () => {
    await inLake(async (lake) => {
      const writer = new LakeWriter(lake);
      writer.add('cloudtrail_logs', Array.from({ length: 100_001 }, (_, i) => trailRecord({ eventID: String(i) })));
      expect(await writer.flush()).toEqual({ tables: { cloudtrail_logs: { rows: 100_001, files: 3, partitions: 1 } } });
      await writer.close();
      const files = await Promise.all((await filesUnder(lake)).map((f) => readLakeJson(join(lake, f))));
      const ids = files.map((records) => records.map((r) => Number(r.eventID))).sort((a, b) => a[0]! - b[0]!);
      expect(ids.map((f) => f.length)).toEqual([50_000, 50_000, 1]);
      expect(ids.flat()).toEqual(Array.from({ length: 100_001 }, (_, i) => i));
    });
  });
});

describe('AwsTimes', () => {
  it('reads times exactly as parseAwsTime does, CloudTrail\'s own shape from a cache of its hours', () => {
    const times = new AwsTimes();
    const values = [
      '2023-07-10T11:42:18Z', '2023-07-10T11:59:59Z', '2023-07-10T11:00:00Z', '2023-07-10t11:42:18Z', '2023-07-10 11:42:18Z',
      '2023-02-30T00:00:00Z', '2023-07-10T24:00:00Z', '2023-07-10T11:60:00Z', '2023-07-10T11:42:60Z', '2023-07-10T1a:42:18Z', '2023-07-10T11:4x:18Z',
      '2023-07-10T11:42:18.5Z', '2023-07-10T11:42:18+02:00', ' 2023-07-10T11:42:18Z', 'redacted', '', 1688989338, null, undefined,
    ];
    for (const value of [...values, ...values]) expect(times.parse(value)?.toISOString()).toBe(parseAwsTime(value)?.toISOString());
  });
});
