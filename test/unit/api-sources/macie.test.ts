import { SnapshotApiSource } from '../../../pipeline-infra/api-sources/snapshot-source.js';
import { generatedSnapshots, request, snapshotLake } from '../../support/api-snapshots.js';
import { sdkSourceCases } from '../../support/sdk-source-cases.js';

const files = generatedSnapshots();

describe('Macie from the lake\'s snapshot', () => {
  let lake: Awaited<ReturnType<typeof snapshotLake>>;
  beforeAll(async () => (lake = await snapshotLake(files)));
  afterAll(() => lake.remove());
  const source = () => new SnapshotApiSource(lake.dir, 'macie');

  it('finds personal and financial data in the bucket that was made public', async () => {
    const rows = await source().fetch(request({ service: 'macie', category: 'CLASSIFICATION', severityAtLeast: 'High' }));
    expect(rows.map((r) => r.type).sort()).toEqual(['SensitiveData:S3Object/Financial', 'SensitiveData:S3Object/Personal']);
    expect(rows.every((r) => r.bucket === 'acme-prod-orders-export')).toBe(true);
    expect(rows.find((r) => r.type === 'SensitiveData:S3Object/Personal')!.sensitive_data).toContain('EMAIL_ADDRESS ×1840');
  });

  it('filters by bucket, severity and category', async () => {
    expect((await source().fetch(request({ service: 'macie', bucket: 'acme-dev-ml-datasets' }))).map((r) => r.severity)).toEqual(['Medium']);
    expect((await source().fetch(request({ service: 'macie', category: 'POLICY' }))).map((r) => r.type)).toEqual(['Policy:IAMUser/S3BucketPublic']);
    const all = await source().fetch(request({ service: 'macie' }));
    expect(all).toHaveLength(4);
    expect(all.at(-1)!.severity).toBe('Medium');
  });
});

describe('Macie through the SDK', () => {
  sdkSourceCases({
    service: 'macie',
    request: { service: 'macie', severityAtLeast: 'Medium', bucket: 'acme-prod-orders-export' },
    check: (rows, calls) => {
      expect(rows).toHaveLength(3);
      expect(rows.every((r) => r.bucket === 'acme-prod-orders-export')).toBe(true);
      expect(calls[0]!.input).toMatchObject({ findingCriteria: { criterion: { 'severity.description': { eq: ['Medium', 'High'] }, 'resourcesAffected.s3Bucket.name': { eq: ['acme-prod-orders-export'] }, archived: { eq: ['false'] } } } });
    },
  });
});
