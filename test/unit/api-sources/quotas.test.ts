import { SnapshotApiSource } from '../../../pipeline-infra/api-sources/snapshot-source.js';
import { generatedSnapshots, request, snapshotLake } from '../../support/api-snapshots.js';
import { sdkSourceCases } from '../../support/sdk-source-cases.js';

const files = generatedSnapshots();

describe('Service Quotas from the lake\'s snapshot', () => {
  let lake: Awaited<ReturnType<typeof snapshotLake>>;
  beforeAll(async () => (lake = await snapshotLake(files)));
  afterAll(() => lake.remove());
  const source = () => new SnapshotApiSource(lake.dir, 'quotas');

  it('finds the two quotas near their limit, fullest first, with usage from the metrics', async () => {
    const rows = await source().fetch(request({ service: 'quotas', minPercentUsed: 80 }));
    expect(rows.map((r) => [r.account, r.quota_code, r.used, r.limit, r.percent_used])).toEqual([
      ['333333333333', 'L-B99A9384', 93, 100, 93],
      ['333333333333', 'L-1216C47A', 12, 14, 85.71],
    ]);
  });

  it('lists every quota of a service, those without usage data last', async () => {
    const ec2 = await source().fetch(request({ service: 'quotas', services: ['ec2'] }));
    expect(ec2.every((r) => r.service === 'ec2')).toBe(true);
    expect(ec2.length).toBe(4);
    const prod = await source().fetch(request({ service: 'quotas', accounts: ['333333333333'] }));
    expect(prod.at(-1)).toMatchObject({ quota_code: 'L-F678F1CE', used: null, percent_used: null });
  });
});

describe('Service Quotas through the SDK', () => {
  sdkSourceCases({
    service: 'quotas',
    request: { service: 'quotas', services: ['lambda'], minPercentUsed: 80 },
    check: (rows, calls) => {
      expect(rows.map((r) => [r.quota, r.percent_used])).toEqual([['Concurrent executions', 93]]);
      const metrics = calls.find((c) => c.command === 'GetMetricDataCommand')!.input as { MetricDataQueries: { Label: string; MetricStat: { Metric: { MetricName: string } } }[] };
      expect(metrics.MetricDataQueries.map((q) => [q.Label, q.MetricStat.Metric.MetricName])).toEqual([['arn:aws:servicequotas:eu-central-1:333333333333:lambda/L-B99A9384', 'ConcurrentExecutions']]);
    },
  });
});
