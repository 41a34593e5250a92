import { SnapshotApiSource } from '../../../pipeline-infra/api-sources/snapshot-source.js';
import { findInstance } from '../../../pipeline-infra/lake/generator/inventory.js';
import { generatedSnapshots, request, snapshotLake } from '../../support/api-snapshots.js';
import { sdkSourceCases } from '../../support/sdk-source-cases.js';

const files = generatedSnapshots();

describe('Inspector from the lake\'s snapshot', () => {
  let lake: Awaited<ReturnType<typeof snapshotLake>>;
  beforeAll(async () => (lake = await snapshotLake(files)));
  afterAll(() => lake.remove());
  const source = () => new SnapshotApiSource(lake.dir, 'inspector');

  it('finds the open critical CVE on prod instances, not the fixed one', async () => {
    const rows = await source().fetch(request({ service: 'inspector', severityAtLeast: 'CRITICAL' }));
    expect(rows.map((r) => [r.vulnerability, r.resource]).sort()).toEqual([
      ['CVE-2023-38545', findInstance('prod-app-1').instance.id],
      ['CVE-2023-38545', findInstance('prod-edge-1').instance.id],
    ].sort());
    const fixed = await source().fetch(request({ service: 'inspector', status: 'CLOSED' }));
    expect(fixed.map((r) => r.vulnerability)).toEqual(['CVE-2023-4911']);
  });

  it('filters by CVE, resource and severity, most severe first', async () => {
    const bastion = findInstance('prod-bastion-1').instance.id;
    expect((await source().fetch(request({ service: 'inspector', vulnerabilityId: 'cve-2024-6387' }))).map((r) => r.resource)).toEqual([bastion]);
    expect((await source().fetch(request({ service: 'inspector', resourceId: bastion }))).map((r) => r.severity)).toEqual(['HIGH']);
    const all = await source().fetch(request({ service: 'inspector' }));
    expect(all.map((r) => r.severity)).toEqual(['CRITICAL', 'CRITICAL', 'HIGH', 'MEDIUM']);
  });
});

describe('Inspector through the SDK', () => {
  sdkSourceCases({
    service: 'inspector',
    request: { service: 'inspector', severityAtLeast: 'HIGH' },
    check: (rows, calls) => {
      expect(rows.map((r) => r.severity)).toEqual(['CRITICAL', 'CRITICAL', 'HIGH']);
      expect(calls[0]!.input).toMatchObject({
        filterCriteria: { findingStatus: [{ comparison: 'EQUALS', value: 'ACTIVE' }], awsAccountId: [{ comparison: 'EQUALS', value: '333333333333' }], severity: [{ comparison: 'EQUALS', value: 'HIGH' }, { comparison: 'EQUALS', value: 'CRITICAL' }] },
        sortCriteria: { field: 'SEVERITY', sortOrder: 'DESC' },
      });
    },
  });
});
