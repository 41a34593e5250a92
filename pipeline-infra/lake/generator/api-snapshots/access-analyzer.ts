import { accountByAlias } from '../accounts.js';
import { publicBucketFindingId } from '../incidents/bucket-made-public.js';
import { MINUTE, isoMillis } from '../rhythm.js';
import { stableUuid } from '../random.js';
import type { SnapshotFile, SnapshotInput } from './snapshot-file.js';

/** A monitoring vendor's account (documentation-style id), trusted by a role in prod. */
export const VENDOR_ACCOUNT = '444455556666';

/**
 * ListFindings of each region's analyzer: the bucket the logs show being made public (found a few
 * minutes after its PutBucketPolicy), and a role a vendor's account may assume.
 */
export function accessAnalyzerSnapshots({ incidents }: SnapshotInput): SnapshotFile[] {
  const plan = incidents.bucketMadePublic;
  const found = isoMillis(plan.at + 3 * MINUTE + 12_000);
  const prod = accountByAlias('prod');
  const vendorRoleAt = '2024-01-22T09:41:07.000Z';
  const findings = [
    {
      id: publicBucketFindingId(plan), resource: `arn:aws:s3:::${plan.bucket}`, resourceType: 'AWS::S3::Bucket', resourceOwnerAccount: plan.inventory.account.id,
      principal: { AWS: '*' }, action: ['s3:GetObject'], condition: {}, isPublic: true, status: 'ACTIVE',
      createdAt: found, analyzedAt: found, updatedAt: found, sources: [{ type: 'POLICY' }],
    },
    {
      id: stableUuid(`${prod.id}/access-analyzer/vendor-role`), resource: `arn:aws:iam::${prod.id}:role/vendor-monitoring-role`, resourceType: 'AWS::IAM::Role', resourceOwnerAccount: prod.id,
      principal: { AWS: VENDOR_ACCOUNT }, action: ['sts:AssumeRole'], condition: { 'sts:ExternalId': 'acme-7f3c' }, isPublic: false, status: 'ACTIVE',
      createdAt: vendorRoleAt, analyzedAt: vendorRoleAt, updatedAt: vendorRoleAt, sources: [{ type: 'POLICY' }],
    },
  ];
  return [{ service: 'access-analyzer', account: prod.id, operation: 'ListFindings', key: plan.inventory.region, response: { findings } }];
}

