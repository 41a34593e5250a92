import { ApiAccessDeniedError, ApiThrottledError, SnapshotMissingError } from '../../../pipeline-infra/api-sources/api-source.js';
import { allPages, backoffMs, callerFor, DEFAULT_RETRY } from '../../../pipeline-infra/api-sources/sdk/aws-call.js';
import { SnapshotApiSource } from '../../../pipeline-infra/api-sources/snapshot-source.js';
import { request } from '../../support/api-snapshots.js';
import { fakeAws } from '../../support/fake-aws.js';

describe('one AWS call', () => {
  const target = { account: '333333333333', region: 'eu-central-1' };
  const noWait = { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000, sleep: async () => {} };

  it('gives up on throttling after its attempts, saying so', async () => {
    const fake = fakeAws({ guardduty: { ListDetectorsCommand: () => ({}) } }, { throttle: 5 });
    const call = callerFor(fake.clients, target, noWait);
    await expect(call('guardduty', new (class ListDetectorsCommand { input = {}; })(), 'guardduty:ListDetectors')).rejects.toBeInstanceOf(ApiThrottledError);
    expect(fake.calls).toHaveLength(3);
  });

  it('passes other errors through untouched', async () => {
    const call = callerFor(fakeAws({}).clients, target, noWait);
    await expect(call('guardduty', new (class ListDetectorsCommand { input = {}; })(), 'guardduty:ListDetectors')).rejects.toThrow('has no ListDetectorsCommand');
  });

  it('backs off exponentially with jitter, within the cap', () => {
    expect(backoffMs(1, DEFAULT_RETRY, () => 1)).toBe(250);
    expect(backoffMs(3, DEFAULT_RETRY, () => 1)).toBe(1000);
    expect(backoffMs(20, DEFAULT_RETRY, () => 1)).toBe(DEFAULT_RETRY.maxDelayMs);
    expect(backoffMs(3, DEFAULT_RETRY, () => 0)).toBe(0);
  });

  it('stops paginating at the bound', async () => {
    let pages = 0;
    const items = await allPages(async () => ({ items: [++pages], next: 'again' }), 3);
    expect(items).toEqual([1, 2, 3]);
  });

  it('says which role and permission a denial is about', () => {
    expect(new ApiAccessDeniedError('macie2:ListFindings', '333333333333', 'eu-central-1').message).toMatch(/account 333333333333 \(eu-central-1\) lacks the permission macie2:ListFindings/);
    expect(ApiAccessDeniedError.assumeRole('arn:aws:iam::333333333333:role/cia-read-only').message).toContain('sts:AssumeRole');
  });
});

describe('a lake without snapshots', () => {
  it('says how to get them', async () => {
    await expect(new SnapshotApiSource('/nonexistent-lake', 'health').fetch(request({ service: 'health' }))).rejects.toBeInstanceOf(SnapshotMissingError);
    await expect(new SnapshotApiSource('/nonexistent-lake', 'guardduty').fetch(request({ service: 'guardduty' }))).rejects.toThrow('cia lake import guardduty-api');
  });
});
