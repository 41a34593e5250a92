import { normalCloudWatchLogs, type LogEnvelope } from '../../../../pipeline-infra/lake/generator/cloudwatch.js';
import { curLineItems } from '../../../../pipeline-infra/lake/generator/cur.js';
import { normalFlowLogs } from '../../../../pipeline-infra/lake/generator/flowlogs.js';
import { incidentEffects, incidentRows, planIncidents, type IncidentRecord } from '../../../../pipeline-infra/lake/generator/incidents/index.js';
import { findInstance, findSecurityGroup } from '../../../../pipeline-infra/lake/generator/inventory.js';
import { Random } from '../../../../pipeline-infra/lake/generator/random.js';
import { DAY, HOUR } from '../../../../pipeline-infra/lake/generator/rhythm.js';

const NOW = Date.parse('2024-05-15T12:34:56Z');
const YESTERDAY = Date.parse('2024-05-14T00:00:00Z');
const TWO_DAYS_AGO = Date.parse('2024-05-13T00:00:00Z');
const plan = planIncidents(NOW, Random.fromSeed(1).fork('incidents'));
const { rows, records } = incidentRows(plan, Random.fromSeed(1).fork('incident-rows'));
const effects = incidentEffects(plan);
const recordOf = (kind: IncidentRecord['kind']) => records.find((r) => r.kind === kind)!;
const within = (iso: string) => Date.parse(iso) >= TWO_DAYS_AGO && Date.parse(iso) < YESTERDAY + DAY;

describe('scripted incidents', () => {
  it('are the same for the same seed, with other times for another seed', () => {
    const again = incidentRows(planIncidents(NOW, Random.fromSeed(1).fork('incidents')), Random.fromSeed(1).fork('incident-rows'));
    expect(again.records).toEqual(records);
    expect(JSON.stringify(again.rows)).toBe(JSON.stringify(rows));
    const other = incidentRows(planIncidents(NOW, Random.fromSeed(2).fork('incidents')), Random.fromSeed(2).fork('incident-rows'));
    expect(other.records.map((r) => r.start)).not.toEqual(records.map((r) => r.start));
    expect(other.records.map((r) => r.identifiers.instance_id)).toEqual(records.map((r) => r.identifiers.instance_id));
  });

  it('all happen on the two full days before now, each with its account, region and window', () => {
    expect(records.map((r) => r.kind).sort()).toEqual(['bucket_made_public', 'cost_spike', 'failed_console_login', 'failed_console_login', 'instance_terminated', 'lambda_error_storm', 'port_scan', 'security_group_opened', 'stolen_access_key']);
    for (const record of records) {
      expect(within(record.start) && within(record.end)).toBe(true);
      expect(Date.parse(record.start)).toBeLessThanOrEqual(Date.parse(record.end));
      expect(record.account_id).toMatch(/^\d{12}$/);
      expect(record.tables.length).toBeGreaterThan(0);
    }
  });

  it('a stolen access key: recon from a foreign IP, many denied calls, then a backdoor admin user', () => {
    const incident = recordOf('stolen_access_key');
    const { source_ip: ip, access_key_id: key, user_name: user, created_user: created } = incident.identifiers as Record<string, string>;
    expect(user).toBe('svc-reporting');
    expect(incident.account_alias).toBe('prod');
    const calls = rows.cloudtrail.filter((r) => r.sourceIPAddress === ip && r.eventName !== 'ConsoleLogin');
    const withStolenKey = calls.filter((r) => r.userIdentity.accessKeyId === key);
    expect(withStolenKey.map((r) => r.eventName).slice(0, 2)).toEqual(['GetCallerIdentity', 'ListBuckets']);
    expect(withStolenKey.filter((r) => r.errorCode).length).toBeGreaterThanOrEqual(15);
    const iam = withStolenKey.filter((r) => r.eventSource === 'iam.amazonaws.com');
    expect(iam.map((r) => r.eventName)).toEqual(expect.arrayContaining(['CreateUser', 'CreateAccessKey', 'AttachUserPolicy']));
    expect(new Set(iam.map((r) => r.awsRegion))).toEqual(new Set(['us-east-1']));
    expect(iam.find((r) => r.eventName === 'AttachUserPolicy')!.requestParameters).toEqual({ userName: created, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    expect(iam.find((r) => r.eventName === 'CreateAccessKey')!.responseElements).toMatchObject({ accessKey: { accessKeyId: incident.identifiers.created_access_key_id, userName: created } });
    expect(calls.some((r) => r.userIdentity.userName === created && !r.errorCode)).toBe(true);
    expect(Date.parse(withStolenKey[0]!.eventTime) % DAY).toBeLessThan(4 * HOUR);
    const findings = rows.guardduty.filter((f) => JSON.stringify(f.detail.resource).includes(key));
    expect(findings.map((f) => f.detail.type).sort()).toEqual(['Discovery:IAMUser/AnomalousBehavior', 'Persistence:IAMUser/AnomalousBehavior']);
    expect(rows.config.some((c) => c.resourceType === 'AWS::IAM::User' && c.resourceName === created)).toBe(true);
  });

  it('an instance stopped and then terminated in prod by an unexpected role', () => {
    const incident = recordOf('instance_terminated');
    const instanceId = incident.identifiers.instance_id as string;
    expect(instanceId).toBe(findInstance('prod-payments-worker-1').instance.id);
    const changes = rows.cloudtrail.filter((r) => ['StopInstances', 'TerminateInstances'].includes(r.eventName));
    expect(changes.map((r) => r.eventName)).toEqual(['StopInstances', 'TerminateInstances']);
    for (const change of changes) {
      expect(change.recipientAccountId).toBe('333333333333');
      expect(change.userIdentity.arn).toBe(incident.identifiers.principal_arn);
      expect(change.userIdentity.arn).toMatch(/assumed-role\/AWSReservedSSO_DeveloperAccess_[0-9a-f]{16}\/frank@example\.com$/);
      expect(JSON.stringify(change.requestParameters)).toContain(instanceId);
    }
    expect(Date.parse(changes[0]!.eventTime)).toBeLessThan(Date.parse(changes[1]!.eventTime));
    const items = rows.config.filter((c) => c.resourceId === instanceId);
    expect(items.map((c) => c.configurationItemStatus)).toEqual(['OK', 'ResourceDeleted']);
    expect(items[1]!.relatedEvents).toEqual([changes[1]!.eventID]);
    expect(effects.retiredInstances.get(instanceId)).toBe(Date.parse(changes[0]!.eventTime));
  });

  it('a security group opened to the world on port 22, and the matching Config item', () => {
    const incident = recordOf('security_group_opened');
    const { group } = findSecurityGroup('prod-bastion-sg');
    expect(incident.identifiers).toMatchObject({ group_id: group.id, cidr: '0.0.0.0/0', port: 22 });
    const call = rows.cloudtrail.find((r) => r.eventName === 'AuthorizeSecurityGroupIngress')!;
    expect(call.recipientAccountId).toBe('333333333333');
    expect(call.requestParameters).toMatchObject({ groupId: group.id, ipPermissions: { items: [{ fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] } });
    const item = rows.config.find((c) => c.resourceType === 'AWS::EC2::SecurityGroup' && c.resourceId === group.id)!;
    expect(Date.parse(item.configurationItemCaptureTime)).toBeGreaterThan(Date.parse(call.eventTime));
    expect(item.relatedEvents).toEqual([call.eventID]);
    const ssh = (item.configuration as { ipPermissions: { fromPort: number; ipRanges: string[] }[] }).ipPermissions.find((p) => p.fromPort === 22)!;
    expect(ssh.ipRanges).toEqual(['198.51.100.0/24', '0.0.0.0/0']);
  });

  it('a bucket made public: Block Public Access turned off, then a policy letting anyone read it', () => {
    const incident = recordOf('bucket_made_public');
    const { bucket } = incident.identifiers as Record<string, string>;
    expect(bucket).toBe('acme-prod-orders-export');
    expect(incident.account_alias).toBe('prod');
    const calls = rows.cloudtrail.filter((r) => (r.requestParameters as { bucketName?: string } | null)?.bucketName === bucket);
    expect(calls.map((r) => r.eventName)).toEqual(['PutBucketPublicAccessBlock', 'PutBucketPolicy']);
    expect(calls.every((r) => !r.errorCode && r.userIdentity.arn?.endsWith(`/${incident.identifiers.session_name}`))).toBe(true);
    expect(calls[0]!.requestParameters).toMatchObject({ PublicAccessBlockConfiguration: { BlockPublicPolicy: false, RestrictPublicBuckets: false } });
    expect(calls[1]!.requestParameters).toMatchObject({ bucketPolicy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }] } });
    expect(calls[1]!.eventTime).toBe(incident.end);
  });

  it('a Lambda error storm: ERROR lines with stack traces and timeouts for half an hour', () => {
    const incident = recordOf('lambda_error_storm');
    const [from, to] = [Date.parse(incident.start), Date.parse(incident.end)];
    expect(to - from).toBe(30 * 60_000);
    const window = { from: from - 2 * HOUR, to: to + 2 * HOUR };
    const envelopes: LogEnvelope[] = [...normalCloudWatchLogs({ random: Random.fromSeed(1), window, storms: effects.storms })].flat();
    const checkout = envelopes.filter((e) => e.owner === '333333333333' && e.logGroup === incident.identifiers.log_group).flatMap((e) => e.logEvents);
    const during = checkout.filter((e) => e.timestamp >= from && e.timestamp < to);
    const outside = checkout.filter((e) => e.timestamp < from || e.timestamp >= to + 10_000);
    const errors = (events: typeof checkout) => events.filter((e) => /\tERROR\t|Task timed out/.test(e.message)).length;
    expect(errors(during)).toBeGreaterThan(20);
    expect(errors(during) / during.length).toBeGreaterThan(20 * (errors(outside) / outside.length + 0.001));
    expect(during.some((e) => e.message.includes('Invoke Error') && e.message.includes('"stack":["Error: connect ETIMEDOUT'))).toBe(true);
    expect(during.some((e) => /Task timed out after 6\.\d\d seconds/.test(e.message))).toBe(true);
    expect(during.some((e) => e.message.startsWith('REPORT') && e.message.includes('Status: timeout'))).toBe(true);
    expect(outside.some((e) => e.message.includes('\tINFO\t'))).toBe(true);
    const database = envelopes.filter((e) => e.logGroup === incident.identifiers.database_log_group).flatMap((e) => e.logEvents);
    expect(database.some((e) => e.timestamp >= from && e.timestamp < to && e.message.includes('FATAL:  remaining connection slots'))).toBe(true);
  });

  it('a cost spike: NAT gateway data processing in prod on two days, with the traffic behind it', () => {
    const incident = recordOf('cost_spike');
    const rowsOfCur = curLineItems({ random: Random.fromSeed(1), window: { from: NOW - 7 * DAY, to: NOW }, spikes: effects.spikes });
    const nat = rowsOfCur.filter((r) => r.line_item_usage_type === incident.identifiers.usage_type && r.line_item_usage_account_id === '333333333333');
    const spiked = nat.filter((r) => (incident.identifiers.days as string[]).includes(r.line_item_usage_start_date.slice(0, 10)));
    const usual = nat.filter((r) => !spiked.includes(r));
    expect(spiked).toHaveLength(2);
    expect(usual.length).toBeGreaterThan(3);
    const average = usual.reduce((sum, r) => sum + r.line_item_unblended_cost, 0) / usual.length;
    for (const row of spiked) expect(row.line_item_unblended_cost).toBeGreaterThan(20 * average);
    expect(spiked[0]!.line_item_product_code).toBe('AmazonEC2');
    const uploads = rows.flowlogs.filter((r) => r.instance_id === incident.identifiers.source_instance_id && r.dstaddr === incident.identifiers.destination_ip);
    expect(uploads.reduce((sum, r) => sum + r.bytes!, 0)).toBeGreaterThan(5e12);
  });

  it('a port scan: one external address probing a thousand ports, mostly rejected, and its GuardDuty finding', () => {
    const incident = recordOf('port_scan');
    const { instance } = findInstance('prod-bastion-1');
    const probes = rows.flowlogs.filter((r) => r.srcaddr === incident.identifiers.source_ip);
    expect(new Set(probes.map((r) => r.dstport)).size).toBeGreaterThan(1000);
    expect(probes.every((r) => r.dstaddr === instance.privateIp && r.interface_id === instance.eniId && r.account_id === '333333333333')).toBe(true);
    expect(probes.filter((r) => r.action === 'REJECT').length / probes.length).toBeGreaterThan(0.95);
    expect(probes.filter((r) => r.action === 'ACCEPT').map((r) => r.dstport)).toEqual([22]);
    const findings = rows.guardduty.filter((f) => f.detail.type === 'Recon:EC2/PortProbeUnprotectedPort');
    expect(findings).toHaveLength(2);
    expect(new Set(findings.map((f) => f.detail.id)).size).toBe(1);
    expect(JSON.stringify(findings[0]!.detail)).toContain(instance.id);
    expect(JSON.stringify(findings[0]!.detail.service)).toContain(incident.identifiers.source_ip as string);
  });

  it('failed console sign-ins: a mistyped password, and a made-up user from the thief\'s address', () => {
    const failures = rows.cloudtrail.filter((r) => r.eventName === 'ConsoleLogin' && r.errorMessage);
    expect(failures.map((r) => [r.userIdentity.userName, r.errorMessage])).toEqual([
      ['priya.sharma', 'Failed authentication'],
      ['HIDDEN_DUE_TO_SECURITY_REASONS', 'No username found in supplied account'],
    ]);
    for (const failure of failures) expect(failure.responseElements).toEqual({ ConsoleLogin: 'Failure' });
    expect(records.filter((r) => r.kind === 'failed_console_login').map((r) => r.identifiers.user_name)).toEqual(['priya.sharma', 'HIDDEN_DUE_TO_SECURITY_REASONS']);
  });

  it('change the normal traffic around them: the opened port answers scanners afterwards', () => {
    const { instance } = findInstance('prod-bastion-1');
    const opened = effects.openedToWorld.get(instance.securityGroup.id)!;
    const window = { from: opened.at - 2 * DAY, to: opened.at + 2 * DAY };
    const flows = [...normalFlowLogs({ random: Random.fromSeed(3), window, openedToWorld: effects.openedToWorld, flowsAtPeak: 400 })].flat();
    const fromInternet = flows.filter((r) => r.interface_id === instance.eniId && r.dstport === 22 && r.flow_direction === 'ingress' && !r.srcaddr!.startsWith('198.51.100.'));
    const before = fromInternet.filter((r) => r.start * 1000 < opened.at);
    const after = fromInternet.filter((r) => r.start * 1000 >= opened.at);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(before.every((r) => r.action === 'REJECT')).toBe(true);
    expect(after.every((r) => r.action === 'ACCEPT')).toBe(true);
  });
});
