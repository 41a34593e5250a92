import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * A small lake written file by file in the layout of DESIGN §3.1, from real records where the
 * shared data has them:
 * - cloudtrail: the 8 flaws2 delivery files (37 records, 2018-11-28), one of them delivered twice;
 *   on 2018-11-29 two different events sharing the placeholder eventID "1" (as Panther's fixtures
 *   do), one of them in an organization trail's layout;
 * - guardduty: the 17 EventBridge findings; cloudwatch: AWS's documented subscription envelope;
 * - flowlogs: Parquet written with a throwaway DuckDB, 2 accounts × 2 days × 50 flows;
 * - config and cur: no files at all.
 */

const here = dirname(fileURLToPath(import.meta.url));
export const SHARED_DATA = join(here, '../../../shared/data/real');

export const FIXTURE = {
  cloudtrailAccount: '653711331788',
  flaws2Records: 37,
  /** One flaws2 file is delivered a second time: these records appear twice in the raw files. */
  redeliveredRecords: 2,
  flowAccounts: ['111111111111', '222222222222'],
  flowDays: ['10', '11'],
  flowsPerPartition: 50,
  guarddutyFindings: 17,
  cloudwatchEvents: 3,
};

export async function buildFixtureLake(): Promise<string> {
  const lake = mkdtempSync(join(tmpdir(), 'cia-fixture-lake-'));
  const account = FIXTURE.cloudtrailAccount;
  const day28 = join(lake, `cloudtrail/AWSLogs/${account}/CloudTrail/us-east-1/2018/11/28`);
  const flaws2 = join(SHARED_DATA, 'cloudtrail/flaws2');
  const files = readdirSync(flaws2).sort();
  for (const file of files) write(join(day28, `${file}.gz`), gzipSync(readFileSync(join(flaws2, file))));
  // A redelivery: the same records again under another name.
  const smallest = files.find((f) => (JSON.parse(readFileSync(join(flaws2, f), 'utf8')) as { Records: unknown[] }).Records.length === FIXTURE.redeliveredRecords)!;
  write(join(day28, `${account}_CloudTrail_us-east-1_redelivered.json.gz`), gzipSync(readFileSync(join(flaws2, smallest))));

  const placeholder = (eventName: string, eventTime: string) => ({
    eventVersion: '1.08', eventID: '1', eventName, eventTime, eventSource: 'signin.amazonaws.com', awsRegion: 'us-east-1',
    recipientAccountId: account, userIdentity: { type: 'IAMUser', userName: 'alice', arn: `arn:aws:iam::${account}:user/alice` },
    readOnly: false, requestParameters: { note: "it's \"quoted\"" },
  });
  write(join(lake, `cloudtrail/AWSLogs/${account}/CloudTrail/us-east-1/2018/11/29/${account}_CloudTrail_us-east-1_a.json.gz`), gzipSync(JSON.stringify({ Records: [placeholder('ConsoleLogin', '2018-11-29T08:00:00Z')] })));
  write(join(lake, `cloudtrail/AWSLogs/o-abc123defg/${account}/CloudTrail/us-east-1/2018/11/29/${account}_CloudTrail_us-east-1_b.json.gz`), gzipSync(JSON.stringify({ Records: [placeholder('DeleteBucket', '2018-11-29T09:00:00Z')] })));

  write(join(lake, 'guardduty/account_id=123412341234/year=2022/month=11/day=22/findings.json.gz'), gzipSync(readFileSync(join(SHARED_DATA, 'guardduty/derived_eventbridge/guardduty_findings_eventbridge.ndjson'))));
  const envelope = JSON.parse(readFileSync(join(SHARED_DATA, 'cloudwatch/aws_docs_examples/subscription_filter_cloudtrail_root_example.json'), 'utf8')) as object;
  write(join(lake, 'cloudwatch/log_group=CloudTrail/account_id=111111111111/year=2015/month=05/envelopes.json.gz'), gzipSync(`${JSON.stringify(envelope)}\n`));

  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  for (const flowAccount of FIXTURE.flowAccounts) {
    for (const day of FIXTURE.flowDays) {
      const dir = join(lake, `flowlogs/AWSLogs/aws-account-id=${flowAccount}/aws-service=vpcflowlogs/aws-region=us-east-1/year=2023/month=07/day=${day}`);
      mkdirSync(dir, { recursive: true });
      const start = Date.UTC(2023, 6, Number(day)) / 1000;
      await connection.run(
        `COPY (SELECT 5 AS version, '${flowAccount}' AS account_id, 'eni-0' AS interface_id, '10.0.0.' || (range % 7) AS srcaddr, '10.1.0.1' AS dstaddr,
           443 AS dstport, 6::BIGINT AS protocol, 1000::BIGINT * (range + 1) AS bytes, ${start} + range * 60 AS start, ${start} + range * 60 + 59 AS "end",
           CASE WHEN range % 5 = 0 THEN 'REJECT' ELSE 'ACCEPT' END AS action, 'us-east-1' AS region
         FROM range(${FIXTURE.flowsPerPartition})) TO '${dir}/flows.parquet' (FORMAT parquet)`,
      );
    }
  }
  connection.closeSync();
  instance.closeSync();
  return lake;
}

function write(path: string, content: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** Every file under a folder with its size and modification time: equal snapshots mean nothing was written. */
export function snapshotTree(dir: string): Record<string, string> {
  const snapshot: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const info = statSync(path);
    snapshot[relative(dir, path)] = entry.isDirectory() ? 'dir' : `${info.size}:${info.mtimeMs}`;
  }
  return snapshot;
}
