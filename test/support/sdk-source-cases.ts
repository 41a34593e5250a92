import { ApiAccessDeniedError, type ApiRow, type ApiSourceName } from '../../pipeline-infra/api-sources/api-source.js';
import type { ApiRequestInput } from '../../pipeline-infra/api-sources/services/index.js';
import { request } from './api-snapshots.js';
import { FAKE_APIS } from './fake-api-handlers.js';
import { fakeAws, fakeSdkSource, type FakeCall, type FakeHandlers } from './fake-aws.js';

export interface SdkCases {
  service: ApiSourceName;
  request: ApiRequestInput;
  /** What the rows and the calls must show. */
  check(rows: ApiRow[], calls: FakeCall[]): void;
}

/** The four behaviours every SDK source has: paginated success, empty, throttled then success, a denial naming the permission. */
export function sdkSourceCases(cases: SdkCases): void {
  const fake = FAKE_APIS[cases.service];
  const fetch = (handlers: FakeHandlers, faults = {}) => {
    const aws = fakeAws(handlers, faults);
    return { rows: fakeSdkSource(cases.service, aws.clients).fetch(request(cases.request)), calls: aws.calls };
  };

  it('reads every page and answers with the API\'s rows', async () => {
    const { rows, calls } = fetch(fake.handlers);
    const result = await rows;
    expect(calls.filter((c) => c.command === fake.paged)).toHaveLength(2);
    cases.check(result, calls);
  });

  it('answers an empty result with no rows', async () => {
    await expect(fetch(fake.emptyHandlers).rows).resolves.toEqual([]);
  });

  it('backs off and retries when throttled, then answers as before', async () => {
    const calm = await fetch(fake.handlers).rows;
    const { rows, calls } = fetch(fake.handlers, { throttle: 2 });
    await expect(rows).resolves.toEqual(calm);
    expect(calls.length).toBeGreaterThan(2);
  });

  it('names the missing permission when access is denied', async () => {
    const { rows } = fetch(fake.handlers, { deny: fake.denied.command });
    await expect(rows).rejects.toBeInstanceOf(ApiAccessDeniedError);
    await expect(fetch(fake.handlers, { deny: fake.denied.command }).rows).rejects.toThrow(fake.denied.permission);
  });
}
