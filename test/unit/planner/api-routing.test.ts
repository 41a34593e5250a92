import type { ApiPlan, Plan } from '../../../agents/planner/plan.js';
import { understandQuestion, type UnderstandingContext } from '../../../agents/planner/understand.js';
import { parseOrgConfig } from '../../../pipeline-infra/config/org-config.js';

const config = parseOrgConfig({ accounts: [{ id: '111111111111', alias: 'main' }, { id: '222222222222', alias: 'dev' }, { id: '333333333333', alias: 'prod' }] });
const NOW = '2024-03-06T15:00:00.000Z';
const context: UnderstandingContext = { now: new Date(NOW), timeZone: 'UTC', config };

function plan(question: string, extra: Partial<UnderstandingContext> = {}): Plan {
  const understanding = understandQuestion(question, { ...context, ...extra });
  if (understanding.kind !== 'plan') throw new Error(`expected a plan for "${question}", got ${JSON.stringify(understanding)}`);
  return understanding.plan;
}

function apiPlan(question: string, extra: Partial<UnderstandingContext> = {}): ApiPlan {
  const p = plan(question, extra);
  if (p.kind !== 'api') throw new Error(`expected an API plan for "${question}", got the ${p.source} lake`);
  return p;
}

describe('questions for the read APIs', () => {
  it.each([
    ['Are any S3 buckets public?', { service: 'access-analyzer', publicOnly: true, resourceTypes: ['AWS::S3::Bucket'] }],
    ['Which buckets are publicly accessible in prod?', { service: 'access-analyzer', publicOnly: true, accounts: ['333333333333'] }],
    ['Which resources have cross-account access?', { service: 'access-analyzer', publicOnly: false, resourceTypes: [] }],
    ['Are there open health events in prod?', { service: 'health', status: ['open'], accounts: ['333333333333'] }],
    ['Any scheduled maintenance coming up?', { service: 'health', status: ['upcoming'], categories: ['scheduledChange'] }],
    ['Which quotas are near their limit?', { service: 'quotas', minPercentUsed: 80, services: [] }],
    ['Show Lambda quotas above 90% in dev', { service: 'quotas', minPercentUsed: 90, services: ['lambda'], accounts: ['222222222222'] }],
    ['Which accounts are in the organization?', { service: 'organizations' }],
    ['List the accounts in the production OU', { service: 'organizations', ou: 'production' }],
    ['Show recent high severity GuardDuty findings', { service: 'guardduty', severityAtLeast: 7 }],
    ['Which Macie findings are there?', { service: 'macie' }],
    ['Which buckets hold PII?', { service: 'macie', category: 'CLASSIFICATION' }],
    ['Show critical Inspector vulnerabilities in prod', { service: 'inspector', severityAtLeast: 'CRITICAL', status: 'ACTIVE', accounts: ['333333333333'] }],
    ['Which instances have CVE-2023-38545?', { service: 'inspector', vulnerabilityId: 'CVE-2023-38545' }],
  ])('%p goes to the API with its typed request', (question, request) => {
    const p = apiPlan(question);
    expect(p.source).toBe(request.service);
    expect(p.request).toMatchObject(request);
    expect(p.asOf).toBe(NOW);
  });

  it('scopes a state "as of" the question, and a stated time only where it filters rows', () => {
    const buckets = apiPlan('Are any S3 buckets public?');
    expect(buckets.scope).toMatchObject({ from: NOW, to: NOW, timeStated: false });
    expect(buckets.request).not.toHaveProperty('from');
    expect(apiPlan('Which critical vulnerabilities were updated yesterday?').request).toMatchObject({ from: '2024-03-05T00:00:00.000Z', to: '2024-03-06T00:00:00.000Z' });
    expect(apiPlan('Which quotas are near their limit yesterday?').request).not.toHaveProperty('from');
  });

  it('gives GuardDuty\'s plan both the API request and the lake query; counts and groupings stay in the lake', () => {
    const recent = apiPlan('high severity GuardDuty findings this week');
    expect(recent.request).toMatchObject({ service: 'guardduty', severityAtLeast: 7, from: '2024-03-04T00:00:00.000Z' });
    expect(recent.spec).toMatchObject({ table: 'guardduty_findings', filters: [{ column: 'detail.severity', op: 'gte', value: 7 }], time: { from: '2024-03-04T00:00:00.000Z' } });
    const old = apiPlan('GuardDuty findings in January 2023');
    expect(old.request.service === 'guardduty' && old.request.from).toBe('2023-01-01T00:00:00.000Z');
    expect(old.spec?.time.from).toBe('2023-01-01T00:00:00.000Z');
    expect(plan('How many GuardDuty findings by type last week?')).toMatchObject({ kind: 'lake', source: 'guardduty', spec: { group_by: ['detail.type'] } });
  });

  it('keeps a follow-up on the API it followed', () => {
    const first = apiPlan('Are there open health events?');
    const next = apiPlan('only in dev', { previous: { plan: first, entities: {} } });
    expect(next.request).toMatchObject({ service: 'health', status: [], accounts: ['222222222222'] });
  });
});

describe('questions that stay with the lake', () => {
  it.each([
    ['Who shared an RDS snapshot with another account in prod today?', 'cloudtrail'],
    ['Who made the bucket acme-prod-orders-export public yesterday?', 'cloudtrail'],
    ['Which security groups were opened to 0.0.0.0/0 this week?', 'cloudtrail'],
    ['How many CloudTrail events were recorded across all accounts in November 2023?', 'cloudtrail'],
    ['Which EBS snapshot was shared with another AWS account in prod today?', 'cloudtrail'],
    ['How much did prod spend on Amazon EC2 in July 2023?', 'cur'],
    ['Show the rejected connections in prod\'s VPC flow logs on 2023-07-10', 'flowlogs'],
  ])('%p → %s', (question, source) => {
    expect(plan(question)).toMatchObject({ kind: 'lake', source });
  });
});
