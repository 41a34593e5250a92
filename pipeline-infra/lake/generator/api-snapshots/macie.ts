import { accountByAlias } from '../accounts.js';
import { DAY, HOUR, MINUTE, isoMillis } from '../rhythm.js';
import { stableId } from '../random.js';
import type { SnapshotFile, SnapshotInput } from './snapshot-file.js';

interface MacieSpec {
  alias: 'dev' | 'prod';
  region: string;
  type: string;
  category: 'CLASSIFICATION' | 'POLICY';
  severity: 'Low' | 'Medium' | 'High';
  bucket: string;
  key?: string;
  detections?: [category: string, type: string, count: number][];
  at: number;
  title: string;
}

const SCORE = { Low: 1, Medium: 2, High: 3 };

/**
 * GetFindings per account: personal and financial data in the orders export bucket (the one the
 * logs show being made public), Macie's own finding that the bucket is public, and a sample of
 * customer names in a dev data set.
 */
export function macieSnapshots({ now, incidents }: SnapshotInput): SnapshotFile[] {
  const plan = incidents.bucketMadePublic;
  const day = new Date(plan.at - DAY).toISOString().slice(0, 10);
  const specs: MacieSpec[] = [
    {
      alias: 'prod', region: plan.inventory.region, type: 'SensitiveData:S3Object/Personal', category: 'CLASSIFICATION', severity: 'High', bucket: plan.bucket, key: `exports/orders-${day}.csv`, at: plan.at - 9 * HOUR,
      detections: [['PERSONAL_INFORMATION', 'NAME', 1840], ['PERSONAL_INFORMATION', 'ADDRESS', 1840], ['PERSONAL_INFORMATION', 'EMAIL_ADDRESS', 1840], ['PERSONAL_INFORMATION', 'PHONE_NUMBER', 1212]],
      title: 'The S3 object contains personal information.',
    },
    {
      alias: 'prod', region: plan.inventory.region, type: 'SensitiveData:S3Object/Financial', category: 'CLASSIFICATION', severity: 'High', bucket: plan.bucket, key: `exports/refunds-${day}.csv`, at: plan.at - 9 * HOUR + 4 * MINUTE,
      detections: [['FINANCIAL_INFORMATION', 'CREDIT_CARD_NUMBER', 37]],
      title: 'The S3 object contains financial information.',
    },
    { alias: 'prod', region: plan.inventory.region, type: 'Policy:IAMUser/S3BucketPublic', category: 'POLICY', severity: 'High', bucket: plan.bucket, at: plan.at + 11 * MINUTE, title: 'The S3 bucket is publicly accessible.' },
    {
      alias: 'dev', region: 'eu-west-1', type: 'SensitiveData:S3Object/Personal', category: 'CLASSIFICATION', severity: 'Medium', bucket: 'acme-dev-ml-datasets', key: 'training/customers-sample.parquet', at: now - 6 * DAY,
      detections: [['PERSONAL_INFORMATION', 'NAME', 20]],
      title: 'The S3 object contains personal information.',
    },
  ];
  const byAccount = new Map<string, object[]>();
  for (const spec of specs) {
    const account = accountByAlias(spec.alias).id;
    const id = stableId(`${account}/macie/${spec.type}/${spec.bucket}/${spec.key ?? ''}`, 'hex', 32);
    const at = isoMillis(Math.floor(spec.at / 1000) * 1000);
    const findings = byAccount.get(account) ?? [];
    findings.push({
      id, accountId: account, region: spec.region, partition: 'aws', schemaVersion: '1.0', type: spec.type, category: spec.category, title: spec.title,
      description: `${spec.title} ${spec.bucket}${spec.key ? `/${spec.key}` : ''}`,
      severity: { description: spec.severity, score: SCORE[spec.severity] }, createdAt: at, updatedAt: at, count: 1, archived: false, sample: false,
      resourcesAffected: { s3Bucket: { name: spec.bucket, arn: `arn:aws:s3:::${spec.bucket}` }, ...(spec.key ? { s3Object: { bucketArn: `arn:aws:s3:::${spec.bucket}`, key: spec.key, path: `${spec.bucket}/${spec.key}` } } : {}) },
      ...(spec.detections
        ? { classificationDetails: { result: { status: { code: 'COMPLETE' }, sensitiveData: [...new Set(spec.detections.map(([c]) => c))].map((category) => ({ category, detections: spec.detections!.filter(([c]) => c === category).map(([, type, count]) => ({ type, count })) })) } } }
        : {}),
    });
    byAccount.set(account, findings);
  }
  return [...byAccount].map(([account, findings]) => ({ service: 'macie', account, operation: 'GetFindings', response: { findings } }));
}
