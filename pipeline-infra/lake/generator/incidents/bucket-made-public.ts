import { PEOPLE, ssoPrincipal } from '../cloudtrail-actors.js';
import { apiCall, principalArn, userIdentity } from '../cloudtrail-record.js';
import { INVENTORY, type RegionInventory } from '../inventory.js';
import { HOUR, MINUTE } from '../rhythm.js';
import { stableUuid, type Random } from '../random.js';
import { record, secondsBetween, type IncidentDays, type IncidentRecord, type IncidentRows } from './incident.js';

/** What the S3 console sends as its user agent. */
const S3_CONSOLE = '[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488 Linux/5.10.219-186.866.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.372-b08 java/1.8.0_372 vendor/Oracle_Corporation cfg/retry-mode/standard]';
const BUCKET = 'acme-prod-orders-export';

export interface BucketMadePublicPlan {
  inventory: RegionInventory;
  bucket: string;
  email: string;
  sourceIp: string;
  /** When the public policy was put (Block Public Access was turned off a minute before). */
  at: number;
}

/** An administrator turns off Block Public Access on the orders export bucket and lets anyone read it, "so the partner can download". */
export function planBucketMadePublic(days: IncidentDays, random: Random): BucketMadePublicPlan {
  const inventory = INVENTORY.find((i) => i.buckets.includes(BUCKET))!;
  const bob = PEOPLE.find((p) => p.email === 'bob@example.com')!;
  return { inventory, bucket: BUCKET, email: bob.email, sourceIp: bob.ips[0]!, at: days.yesterday + 15 * HOUR + secondsBetween(random, 0, 30 * MINUTE) };
}

/** The bucket policy that makes it public: anyone may get any object. */
export function publicReadPolicy(bucket: string): object {
  return { Version: '2012-10-17', Statement: [{ Sid: 'PartnerDownload', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }] };
}

/** The IAM Access Analyzer finding the policy raises (its id is stable, so incidents.json can name it). */
export function publicBucketFindingId(plan: BucketMadePublicPlan): string {
  return stableUuid(`${plan.inventory.account.id}/access-analyzer/${plan.bucket}`);
}

export function bucketMadePublicRows(plan: BucketMadePublicPlan, random: Random): Pick<IncidentRows, 'cloudtrail'> {
  const { inventory, bucket } = plan;
  const identity = userIdentity(ssoPrincipal(inventory.account, 'AdministratorAccess', plan.email), plan.at - 25 * MINUTE, 'incident-bucket');
  const common = {
    identity, eventSource: 's3.amazonaws.com', region: inventory.region, sourceIp: plan.sourceIp, userAgent: S3_CONSOLE, readOnly: false, recipientAccountId: inventory.account.id, fromConsole: true,
    resources: [{ accountId: inventory.account.id, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` }],
  };
  const host = `${bucket}.s3.${inventory.region}.amazonaws.com`;
  return {
    cloudtrail: [
      apiCall({
        ...common, time: plan.at - 70_000, eventName: 'PutBucketPublicAccessBlock',
        requestParameters: { bucketName: bucket, Host: host, publicAccessBlock: '', PublicAccessBlockConfiguration: { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/', BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false } },
      }, random),
      apiCall({ ...common, time: plan.at, eventName: 'PutBucketPolicy', requestParameters: { bucketName: bucket, Host: host, policy: '', bucketPolicy: publicReadPolicy(bucket) } }, random),
    ],
  };
}

export function describeBucketMadePublic(plan: BucketMadePublicPlan): IncidentRecord {
  const { inventory } = plan;
  return record('bucket_made_public', inventory.account, inventory.region, { start: plan.at - 70_000, end: plan.at }, {
    summary: `${plan.email} turned off Block Public Access on ${plan.bucket} and put a bucket policy letting anyone (Principal "*") get its objects; IAM Access Analyzer and Macie report it`,
    tables: ['cloudtrail_logs'],
    identifiers: {
      bucket: plan.bucket,
      event_names: ['PutBucketPublicAccessBlock', 'PutBucketPolicy'],
      principal: '*',
      action: 's3:GetObject',
      session_name: plan.email,
      principal_arn: principalArn(ssoPrincipal(inventory.account, 'AdministratorAccess', plan.email)),
      source_ip: plan.sourceIp,
      access_analyzer_finding_id: publicBucketFindingId(plan),
    },
  });
}
