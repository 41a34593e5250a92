import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SnapshotApiSource } from '../../../../pipeline-infra/api-sources/snapshot-source.js';
import { importApiSnapshots } from '../../../../pipeline-infra/lake/importers/api-snapshots.js';
import { generatedSnapshots, request, snapshotLake } from '../../../support/api-snapshots.js';

const files = generatedSnapshots();

describe('importing real API output into the snapshot layout', () => {
  let dir: string;
  let generated: Awaited<ReturnType<typeof snapshotLake>>;
  const input = (name: string, value: unknown) => {
    const path = join(dir, 'input', name);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cia-api-import-'));
    mkdirSync(join(dir, 'input'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => (generated = await snapshotLake(files)));
  afterAll(() => generated.remove());

  it('splits responses by the account they name, so the snapshot answers as the generated one does', async () => {
    const paths = files.filter((f) => f.service === 'inspector').map((f, i) => input(`inspector-${i}.json`, f.response));
    const report = await importApiSnapshots('inspector', paths, join(dir, 'lake'));
    expect(report).toMatchObject({ files: 2, items: 5, problems: [] });
    const ask = request({ service: 'inspector', severityAtLeast: 'HIGH' });
    expect(await new SnapshotApiSource(join(dir, 'lake'), 'inspector').fetch(ask)).toEqual(await new SnapshotApiSource(generated.dir, 'inspector').fetch(ask));
  });

  it('merges pages of one operation, each item once', async () => {
    const { Findings } = files.find((f) => f.service === 'guardduty' && f.account === '333333333333')!.response as { Findings: object[] };
    const pages = [input('p1.json', { Findings: Findings.slice(0, 2) }), input('p2.json', { Findings: Findings.slice(1) }), input('p3.json', { Findings: Findings.slice(1) })];
    await importApiSnapshots('guardduty', pages, join(dir, 'lake'));
    expect(await new SnapshotApiSource(join(dir, 'lake'), 'guardduty').fetch(request({ service: 'guardduty' }))).toHaveLength(Findings.length);
  });

  it('takes the account from --account and the OU from the file name when the response names neither', async () => {
    const health = files.find((f) => f.service === 'health' && f.account === '333333333333')!.response;
    const unit = files.find((f) => f.operation === 'ListAccountsForParent' && f.key?.startsWith('ou-'))!;
    const units = files.find((f) => f.operation === 'ListOrganizationalUnitsForParent')!;
    const withoutAccount = await importApiSnapshots('health', [input('events.json', health)], join(dir, 'lake'));
    expect(withoutAccount.problems[0]!.reason).toContain('--account');
    expect((await importApiSnapshots('health', [input('events.json', health)], join(dir, 'lake'), { account: '333333333333' })).problems).toEqual([]);
    const ous = await importApiSnapshots('organizations', [input('ous.json', units.response), input(`accounts-${unit.key}.json`, unit.response)], join(dir, 'lake'));
    expect(ous.problems.map((p) => p.reason)).toEqual([expect.stringContaining('parent\'s id')]);
    expect(ous.written).toEqual([join(dir, 'lake', 'api', 'organizations', '111111111111', `ListAccountsForParent.${unit.key}.json`)]);
  });

  it('reports files that are not the service\'s responses and imports the rest', async () => {
    writeFileSync(join(dir, 'input', 'broken.json'), '{"findings": [');
    const good = files.find((f) => f.service === 'macie')!.response;
    const report = await importApiSnapshots('macie', [input('wrong.json', { Findings: [] }), join(dir, 'input', 'broken.json'), join(dir, 'input', 'missing.json'), input('good.json', good)], join(dir, 'lake'));
    expect(report.problems.map((p) => p.file.split('/').at(-1))).toEqual(['wrong.json', 'broken.json', 'missing.json']);
    expect(report.problems[0]!.reason).toContain('not a GetFindings response of macie');
    expect(report.problems[2]!.reason).toContain('cannot read');
    expect(report.written).toHaveLength(1);
  });
});
