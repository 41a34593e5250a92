import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toGuardDutyEvent, wrapFinding } from '../../../../pipeline-infra/lake/importers/guardduty.js';
import { importFiles } from '../../../../pipeline-infra/lake/importers/index.js';
import { LakeWriter } from '../../../../pipeline-infra/lake/lake-writer.js';
import { filesUnder, readLakeJson, REAL_DATA, withTempDir } from '../../../support/lake-files.js';

const ELASTIC = join(REAL_DATA, 'guardduty/elastic_integrations_aws_guardduty_fixtures');
const RAW_FILES = [join(ELASTIC, 'test-guardduty.log'), join(ELASTIC, 'test-guard_duty.first4.log'), join(REAL_DATA, 'guardduty/panther_analysis_test_events/guardduty_test_events.ndjson')];
const EVENTBRIDGE_FILE = join(REAL_DATA, 'guardduty/derived_eventbridge/guardduty_findings_eventbridge.ndjson');

const finding = (overrides: Record<string, unknown> = {}) => ({
  schemaVersion: '2.0', accountId: '973743533182', region: 'us-east-2', id: 'f-1', type: 'Recon:EC2/PortProbeUnprotectedPort',
  severity: 2, createdAt: '2022-01-12T19:22:44.454Z', updatedAt: '2022-01-28T21:12:25.478Z', ...overrides,
});

/** Imports into a fresh lake and returns the report and every stored event. */
async function importAndRead(paths: string[]) {
  return withTempDir('cia-gd-', async (lake) => {
    const writer = new LakeWriter(lake);
    const report = await importFiles('guardduty_findings', paths, writer).finally(() => writer.close());
    const events = [];
    for (const file of await filesUnder(lake)) events.push(...(await readLakeJson(join(lake, file))).map((event) => ({ file, event })));
    return { report, events };
  });
}

describe('toGuardDutyEvent', () => {
  it('wraps a raw finding as EventBridge does', () => {
    expect(toGuardDutyEvent(finding()).rows).toEqual([{
      version: '0',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      'detail-type': 'GuardDuty Finding',
      source: 'aws.guardduty',
      account: '973743533182',
      time: '2022-01-28T21:12:25Z',
      region: 'us-east-2',
      resources: [],
      detail: finding(),
    }]);
    expect(wrapFinding(finding()).id).toBe(wrapFinding(finding()).id);
    expect(wrapFinding(finding()).id).not.toBe(wrapFinding(finding({ severity: 8 })).id);
  });

  it('rewrites zone-less finding times as ISO-8601 UTC, in the finding and the event', () => {
    const [event] = toGuardDutyEvent(finding({ createdAt: '2025-02-25 20:40:06.721', updatedAt: '2025-02-25 20:40:06.765' })).rows as { time: string; detail: object }[];
    expect(event!.time).toBe('2025-02-25T20:40:06Z');
    expect(event!.detail).toMatchObject({ createdAt: '2025-02-25T20:40:06.721Z', updatedAt: '2025-02-25T20:40:06.765Z' });
    const [fromEvent] = toGuardDutyEvent({ 'detail-type': 'GuardDuty Finding', source: 'aws.guardduty', time: '2025-02-25 20:40:06Z', detail: finding({ updatedAt: undefined }) }).rows as { time: string }[];
    expect(fromEvent!.time).toBe('2025-02-25T20:40:06Z');
  });

  it('skips a finding with no readable time and marks what is not a finding at all', () => {
    expect(toGuardDutyEvent(finding({ createdAt: 'soon', updatedAt: 'soon' })).skipped[0]).toMatch(/^no readable time/);
    expect(toGuardDutyEvent({ sha1: 'x', expected_result: true })).toMatchObject({ foreign: true });
  });
});

describe('importing the real GuardDuty samples', () => {
  it('reads the 17 raw findings (one per line; the empty {"findings":[]} line gives none) and wraps each', async () => {
    const { report, events } = await importAndRead(RAW_FILES);
    expect(report).toMatchObject({ files: 3, rowsImported: 17, rowsSkipped: 0, filesFailed: 0, problems: [] });
    expect(events).toHaveLength(17);
    expect(events.every(({ event }) => event['detail-type'] === 'GuardDuty Finding' && /Z$/.test(event.time as string))).toBe(true);
    expect(events.some(({ file }) => file.startsWith('guardduty/account_id=123456789/year=2024/month=10/day=04/'))).toBe(true);
  });

  it('stores the 17 EventBridge-wrapped findings exactly as their raw versions, bar the event ids', async () => {
    const raw = await importAndRead(RAW_FILES);
    const wrapped = await importAndRead([EVENTBRIDGE_FILE]);
    expect(wrapped.report).toMatchObject({ files: 1, rowsImported: 17, rowsSkipped: 0, filesFailed: 0 });
    const comparable = (events: typeof raw.events) =>
      events.map(({ file, event }) => JSON.stringify([file.slice(0, file.lastIndexOf('/')), { ...event, id: undefined }])).sort();
    expect(comparable(wrapped.events)).toEqual(comparable(raw.events));
  });

  it('reads findings as JSON arrays and {"findings":[…]} documents', async () => {
    await withTempDir('cia-gd-input-', async (input) => {
      const findings = (await readFile(RAW_FILES[1]!, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as object);
      await writeFile(join(input, 'array.json'), JSON.stringify(findings.slice(0, 2), null, 2));
      await writeFile(join(input, 'get-findings.json'), JSON.stringify({ findings: findings.slice(2) }));
      await writeFile(join(input, 'no-findings.json'), JSON.stringify({ findings: [] }));
      const { report, events } = await importAndRead([join(input, 'array.json'), join(input, 'get-findings.json'), join(input, 'no-findings.json')]);
      expect(report).toMatchObject({ files: 3, rowsImported: 4, rowsSkipped: 0, filesFailed: 0 });
      expect(events.map(({ event }) => (event.detail as { id: string }).id).sort()).toEqual(findings.map((f) => (f as { id: string }).id).sort());
    });
  });
});
