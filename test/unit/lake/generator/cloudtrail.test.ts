import { normalCloudTrail } from '../../../../pipeline-infra/lake/generator/cloudtrail.js';
import type { CloudTrailRecord } from '../../../../pipeline-infra/lake/generator/cloudtrail-record.js';
import { findInstance } from '../../../../pipeline-infra/lake/generator/inventory.js';
import { Random } from '../../../../pipeline-infra/lake/generator/random.js';
import { DAY, HOUR, isWeekend } from '../../../../pipeline-infra/lake/generator/rhythm.js';

const NOW = Date.parse('2024-05-15T12:34:56Z');
const WINDOW = { from: NOW - 14 * DAY, to: NOW };
const REGIONS = ['eu-central-1', 'eu-west-1', 'us-east-1'];
const generate = (seed: number, events = 40_000, retired?: Map<string, number>) => [...normalCloudTrail({ random: Random.fromSeed(seed), window: WINDOW, events, retiredInstances: retired })];

describe('normal CloudTrail activity', () => {
  let records: CloudTrailRecord[];
  beforeAll(() => {
    records = generate(1);
  });

  it('is the same for the same seed and different for another', () => {
    const again = generate(1, 2_000);
    expect(JSON.stringify(again.slice(0, 200))).toBe(JSON.stringify(generate(1, 2_000).slice(0, 200)));
    expect(JSON.stringify(generate(2, 2_000).slice(0, 50))).not.toBe(JSON.stringify(again.slice(0, 50)));
  });

  it('makes about the number of events asked for, in time order, inside the window', () => {
    expect(records.length).toBeGreaterThan(38_000);
    expect(records.length).toBeLessThan(42_000);
    const times = records.map((r) => Date.parse(r.eventTime));
    expect(times.every((t, i) => t >= WINDOW.from - 1000 && t < WINDOW.to && (i === 0 || t >= times[i - 1]!))).toBe(true);
  });

  it('writes every record with the fields CloudTrail writes', () => {
    // One check per record, collected (a jest expect per field would take most of a minute).
    const problems = (r: CloudTrailRecord): string[] =>
      [
        r.eventVersion === '1.09' || 'eventVersion',
        ['IAMUser', 'AssumedRole', 'AWSService'].includes(r.userIdentity.type) || 'userIdentity.type',
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(r.eventTime) || 'eventTime',
        /^[a-z0-9-]+\.amazonaws\.com$/.test(r.eventSource) || 'eventSource',
        /^[A-Z][A-Za-z0-9]+$/.test(r.eventName) || 'eventName',
        REGIONS.includes(r.awsRegion) || 'awsRegion',
        Boolean(r.sourceIPAddress) || 'sourceIPAddress',
        Boolean(r.userAgent) || 'userAgent',
        r.requestParameters === null || typeof r.requestParameters === 'object' || 'requestParameters',
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(r.eventID) || 'eventID',
        typeof r.readOnly === 'boolean' || 'readOnly',
        r.managementEvent === true || 'managementEvent',
        r.eventCategory === 'Management' || 'eventCategory',
        /^(111111111111|222222222222|333333333333)$/.test(r.recipientAccountId) || 'recipientAccountId',
        r.eventType !== 'AwsApiCall' || Boolean(r.requestID) || 'requestID',
        !r.errorCode || Boolean(r.errorMessage) || 'errorMessage',
        r.userIdentity.type === 'AWSService' || r.userIdentity.accountId === r.recipientAccountId || 'userIdentity.accountId',
      ].filter((check): check is string => check !== true);
    const broken = records.map((r) => ({ eventName: r.eventName, problems: problems(r) })).filter((r) => r.problems.length);
    expect(broken.slice(0, 5)).toEqual([]);
    expect(new Set(records.map((r) => r.eventID)).size).toBe(records.length);
  });

  it('is quiet at night and at weekends', () => {
    const perHour = (keep: (t: number) => boolean) => {
      const hours = new Set<number>();
      let count = 0;
      for (const r of records) {
        const t = Date.parse(r.eventTime);
        if (!keep(t)) continue;
        count += 1;
        hours.add(Math.floor(t / HOUR));
      }
      return count / hours.size;
    };
    const hourOf = (t: number) => new Date(t).getUTCHours();
    const weekdayDaytime = perHour((t) => !isWeekend(t) && hourOf(t) >= 8 && hourOf(t) < 16);
    const weekdayNight = perHour((t) => !isWeekend(t) && hourOf(t) >= 0 && hourOf(t) < 5);
    const weekendDaytime = perHour((t) => isWeekend(t) && hourOf(t) >= 8 && hourOf(t) < 16);
    expect(weekdayNight).toBeLessThan(weekdayDaytime * 0.5);
    expect(weekendDaytime).toBeLessThan(weekdayDaytime * 0.6);
  });

  it('is mostly reads, with some writes and failures: AccessDenied, throttling, the calls\' own errors', () => {
    const readOnly = records.filter((r) => r.readOnly).length / records.length;
    expect(readOnly).toBeGreaterThan(0.7);
    expect(readOnly).toBeLessThan(0.97);
    const described = records.filter((r) => /^(Describe|List|Get)/.test(r.eventName)).length / records.length;
    expect(described).toBeGreaterThan(0.6);
    const codes = new Set(records.map((r) => r.errorCode).filter(Boolean));
    for (const code of ['AccessDenied', 'Client.UnauthorizedOperation', 'AccessDeniedException', 'Client.RequestLimitExceeded', 'NoSuchBucketPolicy']) expect(codes.has(code)).toBe(true);
    const failed = records.filter((r) => r.errorCode).length / records.length;
    expect(failed).toBeGreaterThan(0.005);
    expect(failed).toBeLessThan(0.1);
  });

  it('logs global services in us-east-1 only', () => {
    const global = records.filter((r) => ['iam.amazonaws.com', 'organizations.amazonaws.com', 'ce.amazonaws.com'].includes(r.eventSource));
    expect(global.length).toBeGreaterThan(100);
    expect(new Set(global.map((r) => r.awsRegion))).toEqual(new Set(['us-east-1']));
  });

  it('has realistic callers: named IAM users, SSO sessions, CI roles, service-linked roles, AWS services', () => {
    const users = new Set(records.filter((r) => r.userIdentity.type === 'IAMUser').map((r) => r.userIdentity.userName));
    expect([...users].sort()).toEqual(['backup-operator', 'hans.mueller', 'priya.sharma', 'svc-reporting', 'terraform-ci']);
    const sso = records.filter((r) => r.userIdentity.arn?.includes('assumed-role/AWSReservedSSO_'));
    expect(sso.some((r) => r.userIdentity.arn!.match(/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/alice@example\.com$/))).toBe(true);
    expect(sso[0]!.userIdentity.sessionContext!.sessionIssuer).toMatchObject({ type: 'Role', userName: expect.stringMatching(/^AWSReservedSSO_/) });
    expect(records.some((r) => r.userIdentity.arn?.endsWith('assumed-role/github-actions-deploy/GitHubActions'))).toBe(true);
    const config = records.find((r) => r.userIdentity.invokedBy === 'config.amazonaws.com' && r.userIdentity.type === 'AssumedRole')!;
    expect(config.sourceIPAddress).toBe('config.amazonaws.com');
    const service = records.find((r) => r.userIdentity.type === 'AWSService')!;
    expect(service.userIdentity.invokedBy).toMatch(/\.amazonaws\.com$/);
    expect(service.sourceIPAddress).toBe(service.userIdentity.invokedBy);
    expect(records.some((r) => r.sourceIPAddress === 'AWS Internal')).toBe(true);
  });

  it('has console sign-ins with and without MFA and no failed ones (those are planted)', () => {
    const logins = records.filter((r) => r.eventName === 'ConsoleLogin');
    expect(logins.length).toBeGreaterThan(20);
    for (const login of logins) {
      expect(login.eventType).toBe('AwsConsoleSignIn');
      expect(['us-east-1', 'eu-central-1']).toContain(login.awsRegion);
      expect(login.responseElements).toEqual({ ConsoleLogin: 'Success' });
    }
    const mfa = new Set(logins.map((l) => (l.additionalEventData as { MFAUsed: string }).MFAUsed));
    expect(mfa).toEqual(new Set(['Yes', 'No']));
  });

  it('stops an instance\'s agent once the instance is retired', () => {
    const { instance } = findInstance('prod-payments-worker-1');
    const retiredAt = NOW - 3 * DAY;
    const events = generate(1, 40_000, new Map([[instance.id, retiredAt]]));
    const byInstance = events.filter((r) => r.userIdentity.arn?.endsWith(`/${instance.id}`));
    expect(byInstance.length).toBeGreaterThan(10);
    expect(byInstance.every((r) => Date.parse(r.eventTime) < retiredAt)).toBe(true);
  });
});
