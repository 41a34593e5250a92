import type { GeneratedAccount } from './accounts.js';
import { stableId, type Random } from './random.js';
import { isoSeconds } from './rhythm.js';

/** One CloudTrail record, with AWS's own keys; optional keys are left undefined (JSON omits them). */
export interface CloudTrailRecord {
  eventVersion: string;
  userIdentity: UserIdentity;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: object | null;
  responseElements: object | null;
  additionalEventData?: object;
  requestID?: string;
  eventID: string;
  readOnly: boolean;
  resources?: { accountId?: string; type: string; ARN: string }[];
  eventType: 'AwsApiCall' | 'AwsConsoleSignIn' | 'AwsServiceEvent';
  managementEvent: boolean;
  recipientAccountId: string;
  sharedEventID?: string;
  eventCategory: 'Management';
  tlsDetails?: TlsDetails;
  sessionCredentialFromConsole?: 'true';
}

export interface TlsDetails {
  tlsVersion: string;
  cipherSuite: string;
  clientProvidedHostHeader: string;
}

export interface SessionIssuer {
  type: 'Role';
  principalId: string;
  arn: string;
  accountId: string;
  userName: string;
}

export interface UserIdentity {
  type: 'IAMUser' | 'AssumedRole' | 'AWSService' | 'Root';
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  sessionContext?: {
    sessionIssuer: SessionIssuer | Record<string, never>;
    webIdFederationData: Record<string, unknown>;
    attributes: { creationDate: string; mfaAuthenticated: 'true' | 'false' };
    ec2RoleDelivery?: string;
  };
  invokedBy?: string;
}

/** Who calls: an IAM user, a role session (SSO, CI, instance, Lambda, service-linked) or an AWS service. */
export type Principal =
  | { kind: 'iam-user'; account: GeneratedAccount; userName: string }
  | { kind: 'role-session'; account: GeneratedAccount; roleName: string; rolePath: string; sessionName: string; invokedBy?: string; webIdentityProvider?: string; ec2Instance?: boolean }
  | { kind: 'aws-service'; account: GeneratedAccount; service: string };

export function iamUserArn(accountId: string, userName: string): string {
  return `arn:aws:iam::${accountId}:user/${userName}`;
}

export function userPrincipalId(accountId: string, userName: string): string {
  return `AIDA${stableId(`${accountId}/user/${userName}`, 'base32', 17)}`;
}

/** The long-lived access key of an IAM user. */
export function userAccessKeyId(accountId: string, userName: string): string {
  return `AKIA${stableId(`${accountId}/user/${userName}/key1`, 'base32', 16)}`;
}

export function roleId(accountId: string, roleName: string): string {
  return `AROA${stableId(`${accountId}/role/${roleName}`, 'base32', 17)}`;
}

export function roleArn(accountId: string, rolePath: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role${rolePath}${roleName}`;
}

export function assumedRoleArn(accountId: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}

/** The ARN a principal acts as (what error messages and resource policies name). */
export function principalArn(principal: Principal): string {
  switch (principal.kind) {
    case 'iam-user':
      return iamUserArn(principal.account.id, principal.userName);
    case 'role-session':
      return assumedRoleArn(principal.account.id, principal.roleName, principal.sessionName);
    case 'aws-service':
      return principal.service;
  }
}

/**
 * The userIdentity block of a call. Sessions (role sessions, IAM users in the console) get a
 * temporary key and a creation date: one session per principal and `sessionKey` (the generator
 * uses the hour), as real sessions last hours.
 */
export function userIdentity(principal: Principal, sessionStart: number, sessionKey: string, options: { mfa?: boolean; consoleSession?: boolean } = {}): UserIdentity {
  const accountId = principal.account.id;
  const attributes = { creationDate: isoSeconds(sessionStart), mfaAuthenticated: options.mfa ? ('true' as const) : ('false' as const) };
  switch (principal.kind) {
    case 'iam-user':
      return {
        type: 'IAMUser',
        principalId: userPrincipalId(accountId, principal.userName),
        arn: iamUserArn(accountId, principal.userName),
        accountId,
        accessKeyId: options.consoleSession ? temporaryKeyId(`${accountId}/user/${principal.userName}/${sessionKey}`) : userAccessKeyId(accountId, principal.userName),
        userName: principal.userName,
        sessionContext: options.consoleSession ? { sessionIssuer: {}, webIdFederationData: {}, attributes } : undefined,
      };
    case 'aws-service':
      return { type: 'AWSService', invokedBy: principal.service };
    case 'role-session': {
      const id = roleId(accountId, principal.roleName);
      return {
        type: 'AssumedRole',
        principalId: `${id}:${principal.sessionName}`,
        arn: assumedRoleArn(accountId, principal.roleName, principal.sessionName),
        accountId,
        // Service-linked roles used by the service itself show no access key.
        accessKeyId: principal.invokedBy ? undefined : temporaryKeyId(`${accountId}/${principal.roleName}/${principal.sessionName}/${sessionKey}`),
        sessionContext: {
          sessionIssuer: { type: 'Role', principalId: id, arn: roleArn(accountId, principal.rolePath, principal.roleName), accountId, userName: principal.roleName },
          webIdFederationData: principal.webIdentityProvider ? { federatedProvider: principal.webIdentityProvider, attributes: {} } : {},
          attributes,
          ec2RoleDelivery: principal.ec2Instance ? '2.0' : undefined,
        },
        invokedBy: principal.invokedBy,
      };
    }
  }
}

function temporaryKeyId(key: string): string {
  return `ASIA${stableId(key, 'base32', 16)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** STS's display format for dates in responses: `Jul 10, 2023, 12:21:41 PM`. */
export function awsDisplayDate(ms: number): string {
  const d = new Date(ms);
  const hours = d.getUTCHours() % 12 || 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${hours}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

/** Service endpoints whose eventSource differs from their IAM action prefix. */
const IAM_PREFIX: Record<string, string> = { monitoring: 'cloudwatch', sso: 'sso', signin: 'signin' };

function iamAction(eventSource: string, eventName: string): string {
  const host = eventSource.replace('.amazonaws.com', '');
  // Lambda's API names carry a version suffix (ListFunctions20150331) that its IAM actions do not.
  return `${IAM_PREFIX[host] ?? host}:${eventName.replace(/\d{8}(v\d)?$/, '')}`;
}

export interface CallError {
  errorCode: string;
  errorMessage: string;
}

/** AccessDenied as each service reports it. */
export function accessDenied(eventSource: string, eventName: string, callerArn: string, resource = '*'): CallError {
  const action = iamAction(eventSource, eventName);
  const reason = `User: ${callerArn} is not authorized to perform: ${action}${resource === '*' ? '' : ` on resource: ${resource}`} because no identity-based policy allows the ${action} action`;
  if (eventSource === 'ec2.amazonaws.com') return { errorCode: 'Client.UnauthorizedOperation', errorMessage: `You are not authorized to perform this operation. ${reason}` };
  if (eventSource === 's3.amazonaws.com') return { errorCode: 'AccessDenied', errorMessage: 'Access Denied' };
  if (eventSource === 'iam.amazonaws.com' || eventSource === 'sts.amazonaws.com') return { errorCode: 'AccessDenied', errorMessage: reason };
  return { errorCode: 'AccessDeniedException', errorMessage: reason };
}

/** Throttling as each service reports it. */
export function throttled(eventSource: string): CallError {
  if (eventSource === 'ec2.amazonaws.com') return { errorCode: 'Client.RequestLimitExceeded', errorMessage: 'Request limit exceeded.' };
  if (eventSource === 'iam.amazonaws.com') return { errorCode: 'Throttling', errorMessage: 'Rate exceeded' };
  return { errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded' };
}

const GLOBAL_HOSTS = new Set(['iam', 'organizations', 'ce', 'budgets', 'health', 'sts']);
const tlsCache = new Map<string, Map<string, TlsDetails>>();

/** TLS details of a call over the internet; one shared object per endpoint. */
export function tlsDetails(eventSource: string, region: string): TlsDetails {
  let byRegion = tlsCache.get(eventSource);
  if (!byRegion) tlsCache.set(eventSource, (byRegion = new Map()));
  let details = byRegion.get(region);
  if (!details) {
    const host = eventSource.replace('.amazonaws.com', '');
    const header = host === 's3' ? 's3.amazonaws.com' : GLOBAL_HOSTS.has(host) && region === 'us-east-1' ? `${host}.amazonaws.com` : `${host}.${region}.amazonaws.com`;
    details = { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: header };
    byRegion.set(region, details);
  }
  return details;
}

/** S3's request ids are 16 upper-case characters; most other services use UUIDs. */
function requestIdFor(eventSource: string, random: Random): string {
  return eventSource === 's3.amazonaws.com' ? random.base32(16) : random.uuid();
}

export interface CallOptions {
  identity: UserIdentity;
  time: number;
  eventSource: string;
  eventName: string;
  region: string;
  sourceIp: string;
  userAgent: string;
  readOnly: boolean;
  recipientAccountId: string;
  requestParameters?: object | null;
  responseElements?: object | null;
  resources?: CloudTrailRecord['resources'];
  error?: CallError;
  /** Calls made by AWS on a principal's behalf carry no TLS details. */
  tls?: boolean;
  additionalEventData?: object;
  fromConsole?: boolean;
}

/** An `AwsApiCall` record. */
export function apiCall(options: CallOptions, random: Random): CloudTrailRecord {
  return {
    eventVersion: '1.09',
    userIdentity: options.identity,
    eventTime: isoSeconds(options.time),
    eventSource: options.eventSource,
    eventName: options.eventName,
    awsRegion: options.region,
    sourceIPAddress: options.sourceIp,
    userAgent: options.userAgent,
    errorCode: options.error?.errorCode,
    errorMessage: options.error?.errorMessage,
    requestParameters: options.requestParameters ?? null,
    responseElements: options.error ? null : (options.responseElements ?? null),
    additionalEventData: options.additionalEventData,
    requestID: requestIdFor(options.eventSource, random),
    eventID: random.uuid(),
    readOnly: options.readOnly,
    resources: options.resources,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: options.recipientAccountId,
    eventCategory: 'Management',
    tlsDetails: options.tls === false ? undefined : tlsDetails(options.eventSource, options.region),
    sessionCredentialFromConsole: options.fromConsole ? 'true' : undefined,
  };
}

export interface ConsoleLoginOptions {
  identity: UserIdentity;
  time: number;
  region: string;
  sourceIp: string;
  userAgent: string;
  mfaUsed: boolean;
  /** A failed sign-in: CloudTrail says "Failed authentication" (or no such user). */
  failure?: 'Failed authentication' | 'No username found in supplied account';
}

/** A `ConsoleLogin` sign-in event, which logs in us-east-1 or the regional sign-in endpoint. */
export function consoleLogin(options: ConsoleLoginOptions, random: Random): CloudTrailRecord {
  const host = options.region === 'us-east-1' ? 'signin.aws.amazon.com' : `${options.region}.signin.aws.amazon.com`;
  const accountId = options.identity.accountId!;
  const mfaIdentifier = options.mfaUsed && options.identity.type === 'IAMUser' ? { MFAIdentifier: `arn:aws:iam::${accountId}:mfa/${options.identity.userName}` } : {};
  return {
    eventVersion: '1.09',
    userIdentity: options.identity,
    eventTime: isoSeconds(options.time),
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: options.region,
    sourceIPAddress: options.sourceIp,
    userAgent: options.userAgent,
    errorMessage: options.failure,
    requestParameters: null,
    responseElements: { ConsoleLogin: options.failure ? 'Failure' : 'Success' },
    additionalEventData: {
      LoginTo: `https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_${options.region}_${random.hex(16)}`,
      MobileVersion: 'No',
      ...mfaIdentifier,
      MFAUsed: options.mfaUsed ? 'Yes' : 'No',
    },
    eventID: random.uuid(),
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: host },
  };
}
