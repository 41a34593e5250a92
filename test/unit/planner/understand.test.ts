import { understandQuestion, type UnderstandingContext } from '../../../agents/planner/understand.js';
import type { Plan, Understanding } from '../../../agents/planner/plan.js';
import { parseOrgConfig } from '../../../pipeline-infra/config/org-config.js';
import type { QuerySpec } from '../../../pipeline-infra/query/query-spec.js';

const config = parseOrgConfig({
  accounts: [
    { id: '111111111111', alias: 'main' },
    { id: '222222222222', alias: 'dev' },
    { id: '333333333333', alias: 'prod' },
  ],
  channels: { general: { accounts: ['main', 'dev'] } },
});
const context: UnderstandingContext = { now: new Date('2024-03-06T15:00:00Z'), timeZone: 'UTC', config };

/** A plan with a lake query: every question here has one (GuardDuty's API plans carry theirs too). */
type PlanWithSpec = Plan & { spec: QuerySpec };

function plan(question: string, extra: Partial<UnderstandingContext> = {}): PlanWithSpec {
  const understanding = understandQuestion(question, { ...context, ...extra });
  if (understanding.kind !== 'plan' || !understanding.plan.spec) throw new Error(`expected a plan with a lake query for "${question}", got ${JSON.stringify(understanding)}`);
  return { ...understanding.plan, spec: understanding.plan.spec };
}
const filterOn = (p: PlanWithSpec, column: string) => p.spec.filters.find((f) => f.column === column);

describe('the offline planner', () => {
  it.each([
    'who stopped or terminated EC2 instances in prod last week?',
    'Which instances were stopped or terminated in prod last week?',
    'prod: who shut down or terminated servers last week',
  ])('maps %p to StopInstances and TerminateInstances in prod', (question) => {
    const p = plan(question);
    expect(p.source).toBe('cloudtrail');
    expect(filterOn(p, 'eventname')).toEqual({ column: 'eventname', op: 'in', value: ['StopInstances', 'TerminateInstances'] });
    expect(p.spec.accounts).toEqual(['333333333333']);
    expect(p.spec.time).toEqual({ from: '2024-02-26T00:00:00.000Z', to: '2024-03-04T00:00:00.000Z' });
    expect(p.shape).toBe('events');
  });

  it.each(['How many API calls failed in dev yesterday?', 'number of failed calls in dev yesterday', 'count the unsuccessful API calls in the dev account yesterday'])('counts failures: %p', (question) => {
    const p = plan(question);
    expect(p.shape).toBe('count');
    expect(filterOn(p, 'errorcode')).toEqual({ column: 'errorcode', op: 'is_not_null' });
    expect(p.spec.accounts).toEqual(['222222222222']);
    expect(p.spec.aggregates).toEqual([{ fn: 'count', as: 'events' }]);
  });

  it.each([
    ['What were the five most frequent API calls today?', 5, 'eventname'],
    ['top 3 error codes this week', 3, 'errorcode'],
    ['Which two IAM users made the most calls today?', 2, 'useridentity.username'],
    ['the 10 busiest source IPs yesterday', 10, 'sourceipaddress'],
  ] as const)('ranks %p', (question, n, column) => {
    const p = plan(question);
    expect(p.shape).toBe('groups');
    expect(p.spec.limit).toBe(n);
    expect(p.spec.group_by).toContain(column);
    expect(p.spec.order_by).toEqual([{ column: 'events', direction: 'desc' }]);
  });

  it('reads "what did <user> do" as that user\'s activity by API call', () => {
    const p = plan('What did alice do in prod on 2024-03-04?');
    expect(p.spec.group_by).toEqual(['eventname']);
    expect(filterOn(p, 'useridentity.arn')).toMatchObject({ op: 'contains', value: '/alice' });
    expect(p.spec.time).toEqual({ from: '2024-03-04T00:00:00.000Z', to: '2024-03-05T00:00:00.000Z' });
  });

  it('finds security groups opened to the world, with the request as evidence', () => {
    const p = plan('which security groups were opened to 0.0.0.0/0 this week?');
    expect(filterOn(p, 'eventname')).toMatchObject({ value: 'AuthorizeSecurityGroupIngress' });
    expect(filterOn(p, 'requestparameters')).toMatchObject({ op: 'contains', value: '0.0.0.0/0' });
    expect(p.spec.select.map((s) => s.column)).toContain('requestparameters');
  });

  it('filters calls from an IP address and groups them by identity', () => {
    const p = plan('Which identities used the IP address 10.248.16.43 today?');
    expect(filterOn(p, 'sourceipaddress')).toEqual({ column: 'sourceipaddress', op: 'eq', value: '10.248.16.43' });
    expect(p.spec.group_by).toContain('useridentity.arn');
  });

  it('reads failed console sign-ins as ConsoleLogin failures', () => {
    const p = plan('Were there any failed console logins in prod today?');
    expect(filterOn(p, 'eventname')).toMatchObject({ value: 'ConsoleLogin' });
    expect(filterOn(p, 'responseelements')).toMatchObject({ op: 'contains', value: 'Failure' });
  });

  it('routes cost, traffic, findings, configuration and log questions to their sources', () => {
    expect(plan('How much did prod spend on EC2 last month?')).toMatchObject({ source: 'cur', spec: { filters: [{ column: 'line_item_product_code', value: 'AmazonEC2' }] } });
    expect(plan('cost by service last month').spec.group_by).toEqual(['line_item_product_code']);
    expect(plan('Show the rejected connections in prod\'s VPC flow logs yesterday').source).toBe('flowlogs');
    expect(plan('top talkers to 10.0.1.15 in the last hour').spec.group_by).toEqual(['srcaddr', 'dstaddr']);
    expect(plan('high severity GuardDuty findings this week')).toMatchObject({ source: 'guardduty', spec: { filters: [{ column: 'detail.severity', op: 'gte', value: 7 }] } });
    expect(plan('changes to security groups in AWS Config yesterday').spec.filters).toContainEqual({ column: 'resourcetype', op: 'eq', value: 'AWS::EC2::SecurityGroup' });
    expect(plan('errors in log group /aws/lambda/checkout-api today').spec.filters).toContainEqual({ column: 'loggroup', op: 'eq', value: '/aws/lambda/checkout-api' });
  });

  it('states a default window when the question names none', () => {
    const p = plan('who deleted S3 buckets in prod?');
    expect(p.scope).toMatchObject({ timeStated: false, timePhrase: 'the last 7 days' });
  });

  it('asks for clarification instead of guessing', () => {
    expect(understandQuestion('', context)).toMatchObject({ kind: 'clarify' });
    expect(understandQuestion('🙂🙂🙂', context)).toMatchObject({ kind: 'clarify' });
    expect(understandQuestion('x'.repeat(10_000), context)).toMatchObject({ kind: 'clarify' });
    expect(understandQuestion('what is going on in the staging account?', context)).toMatchObject({ kind: 'clarify', reason: expect.stringContaining('"staging"') });
    expect(understandQuestion('hmm, interesting stuff', context)).toMatchObject({ kind: 'clarify' });
  });

  it('refuses write requests and questions about accounts a channel may not see', () => {
    expect(understandQuestion('terminate all instances in dev', context)).toMatchObject({ kind: 'refuse', category: 'write' });
    const denied: Understanding = understandQuestion('who deleted buckets in prod today?', { ...context, allowedAccounts: ['111111111111', '222222222222'] });
    expect(denied).toMatchObject({ kind: 'refuse', category: 'unauthorized', reason: expect.stringContaining('prod') });
    expect(plan('who deleted buckets today?', { allowedAccounts: ['111111111111', '222222222222'] }).spec.accounts).toEqual(['111111111111', '222222222222']);
  });

  describe('follow-ups change one part of the previous question', () => {
    const first = plan('Which IAM users were created in prod today?');
    const previous = { plan: first, entities: { user_name: ['eve', 'mallory'] } };

    it('keeps source, accounts and time for "which of them …"', () => {
      const p = plan('and which of them got access keys?', { previous });
      expect(filterOn(p, 'eventname')).toMatchObject({ value: 'CreateAccessKey' });
      expect(filterOn(p, 'requestparameters.userName')).toEqual({ column: 'requestparameters.userName', op: 'in', value: ['eve', 'mallory'] });
      expect(p.spec.accounts).toEqual(['333333333333']);
      expect(p.spec.time).toEqual(first.spec.time);
    });

    it('changes only the time for "and what about yesterday?"', () => {
      const p = plan('and what about yesterday?', { previous });
      expect(filterOn(p, 'eventname')).toMatchObject({ value: 'CreateUser' });
      expect(p.spec.time).toEqual({ from: '2024-03-05T00:00:00.000Z', to: '2024-03-06T00:00:00.000Z' });
      expect(p.spec.accounts).toEqual(['333333333333']);
    });

    it('changes only the account for "only in dev"', () => {
      const p = plan('only in dev', { previous });
      expect(filterOn(p, 'eventname')).toMatchObject({ value: 'CreateUser' });
      expect(p.spec.accounts).toEqual(['222222222222']);
      expect(p.spec.time).toEqual(first.spec.time);
    });

    it('adds the outcome for "just the failed ones"', () => {
      const p = plan('just the failed ones', { previous });
      expect(filterOn(p, 'eventname')).toMatchObject({ value: 'CreateUser' });
      expect(filterOn(p, 'errorcode')).toEqual({ column: 'errorcode', op: 'is_not_null' });
    });
  });
});
