import { SnapshotApiSource } from '../../../pipeline-infra/api-sources/snapshot-source.js';
import type { GuardDutyFinding } from '../../../pipeline-infra/api-sources/services/guardduty.js';
import { generatedSnapshots, itemsOf, request, snapshotLake } from '../../support/api-snapshots.js';
import { sdkSourceCases } from '../../support/sdk-source-cases.js';

const files = generatedSnapshots();
const findings = itemsOf<GuardDutyFinding & { Id: string }>(files, 'guardduty', 'GetFindings', 'Findings');

describe('GuardDuty from the lake\'s snapshot', () => {
  let lake: Awaited<ReturnType<typeof snapshotLake>>;
  beforeAll(async () => (lake = await snapshotLake(files)));
  afterAll(() => lake.remove());
  const source = () => new SnapshotApiSource(lake.dir, 'guardduty');

  it('keeps findings at or above a severity, most severe first', async () => {
    const rows = await source().fetch(request({ service: 'guardduty', severityAtLeast: 5 }));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBe(findings.filter((f) => f.Severity! >= 5).length);
    expect(rows.map((r) => r.severity)).toEqual([...rows.map((r) => r.severity)].sort((a, b) => Number(b) - Number(a)));
    expect(rows.find((r) => r.type === 'Persistence:IAMUser/AnomalousBehavior')).toMatchObject({ account: '333333333333', resource: 'svc-reporting', severity_label: 'Medium' });
  });

  it('filters by account, type and the time a finding was last updated', async () => {
    const prod = await source().fetch(request({ service: 'guardduty', accounts: ['333333333333'] }));
    expect(prod.length).toBeGreaterThan(0);
    expect(prod.every((r) => r.account === '333333333333')).toBe(true);
    const typed = await source().fetch(request({ service: 'guardduty', types: ['Recon:EC2/PortProbeUnprotectedPort'] }));
    expect(typed.length).toBeGreaterThan(0);
    expect(typed.every((r) => r.type === 'Recon:EC2/PortProbeUnprotectedPort')).toBe(true);
    const lastDay = await source().fetch(request({ service: 'guardduty', from: '2024-05-14T12:34:56Z', to: '2024-05-15T12:34:56Z' }));
    expect(lastDay.every((r) => String(r.updated_at) >= '2024-05-14T12:34:56')).toBe(true);
    expect(lastDay.length).toBeLessThan(findings.length);
  });
});

describe('GuardDuty through the SDK', () => {
  sdkSourceCases({
    service: 'guardduty',
    request: { service: 'guardduty', severityAtLeast: 2, from: '2024-05-01T00:00:00Z' },
    check: (rows, calls) => {
      expect(rows).toHaveLength(Math.min(20, findings.length));
      expect(rows[0]!.severity).toBe(Math.max(...findings.map((f) => f.Severity!)));
      const list = calls.find((c) => c.command === 'ListFindingsCommand')!;
      expect(list.input).toMatchObject({ DetectorId: 'det-1', FindingCriteria: { Criterion: { severity: { GreaterThanOrEqual: 2 }, updatedAt: { GreaterThanOrEqual: Date.parse('2024-05-01T00:00:00Z') }, 'service.archived': { Equals: ['false'] } } } });
      expect(list.target).toEqual({ account: '333333333333', region: 'eu-central-1' });
    },
  });
});
