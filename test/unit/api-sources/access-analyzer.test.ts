import { SnapshotApiSource } from '../../../pipeline-infra/api-sources/snapshot-source.js';
import { generatedSnapshots, request, snapshotLake } from '../../support/api-snapshots.js';
import { sdkSourceCases } from '../../support/sdk-source-cases.js';

const files = generatedSnapshots();

describe('IAM Access Analyzer from the lake\'s snapshot', () => {
  let lake: Awaited<ReturnType<typeof snapshotLake>>;
  beforeAll(async () => (lake = await snapshotLake(files)));
  afterAll(() => lake.remove());
  const source = () => new SnapshotApiSource(lake.dir, 'access-analyzer');

  it('names the bucket the logs show being made public, first', async () => {
    const rows = await source().fetch(request({ service: 'access-analyzer' }));
    expect(rows.map((r) => [r.access, r.resource])).toEqual([
      ['public', 'arn:aws:s3:::acme-prod-orders-export'],
      ['cross-account', 'arn:aws:iam::333333333333:role/vendor-monitoring-role'],
    ]);
    expect(rows[0]).toMatchObject({ principal: 'AWS: *', actions: 's3:GetObject', region: 'eu-central-1', account: '333333333333' });
  });

  it('keeps only public access, a resource type, or another status when asked', async () => {
    expect(await source().fetch(request({ service: 'access-analyzer', publicOnly: true }))).toHaveLength(1);
    expect((await source().fetch(request({ service: 'access-analyzer', resourceTypes: ['AWS::IAM::Role'] }))).map((r) => r.principal)).toEqual(['AWS: 444455556666']);
    expect(await source().fetch(request({ service: 'access-analyzer', status: 'ARCHIVED' }))).toEqual([]);
    expect(await source().fetch(request({ service: 'access-analyzer', regions: ['us-east-1'] }))).toEqual([]);
  });
});

describe('IAM Access Analyzer through the SDK', () => {
  sdkSourceCases({
    service: 'access-analyzer',
    request: { service: 'access-analyzer', publicOnly: true },
    check: (rows, calls) => {
      // The API was asked for public findings only; the rows are filtered the same way.
      expect(rows.map((r) => r.resource)).toEqual(['arn:aws:s3:::acme-prod-orders-export']);
      expect(rows[0]!.region).toBe('eu-central-1');
      const list = calls.filter((c) => c.command === 'ListFindingsCommand');
      expect(list[0]!.input).toMatchObject({ analyzerArn: 'arn:aws:access-analyzer:eu-central-1:333333333333:analyzer/org', filter: { status: { eq: ['ACTIVE'] }, isPublic: { eq: ['true'] } } });
    },
  });
});
