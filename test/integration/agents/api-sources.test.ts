import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgressEvent } from '../../../agents/events.js';
import { investigate, type InvestigationDeps } from '../../../agents/investigate.js';
import { offlineModelProvider } from '../../../agents/models/model-provider.js';
import type { ApiSourceName } from '../../../pipeline-infra/api-sources/api-source.js';
import { snapshotApiSources, type ApiSources } from '../../../pipeline-infra/api-sources/open-api-sources.js';
import { loadOrgConfig } from '../../../pipeline-infra/config/org-config.js';
import { generateLake, type GenerateReport } from '../../../pipeline-infra/lake/generator/generate-lake.js';
import { openQueryRunner, type QueryRunnerHandle } from '../../../pipeline-infra/query/open-query-runner.js';
import { FAKE_APIS } from '../../support/fake-api-handlers.js';
import { fakeAws, fakeSdkSource, type FakeFaults, type FakeHandlers } from '../../support/fake-aws.js';
import { ScriptedModel, scriptedProvider } from '../../support/scripted-model.js';

const NOW = new Date('2024-05-15T12:34:56Z');

describe('questions for the read APIs, answered by their sub-agents over a generated lake', () => {
  let lake: string;
  let report: GenerateReport;
  let queries: QueryRunnerHandle;
  let deps: InvestigationDeps;
  const ask = (question: string, apis?: ApiSources, onProgress?: (e: ProgressEvent) => void) =>
    investigate({ question, sessionId: 'api-test', now: NOW, timeZone: 'UTC' }, { ...deps, ...(apis ? { apis } : {}) }, onProgress).then((o) => o.result);

  beforeAll(async () => {
    lake = mkdtempSync(join(tmpdir(), 'cia-api-agents-'));
    report = await generateLake({ lakeDir: lake, days: 3, now: NOW, cloudtrailEvents: 2_000 });
    queries = await openQueryRunner({ lakeDir: lake });
    deps = { config: loadOrgConfig(report.configFile), runner: queries.runner, apis: snapshotApiSources(lake), models: offlineModelProvider };
  }, 60_000);

  afterAll(async () => {
    await queries.close();
    rmSync(lake, { recursive: true, force: true });
  });

  it('public buckets: the one the logs show being made public, from Access Analyzer', async () => {
    const incident = report.incidents.find((i) => i.kind === 'bucket_made_public')!;
    const events: ProgressEvent[] = [];
    const result = await ask('Are any S3 buckets public?', undefined, (e) => events.push(e));
    expect(result).toMatchObject({ status: 'answered', sources: ['access-analyzer'], queries: [{ source: 'access-analyzer', engine: 'snapshot', request: expect.stringContaining('public only'), row_count: 1 }] });
    expect(result.queries[0]!.sql).toBeUndefined();
    expect(result.rows).toEqual([expect.objectContaining({ resource: `arn:aws:s3:::${incident.identifiers.bucket}`, access: 'public', finding_id: incident.identifiers.access_analyzer_finding_id })]);
    expect(result.answer).toMatch(/^S3 buckets open to the public .* as of 2024-05-15 12:34 UTC: 1 found\./);
    expect(result.ungrounded).toBeUndefined();
    expect(events.map((e) => e.message)).toEqual(['Question understood: S3 buckets open to the public (IAM Access Analyzer)', 'Routed to the access-analyzer specialist', 'Query running on access-analyzer', '1 row found']);
  });

  it.each([
    ['Are there open health events?', 'health', { status: 'open' }, 2],
    ['Which quotas are near their limit?', 'quotas', { quota_code: 'L-B99A9384', percent_used: 93 }, 2],
    ['Which accounts are in the organization?', 'organizations', { account: '333333333333', ou: 'Production' }, 3],
    ['Show recent high severity GuardDuty findings', 'guardduty', { severity_label: 'High' }, 1],
    ['Which buckets hold PII?', 'macie', { type: 'SensitiveData:S3Object/Personal', bucket: 'acme-prod-orders-export' }, 3],
    ['Show critical Inspector vulnerabilities in prod', 'inspector', { severity: 'CRITICAL', vulnerability: 'CVE-2023-38545', account: '333333333333' }, 2],
  ] as const)('%p → the %s sub-agent answers with rows', async (question, source, row, count) => {
    const result = await ask(question);
    expect(result).toMatchObject({ status: 'answered', sources: [source], queries: [{ source, engine: 'snapshot', row_count: count }] });
    expect(result.rows).toContainEqual(expect.objectContaining(row));
    expect(result.answer).toContain(`${count} found.`);
    expect(result.ungrounded).toBeUndefined();
  });

  it('GuardDuty: the sub-agent asks the lake for a range older than the API\'s 90 days', async () => {
    const result = await ask('GuardDuty findings in January 2024');
    expect(result).toMatchObject({ status: 'no_data', sources: ['guardduty'], queries: [{ engine: 'duckdb', sql: expect.stringContaining('guardduty_findings') }] });
  });

  it('refuses a reasoning sub-agent the GuardDuty API for a range it no longer keeps, and the lake answers', async () => {
    const january = { from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z' };
    const subagent = new ScriptedModel([
      { toolUse: { name: 'api_guardduty', input: { service: 'guardduty', ...january } } },
      { toolUse: { name: 'query_guardduty_findings', input: { table: 'guardduty_findings', select: [{ column: 'detail.type' }], time: january, limit: 10 } } },
      { text: 'done' },
    ]);
    const supervisor = new ScriptedModel([{ toolUse: { name: 'guardduty_specialist', input: { task: 'GuardDuty findings in January' } } }, { text: 'No findings in January.' }]);
    const { result } = await investigate({ question: 'GuardDuty findings in January 2024', sessionId: 'api-test', now: NOW, timeZone: 'UTC' }, { ...deps, models: scriptedProvider(supervisor, [subagent]) });
    expect(result.queries).toEqual([expect.objectContaining({ source: 'guardduty', engine: 'duckdb' })]);
    const refusal = subagent.calls[1]!.flatMap((m) => m.content).find((c) => c.type === 'toolResultBlock');
    expect(JSON.stringify(refusal)).toContain('keeps findings for 90 days');
  });

  it('keeps an API request inside the channel\'s accounts', async () => {
    const subagent = new ScriptedModel([{ toolUse: { name: 'api_inspector', input: { service: 'inspector', accounts: ['333333333333'] } } }, { text: 'done' }]);
    const supervisor = new ScriptedModel([{ toolUse: { name: 'inspector_specialist', input: { task: 'vulnerabilities' } } }, { text: 'Nothing I may show.' }]);
    const { result } = await investigate(
      { question: 'Inspector vulnerabilities', sessionId: 'api-test', now: NOW, timeZone: 'UTC', allowedAccounts: ['111111111111', '222222222222'] },
      { ...deps, models: scriptedProvider(supervisor, [subagent]) },
    );
    expect(result).toMatchObject({ status: 'error', rows: [] });
    expect(JSON.stringify(subagent.calls[1])).toContain('may not query account 333333333333');
  });

  describe.each(Object.keys(FAKE_APIS) as ApiSourceName[])('the %s sub-agent through the AWS SDK', (service) => {
    const question: Record<ApiSourceName, string> = {
      guardduty: 'recent GuardDuty findings in prod',
      health: 'health events in prod',
      'access-analyzer': 'which resources have external access in prod?',
      organizations: 'which accounts are in the organization?',
      quotas: 'service quotas in prod',
      macie: 'Macie findings in prod',
      inspector: 'Inspector vulnerabilities in prod',
    };
    const through = (handlers: FakeHandlers, faults: FakeFaults = {}) => ({ ...deps.apis!, [service]: fakeSdkSource(service, fakeAws(handlers, faults).clients) });

    it('answers with the API\'s rows, after backing off when throttled', async () => {
      const result = await ask(question[service], through(FAKE_APIS[service].handlers, { throttle: 2 }));
      expect(result).toMatchObject({ status: 'answered', sources: [service], queries: [{ engine: 'aws-api' }] });
      expect(result.rows.length).toBeGreaterThan(0);
    });

    it('says nothing was found when the API has nothing', async () => {
      const result = await ask(question[service], through(FAKE_APIS[service].emptyHandlers));
      expect(result.status).toBe('no_data');
      expect(result.answer).toMatch(/^No .* found/);
    });

    it('names the missing permission when access is denied', async () => {
      const { command, permission } = FAKE_APIS[service].denied;
      const result = await ask(question[service], through(FAKE_APIS[service].handlers, { deny: command }));
      expect(result.status).toBe('error');
      expect(result.answer).toContain(`lacks the permission ${permission}`);
    });
  });
});
