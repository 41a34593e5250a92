import { composeAnswer } from '../../../agents/answer/compose-answer.js';
import { understandQuestion } from '../../../agents/planner/understand.js';
import type { Plan } from '../../../agents/planner/plan.js';
import { parseOrgConfig } from '../../../pipeline-infra/config/org-config.js';

const config = parseOrgConfig({ accounts: [{ id: '333333333333', alias: 'prod' }] });
function plan(question: string): Plan {
  const u = understandQuestion(question, { now: new Date('2024-03-06T15:00:00Z'), timeZone: 'Europe/Berlin', config });
  if (u.kind !== 'plan') throw new Error(u.kind);
  return u.plan;
}

describe('the template summary (the one summarizer)', () => {
  it('states a count with its scope in the asker\'s time zone', () => {
    const answer = composeAnswer(plan('how many GetSecretValue calls in prod today?'), [{ events: 60 }]);
    expect(answer).toEqual({ status: 'answered', answer: expect.stringContaining('**60** GetSecretValue calls in prod (333333333333), today (2024-03-06 00:00 GMT+1 → 2024-03-07 00:00 GMT+1)') });
  });

  it('reports no data for a zero count and for no rows, saying where it looked', () => {
    expect(composeAnswer(plan('how many failed console logins in prod today?'), [{ events: 0 }])).toMatchObject({ status: 'no_data', answer: expect.stringContaining('count: 0') });
    expect(composeAnswer(plan('who deleted buckets in prod today?'), [])).toEqual({ status: 'no_data', answer: expect.stringMatching(/^No deleted S3 buckets found in prod/) });
  });

  it('lists an API\'s rows as they came, scoped as of the question for a state', () => {
    const rows = [{ quota: 'Concurrent executions', used: 93, limit: 100, percent_used: 93, account: '333333333333' }];
    expect(composeAnswer(plan('which quotas in prod are near their limit?'), rows)).toEqual({
      status: 'answered',
      answer: 'Service quotas at least 80% used in prod (333333333333), as of 2024-03-06 16:00 GMT+1: 1 found.\n• quota: Concurrent executions — used: 93 — limit: 100 — percent_used: 93 — account: 333333333333',
    });
    expect(composeAnswer(plan('are any buckets in prod public?'), [])).toEqual({ status: 'no_data', answer: 'No S3 buckets open to the public (IAM Access Analyzer) found in prod (333333333333), as of 2024-03-06 16:00 GMT+1.' });
  });

  it('lists groups in order with their counts', () => {
    const answer = composeAnswer(plan('top 2 API calls in prod today'), [{ eventname: 'Decrypt', events: 178 }, { eventname: 'GetUser', events: 130 }]).answer;
    expect(answer).toContain('1. Decrypt — 178 events\n2. GetUser — 130 events');
  });

  it('describes each event: when, who, what, the resource, how it ended, and whom it was shared with', () => {
    const rows = [{ eventtime: '2024-03-06T10:00:00Z', caller_arn: 'arn:aws:iam::333333333333:user/eve', caller_name: 'eve', eventname: 'ModifySnapshotAttribute', snapshot_id: 'snap-0123456789abcdef0', errorcode: null, recipientaccountid: '333333333333', requestparameters: '{"snapshotId":"snap-0123456789abcdef0","createVolumePermission":{"add":{"items":[{"userId":"012345678912"}]}}}' }];
    const answer = composeAnswer(plan('which EBS snapshots were shared in prod today?'), rows).answer;
    expect(answer).toContain('2024-03-06T10:00:00Z — eve — ModifySnapshotAttribute — snapshot_id: snap-0123456789abcdef0 — request names account 012345678912 — account 333333333333 — succeeded');
  });

  it('says when a cost report has nothing, without inventing a figure', () => {
    const answer = composeAnswer(plan('How much did prod spend on EC2 last month?'), [{ cost: null, currency: null }]);
    expect(answer.status).toBe('no_data');
    expect(answer.answer).not.toMatch(/\$|\d+\.\d\d/);
  });
});
