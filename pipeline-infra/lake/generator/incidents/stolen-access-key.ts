import { accountByAlias, GLOBAL_REGION, type GeneratedAccount } from '../accounts.js';
import { IAM_USERS } from '../cloudtrail-actors.js';
import { accessDenied, apiCall, awsDisplayDate, iamUserArn, userAccessKeyId, userIdentity, userPrincipalId, type CallError, type CloudTrailRecord, type UserIdentity } from '../cloudtrail-record.js';
import { configItem, iamUserResource, iamUserState } from '../config.js';
import { accessKeyResource, guardDutyEvent, remoteIpDetails, type RemoteIp } from '../guardduty.js';
import type { Random } from '../random.js';
import { HOUR, MINUTE, isoMillis } from '../rhythm.js';
import { record, secondsBetween, type IncidentDays, type IncidentRecord, type IncidentRows } from './incident.js';

/** A hosting range abroad (documentation ASN), never seen in the organization's normal traffic. */
export const KEY_THIEF: RemoteIp = { ip: '5.188.62.140', asn: '64500', asnOrg: 'EXAMPLE-BULLETPROOF-AS', isp: 'Example Bulletproof Hosting', country: 'Russia', city: 'Saint Petersburg', lat: 59.94, lon: 30.31 };
const THIEF_AGENT = 'aws-cli/1.22.34 Python/3.10.12 Linux/5.15.0-91-generic botocore/1.23.34';
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

export interface StolenAccessKeyPlan {
  account: GeneratedAccount;
  userName: string;
  accessKeyId: string;
  start: number;
  backdoorUserName: string;
  backdoorAccessKeyId: string;
}

/** svc-reporting's long-lived key, leaked, used at night from abroad: reconnaissance, then a backdoor admin user. */
export function planStolenAccessKey(days: IncidentDays, random: Random): StolenAccessKeyPlan {
  const account = accountByAlias(IAM_USERS.reporting.alias);
  return {
    account,
    userName: IAM_USERS.reporting.userName,
    accessKeyId: userAccessKeyId(account.id, IAM_USERS.reporting.userName),
    start: days.twoDaysAgo + 2 * HOUR + secondsBetween(random, 0, 20 * MINUTE),
    backdoorUserName: 'aws-support-sync',
    backdoorAccessKeyId: userAccessKeyId(account.id, 'aws-support-sync'),
  };
}

interface Step {
  source: string;
  name: string;
  region: string;
  readOnly: boolean;
  denied?: boolean;
  request?: object | null;
  response?: object | null;
}

/** Services the reporting user may not use: each probe fails. */
const DENIED_PROBES: [string, string][] = [
  ['ec2', 'DescribeInstances'], ['ec2', 'DescribeSecurityGroups'], ['ec2', 'DescribeVpcs'], ['ec2', 'DescribeSnapshots'], ['lambda', 'ListFunctions20150331'], ['rds', 'DescribeDBInstances'],
  ['secretsmanager', 'ListSecrets'], ['ssm', 'DescribeParameters'], ['kms', 'ListKeys'], ['dynamodb', 'ListTables'], ['sns', 'ListTopics'],
];

function steps(plan: StolenAccessKeyPlan): Step[] {
  const recon: Step[] = [
    { source: 'sts', name: 'GetCallerIdentity', region: GLOBAL_REGION, readOnly: true },
    { source: 's3', name: 'ListBuckets', region: GLOBAL_REGION, readOnly: true, request: { Host: 's3.amazonaws.com' } },
    { source: 'iam', name: 'ListAttachedUserPolicies', region: GLOBAL_REGION, readOnly: true, request: { userName: plan.userName } },
    { source: 'organizations', name: 'DescribeOrganization', region: GLOBAL_REGION, readOnly: true, denied: true },
    { source: 'ce', name: 'GetCostAndUsage', region: GLOBAL_REGION, readOnly: true, denied: true },
  ];
  const probes = plan.account.regions.flatMap((region) => DENIED_PROBES.map(([source, name]): Step => ({ source, name, region, readOnly: true, denied: true })));
  const takeover: Step[] = [
    { source: 'iam', name: 'ListUsers', region: GLOBAL_REGION, readOnly: true },
    { source: 'iam', name: 'GetAccountAuthorizationDetails', region: GLOBAL_REGION, readOnly: true, request: { filter: ['User', 'Role', 'LocalManagedPolicy'] } },
    { source: 'iam', name: 'CreateUser', region: GLOBAL_REGION, readOnly: false, request: { userName: plan.backdoorUserName } },
    { source: 'iam', name: 'CreateAccessKey', region: GLOBAL_REGION, readOnly: false, request: { userName: plan.backdoorUserName } },
    { source: 'iam', name: 'AttachUserPolicy', region: GLOBAL_REGION, readOnly: false, request: { userName: plan.backdoorUserName, policyArn: ADMIN_POLICY } },
  ];
  return [...recon, ...probes, ...takeover];
}

function thiefCall(identity: UserIdentity, step: Step, time: number, error: CallError | undefined, response: object | null, account: GeneratedAccount, random: Random): CloudTrailRecord {
  return apiCall(
    { identity, time, eventSource: `${step.source}.amazonaws.com`, eventName: step.name, region: step.region, sourceIp: KEY_THIEF.ip, userAgent: THIEF_AGENT, readOnly: step.readOnly, recipientAccountId: account.id, requestParameters: step.request ?? null, responseElements: response, error },
    random,
  );
}

function responseOf(step: Step, plan: StolenAccessKeyPlan, time: number): object | null {
  const created = awsDisplayDate(time);
  if (step.name === 'CreateUser') return { user: { path: '/', userName: plan.backdoorUserName, userId: userPrincipalId(plan.account.id, plan.backdoorUserName), arn: iamUserArn(plan.account.id, plan.backdoorUserName), createDate: created } };
  if (step.name === 'CreateAccessKey') return { accessKey: { accessKeyId: plan.backdoorAccessKeyId, status: 'Active', userName: plan.backdoorUserName, createDate: created } };
  return null;
}

export function stolenAccessKeyRows(plan: StolenAccessKeyPlan, random: Random): Pick<IncidentRows, 'cloudtrail' | 'config' | 'guardduty'> {
  const victim = userIdentity({ kind: 'iam-user', account: plan.account, userName: plan.userName }, plan.start, 'stolen');
  const victimArn = iamUserArn(plan.account.id, plan.userName);
  const cloudtrail: CloudTrailRecord[] = [];
  let time = plan.start;
  let createdAt = 0;
  for (const step of steps(plan)) {
    time += random.between(2_000, step.denied ? 6_000 : 40_000);
    if (step.name === 'CreateUser') createdAt = time;
    const error = step.denied ? accessDenied(`${step.source}.amazonaws.com`, step.name, victimArn) : undefined;
    cloudtrail.push(thiefCall(victim, step, time, error, responseOf(step, plan, time), plan.account, random));
  }
  // The thief switches to the new admin user's key.
  const backdoor = userIdentity({ kind: 'iam-user', account: plan.account, userName: plan.backdoorUserName }, time, 'backdoor');
  const backdoorSteps: Step[] = [
    { source: 'sts', name: 'GetCallerIdentity', region: GLOBAL_REGION, readOnly: true },
    { source: 'ec2', name: 'DescribeInstances', region: plan.account.regions[0]!, readOnly: true, request: { instancesSet: {}, filterSet: {} } },
    { source: 'secretsmanager', name: 'ListSecrets', region: plan.account.regions[0]!, readOnly: true },
  ];
  for (const step of backdoorSteps) {
    time += random.between(60_000, 180_000);
    cloudtrail.push(thiefCall(backdoor, step, time, undefined, null, plan.account, random));
  }
  const config = [configItem(iamUserResource(plan.account, plan.backdoorUserName, isoMillis(createdAt)), createdAt + 4 * MINUTE, iamUserState(plan.account, plan.backdoorUserName, isoMillis(createdAt), [ADMIN_POLICY]), [], 'ResourceDiscovered')];
  return { cloudtrail, config, guardduty: findings(plan, cloudtrail, random) };
}

function findings(plan: StolenAccessKeyPlan, calls: CloudTrailRecord[], random: Random) {
  const resource = accessKeyResource(plan.account.id, plan.userName, plan.accessKeyId);
  const first = Date.parse(calls[0]!.eventTime);
  const persistence = calls.filter((c) => ['CreateUser', 'CreateAccessKey', 'AttachUserPolicy'].includes(c.eventName)).map((c) => Date.parse(c.eventTime));
  const action = (api: string, service: string, errorCode?: string) => ({ actionType: 'AWS_API_CALL', awsApiCallAction: { api, serviceName: service, callerType: 'Remote IP', errorCode, remoteIpDetails: remoteIpDetails(KEY_THIEF), affectedResources: {} } });
  const probes = calls.filter((c) => c.errorCode).length;
  return [
    guardDutyEvent({
      account: plan.account, region: plan.account.regions[0]!, type: 'Discovery:IAMUser/AnomalousBehavior', severity: 5, findingId: random.hex(32),
      title: `Unusual discovery APIs were invoked by IAM user ${plan.userName}.`,
      description: `APIs commonly used in discovery tactics were invoked by user IAMUser : ${plan.userName} under unusual circumstances; ${probes} calls were denied. Such activity is not typically seen from this user.`,
      resource, action: action('DescribeInstances', 'ec2.amazonaws.com', 'AccessDenied'), firstSeen: first, lastSeen: first + 4 * MINUTE, count: probes,
      additionalInfo: { anomalousAPIs: DENIED_PROBES.map(([, name]) => name), userAgent: THIEF_AGENT },
    }, random),
    guardDutyEvent({
      account: plan.account, region: GLOBAL_REGION, type: 'Persistence:IAMUser/AnomalousBehavior', severity: 5, findingId: random.hex(32),
      title: `Unusual persistence APIs were invoked by IAM user ${plan.userName}.`,
      description: `APIs commonly used in persistence tactics (CreateUser, CreateAccessKey, AttachUserPolicy) were invoked by user IAMUser : ${plan.userName} under unusual circumstances.`,
      resource, action: action('CreateAccessKey', 'iam.amazonaws.com'), firstSeen: persistence[0]!, lastSeen: persistence.at(-1)!, count: persistence.length,
      additionalInfo: { anomalousAPIs: ['CreateUser', 'CreateAccessKey', 'AttachUserPolicy'], userAgent: THIEF_AGENT },
    }, random),
  ];
}

export function describeStolenAccessKey(plan: StolenAccessKeyPlan, rows: Pick<IncidentRows, 'cloudtrail'>): IncidentRecord {
  const times = rows.cloudtrail.map((r) => Date.parse(r.eventTime));
  const failed = rows.cloudtrail.filter((r) => r.errorCode).length;
  return record('stolen_access_key', plan.account, GLOBAL_REGION, { start: Math.min(...times), end: Math.max(...times) }, {
    summary: `IAM user ${plan.userName}'s access key used from ${KEY_THIEF.ip} (${KEY_THIEF.country}): GetCallerIdentity, ListBuckets, ${failed} denied calls, then CreateUser ${plan.backdoorUserName} + CreateAccessKey + AttachUserPolicy AdministratorAccess`,
    tables: ['cloudtrail_logs', 'guardduty_findings', 'config_logs'],
    identifiers: {
      user_name: plan.userName,
      access_key_id: plan.accessKeyId,
      source_ip: KEY_THIEF.ip,
      asn: KEY_THIEF.asn,
      user_agent: THIEF_AGENT,
      created_user: plan.backdoorUserName,
      created_access_key_id: plan.backdoorAccessKeyId,
      attached_policy_arn: ADMIN_POLICY,
      failed_calls: failed,
      event_names: [...new Set(rows.cloudtrail.map((r) => r.eventName))],
      guardduty_types: ['Discovery:IAMUser/AnomalousBehavior', 'Persistence:IAMUser/AnomalousBehavior'],
    },
  });
}
