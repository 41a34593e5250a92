import { SnapshotApiSource } from '../../../pipeline-infra/api-sources/snapshot-source.js';
import { generatedSnapshots, request, snapshotLake } from '../../support/api-snapshots.js';
import { sdkSourceCases } from '../../support/sdk-source-cases.js';

const files = generatedSnapshots();
const response = (operation: string, key?: string) => files.find((f) => f.service === 'organizations' && f.operation === operation && f.key === key)!.response as Record<string, object[]>;
const roots = response('ListRoots').Roots as { Id: string }[];
const units = response('ListOrganizationalUnitsForParent', roots[0]!.Id).OrganizationalUnits as { Id: string; Name: string }[];

describe('Organizations from the lake\'s snapshot', () => {
  let lake: Awaited<ReturnType<typeof snapshotLake>>;
  beforeAll(async () => (lake = await snapshotLake(files)));
  afterAll(() => lake.remove());
  const source = () => new SnapshotApiSource(lake.dir, 'organizations');

  it('lists the organization\'s three accounts with the OU holding each', async () => {
    const rows = await source().fetch(request({ service: 'organizations' }));
    expect(rows.map((r) => [r.account, r.name, r.ou])).toEqual([
      ['222222222222', 'acme-dev', 'Development'],
      ['333333333333', 'acme-prod', 'Production'],
      ['111111111111', 'acme-main', 'Root'],
    ]);
  });

  it('narrows to an OU (by name or id), an account or a status', async () => {
    expect((await source().fetch(request({ service: 'organizations', ou: 'production' }))).map((r) => r.account)).toEqual(['333333333333']);
    expect((await source().fetch(request({ service: 'organizations', ou: units.find((u) => u.Name === 'Development')!.Id }))).map((r) => r.account)).toEqual(['222222222222']);
    expect((await source().fetch(request({ service: 'organizations', accounts: ['111111111111'] }))).map((r) => r.name)).toEqual(['acme-main']);
    expect(await source().fetch(request({ service: 'organizations', status: 'SUSPENDED' }))).toEqual([]);
  });
});

describe('Organizations through the SDK', () => {
  sdkSourceCases({
    service: 'organizations',
    request: { service: 'organizations' },
    check: (rows, calls) => {
      expect(rows.map((r) => [r.account, r.ou])).toEqual([['222222222222', 'Development'], ['333333333333', 'Production'], ['111111111111', 'Root']]);
      // Asked once, in the management account.
      expect(new Set(calls.map((c) => c.target.account))).toEqual(new Set(['111111111111']));
    },
  });
});
