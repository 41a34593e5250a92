import { SnapshotApiSource } from '../../../pipeline-infra/api-sources/snapshot-source.js';
import { generatedSnapshots, request, snapshotLake } from '../../support/api-snapshots.js';
import { sdkSourceCases } from '../../support/sdk-source-cases.js';

const files = generatedSnapshots();

describe('Health from the lake\'s snapshot', () => {
  let lake: Awaited<ReturnType<typeof snapshotLake>>;
  beforeAll(async () => (lake = await snapshotLake(files)));
  afterAll(() => lake.remove());
  const source = () => new SnapshotApiSource(lake.dir, 'health');

  it('lists open events of every account, each with its folder\'s account', async () => {
    const rows = await source().fetch(request({ service: 'health', status: ['open'] }));
    expect(rows.map((r) => [r.account, r.event_type])).toEqual([
      ['222222222222', 'AWS_EC2_OPERATIONAL_ISSUE'],
      ['333333333333', 'AWS_RDS_MAINTENANCE_SCHEDULED'],
    ]);
  });

  it('filters by category, service and the time an event was going on', async () => {
    expect((await source().fetch(request({ service: 'health', categories: ['scheduledChange'] }))).map((r) => r.status).sort()).toEqual(['open', 'upcoming']);
    expect((await source().fetch(request({ service: 'health', services: ['S3'] }))).map((r) => r.account)).toEqual(['111111111111']);
    const sixDaysAgo = await source().fetch(request({ service: 'health', from: '2024-05-09T00:00:00Z', to: '2024-05-10T00:00:00Z' }));
    expect(sixDaysAgo.map((r) => r.event_type)).toEqual(['AWS_EC2_OPERATIONAL_ISSUE']);
    expect(sixDaysAgo[0]!.status).toBe('closed');
  });
});

describe('Health through the SDK', () => {
  sdkSourceCases({
    service: 'health',
    request: { service: 'health', status: ['open', 'upcoming'] },
    check: (rows, calls) => {
      expect(rows.map((r) => r.status)).toEqual(['open', 'open', 'upcoming']);
      expect(rows.every((r) => r.account === '333333333333')).toBe(true);
      expect(calls[0]).toMatchObject({ client: 'health', input: { filter: { eventStatusCodes: ['open', 'upcoming'] } }, target: { account: '333333333333', region: 'us-east-1' } });
    },
  });
});
