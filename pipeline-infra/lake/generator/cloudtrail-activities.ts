import { awsDisplayDate, type CallError, type CloudTrailRecord } from './cloudtrail-record.js';
import type { Instance, RegionInventory } from './inventory.js';
import type { Random } from './random.js';

/** What one API call of an activity looks like, drawn for one account and region. */
export interface CallDetail {
  requestParameters?: object | null;
  responseElements?: object | null;
  resources?: CloudTrailRecord['resources'];
  additionalEventData?: object;
}

export interface CallContext {
  random: Random;
  accountId: string;
  region: string;
  inventory: RegionInventory | undefined;
  /** When the call happens (epoch ms). */
  time: number;
  /** The instance making the call, for agents running on one. */
  instance?: Instance;
}

/** One API a caller uses: its endpoint, name, whether it only reads, and how its request looks. */
export interface Activity {
  eventSource: string;
  eventName: string;
  readOnly: boolean;
  /** IAM, Organizations, Cost Explorer, Budgets and Health log in us-east-1 whatever the caller's region. */
  global: boolean;
  detail?: (c: CallContext) => CallDetail;
  /** A failure the call itself often returns (no bucket policy, no such function…). */
  commonError?: { rate: number; error: CallError };
  /** A console sign-in rather than an API call. */
  consoleLogin?: boolean;
}

const GLOBAL_SOURCES = new Set(['iam', 'organizations', 'ce', 'budgets', 'health', 'cur']);

function api(service: string, eventName: string, detail?: (c: CallContext) => CallDetail, commonError?: Activity['commonError']): Activity {
  const readOnly = /^(Describe|List|Get|Lookup|Search|Filter|BatchGet|Check|Select|Head|Scan)/.test(eventName);
  return { eventSource: `${service}.amazonaws.com`, eventName, readOnly, global: GLOBAL_SOURCES.has(service), detail, commonError };
}

const CONSOLE_LOGIN: Activity = { eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', readOnly: false, global: false, consoleLogin: true };

// ---- picking resources of the region ------------------------------------------------------------

function anyInstance(c: CallContext): Instance | undefined {
  const instances = c.inventory?.instances;
  return instances && instances.length ? c.random.pick(instances) : undefined;
}

function anyBucket(c: CallContext): string | undefined {
  const buckets = c.inventory?.buckets;
  return buckets && buckets.length ? c.random.pick(buckets) : undefined;
}

function anyFunction(c: CallContext): string | undefined {
  const functions = c.inventory?.functions;
  return functions && functions.length ? c.random.pick(functions).name : undefined;
}

/** Security groups people change in passing; the bastion's is left alone (its change is an incident). */
function anyRoutineGroupId(c: CallContext): string | undefined {
  const groups = c.inventory?.securityGroups.filter((g) => !g.name.includes('bastion'));
  return groups && groups.length ? c.random.pick(groups).id : undefined;
}

const ROLE_NAMES = ['checkout-api-role', 'github-actions-deploy', 'prod-app-instance-role', 'order-events-consumer-role', 'OrganizationAccountAccessRole', 'AWSServiceRoleForConfig'];
const POLICY_ARNS = ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore', 'arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy'];

function s3Extra(c: CallContext): object {
  return {
    SignatureVersion: 'SigV4',
    CipherSuite: 'TLS_AES_128_GCM_SHA256',
    bytesTransferredIn: 0,
    AuthenticationMethod: 'AuthHeader',
    'x-amz-id-2': c.random.base32(56),
    bytesTransferredOut: c.random.between(200, 4000),
  };
}

/** A call on one of the region's buckets; S3 names the sub-resource with an empty parameter (`?policy`). */
function bucketCall(subresource: string, body?: object): (c: CallContext) => CallDetail {
  return (c) => {
    const bucket = anyBucket(c);
    if (!bucket) return { requestParameters: { Host: 's3.amazonaws.com' } };
    const requestParameters: Record<string, unknown> = { bucketName: bucket, Host: `${bucket}.s3.${c.region}.amazonaws.com` };
    requestParameters[subresource] = '';
    if (body) requestParameters.Tagging = body;
    return {
      requestParameters,
      resources: [{ accountId: c.accountId, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` }],
      additionalEventData: s3Extra(c),
    };
  };
}

function instancesSet(c: CallContext): object {
  const instance = anyInstance(c);
  return instance ? { items: [{ instanceId: instance.id }] } : {};
}

const noSuchPolicy: CallError = { errorCode: 'NoSuchBucketPolicy', errorMessage: 'The bucket policy does not exist' };
const noSuchTags: CallError = { errorCode: 'NoSuchTagSet', errorMessage: 'The TagSet does not exist' };

// ---- the catalog ----------------------------------------------------------------------------------

export const EC2 = {
  describeInstances: api('ec2', 'DescribeInstances', (c) => ({ requestParameters: { instancesSet: c.random.chance(0.3) ? instancesSet(c) : {}, filterSet: {} } })),
  describeInstanceStatus: api('ec2', 'DescribeInstanceStatus', () => ({ requestParameters: { instancesSet: {}, filterSet: {}, includeAllInstances: false } })),
  describeSecurityGroups: api('ec2', 'DescribeSecurityGroups', () => ({ requestParameters: { securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} } })),
  describeSecurityGroupRules: api('ec2', 'DescribeSecurityGroupRules', (c) => ({ requestParameters: { DescribeSecurityGroupRulesRequest: { Filter: { Name: 'group-id', Value: { content: anyRoutineGroupId(c) ?? 'sg-default', tag: 1 } } } } })),
  describeVpcs: api('ec2', 'DescribeVpcs', () => ({ requestParameters: { vpcSet: {}, filterSet: {} } })),
  describeSubnets: api('ec2', 'DescribeSubnets', () => ({ requestParameters: { subnetSet: {}, filterSet: {} } })),
  describeVolumes: api('ec2', 'DescribeVolumes', () => ({ requestParameters: { volumeSet: {}, filterSet: {} } })),
  describeNetworkInterfaces: api('ec2', 'DescribeNetworkInterfaces', () => ({ requestParameters: { networkInterfaceIdSet: {}, filterSet: {} } })),
  describeRouteTables: api('ec2', 'DescribeRouteTables', () => ({ requestParameters: { routeTableIdSet: {}, filterSet: {} } })),
  describeNatGateways: api('ec2', 'DescribeNatGateways', () => ({ requestParameters: { DescribeNatGatewaysRequest: { MaxResults: 1000 } } })),
  describeImages: api('ec2', 'DescribeImages', () => ({ requestParameters: { executableBySet: {}, imagesSet: {}, ownersSet: { items: [{ owner: 'self' }] }, filterSet: {} } })),
  describeTags: api('ec2', 'DescribeTags', (c) => {
    const instance = c.instance ?? anyInstance(c);
    return { requestParameters: { filterSet: { items: [{ name: 'resource-id', valueSet: { items: [{ value: instance?.id ?? 'i-unknown' }] } }] } } };
  }),
  describeRegions: api('ec2', 'DescribeRegions', () => ({ requestParameters: { regionSet: {}, allRegions: false } })),
  describeAddresses: api('ec2', 'DescribeAddresses', () => ({ requestParameters: { publicIpsSet: {}, allocationIdsSet: {}, filterSet: {} } })),
  describeSnapshots: api('ec2', 'DescribeSnapshots', () => ({ requestParameters: { snapshotSet: {}, ownersSet: { items: [{ owner: 'self' }] }, sharedUsersSet: {}, filterSet: {} } })),
  describeLaunchTemplateVersions: api('ec2', 'DescribeLaunchTemplateVersions', () => ({ requestParameters: { DescribeLaunchTemplateVersionsRequest: { LaunchTemplateName: 'app-server', LaunchTemplateVersion: { content: '$Latest', tag: 1 } } } })),
  createTags: api('ec2', 'CreateTags', (c) => {
    const instance = anyInstance(c);
    return {
      requestParameters: { resourcesSet: { items: [{ resourceId: instance?.id ?? 'i-unknown' }] }, tagSet: { items: [{ key: c.random.pick(['owner', 'cost-center', 'patch-group']), value: c.random.pick(['payments', 'platform', 'weekly', 'team-shop']) }] } },
      responseElements: { requestId: c.random.uuid(), _return: true },
    };
  }),
  authorizeInternalIngress: api('ec2', 'AuthorizeSecurityGroupIngress', (c) => {
    const port = c.random.pick([443, 8080, 9090]);
    const groupId = anyRoutineGroupId(c) ?? 'sg-default';
    return {
      requestParameters: { groupId, ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: port, toPort: port, groups: {}, ipRanges: { items: [{ cidrIp: `10.${c.random.between(10, 40)}.0.0/16` }] }, ipv6Ranges: {}, prefixListIds: {} }] } },
      responseElements: { requestId: c.random.uuid(), _return: true, securityGroupRuleSet: { items: [{ groupOwnerId: c.accountId, groupId, securityGroupRuleId: `sgr-0${c.random.hex(16)}`, isEgress: false, ipProtocol: 'tcp', fromPort: port, toPort: port, cidrIpv4: '10.0.0.0/16' }] } },
    };
  }),
  stopInstances: api('ec2', 'StopInstances', (c) => {
    const instance = anyInstance(c);
    return {
      requestParameters: { instancesSet: { items: [{ instanceId: instance?.id ?? 'i-unknown' }] }, force: false },
      responseElements: { requestId: c.random.uuid(), instancesSet: { items: [{ instanceId: instance?.id ?? 'i-unknown', currentState: { code: 64, name: 'stopping' }, previousState: { code: 16, name: 'running' } }] } },
    };
  }),
  startInstances: api('ec2', 'StartInstances', (c) => {
    const instance = anyInstance(c);
    return {
      requestParameters: { instancesSet: { items: [{ instanceId: instance?.id ?? 'i-unknown' }] } },
      responseElements: { requestId: c.random.uuid(), instancesSet: { items: [{ instanceId: instance?.id ?? 'i-unknown', currentState: { code: 0, name: 'pending' }, previousState: { code: 80, name: 'stopped' } }] } },
    };
  }),
};

export const S3 = {
  listBuckets: api('s3', 'ListBuckets', (c) => ({ requestParameters: { Host: 's3.amazonaws.com' }, additionalEventData: s3Extra(c) })),
  getBucketLocation: api('s3', 'GetBucketLocation', bucketCall('location')),
  getBucketPolicy: api('s3', 'GetBucketPolicy', bucketCall('policy'), { rate: 0.4, error: noSuchPolicy }),
  getBucketAcl: api('s3', 'GetBucketAcl', bucketCall('acl')),
  getBucketVersioning: api('s3', 'GetBucketVersioning', bucketCall('versioning')),
  getBucketEncryption: api('s3', 'GetBucketEncryption', bucketCall('encryption')),
  getBucketTagging: api('s3', 'GetBucketTagging', bucketCall('tagging'), { rate: 0.3, error: noSuchTags }),
  getBucketPublicAccessBlock: api('s3', 'GetBucketPublicAccessBlock', bucketCall('publicAccessBlock')),
  getBucketLogging: api('s3', 'GetBucketLogging', bucketCall('logging')),
  putBucketTagging: api('s3', 'PutBucketTagging', bucketCall('tagging', { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/', TagSet: { Tag: [{ Key: 'team', Value: 'platform' }] } })),
};

export const IAM = {
  listRoles: api('iam', 'ListRoles', () => ({ requestParameters: { maxItems: 1000 } })),
  listUsers: api('iam', 'ListUsers', () => ({ requestParameters: null })),
  getRole: api('iam', 'GetRole', (c) => ({ requestParameters: { roleName: c.random.pick(ROLE_NAMES) } })),
  getUser: api('iam', 'GetUser', () => ({ requestParameters: null })),
  listAttachedRolePolicies: api('iam', 'ListAttachedRolePolicies', (c) => ({ requestParameters: { roleName: c.random.pick(ROLE_NAMES) } })),
  listRolePolicies: api('iam', 'ListRolePolicies', (c) => ({ requestParameters: { roleName: c.random.pick(ROLE_NAMES) } })),
  getPolicy: api('iam', 'GetPolicy', (c) => ({ requestParameters: { policyArn: c.random.pick(POLICY_ARNS) } })),
  getPolicyVersion: api('iam', 'GetPolicyVersion', (c) => ({ requestParameters: { policyArn: c.random.pick(POLICY_ARNS), versionId: 'v1' } })),
  listPolicies: api('iam', 'ListPolicies', () => ({ requestParameters: { scope: 'Local', onlyAttached: false } })),
  getAccountSummary: api('iam', 'GetAccountSummary', () => ({ requestParameters: null })),
  getAccountPasswordPolicy: api('iam', 'GetAccountPasswordPolicy', () => ({ requestParameters: null })),
  listAccessKeys: api('iam', 'ListAccessKeys', () => ({ requestParameters: null })),
  listMFADevices: api('iam', 'ListMFADevices', () => ({ requestParameters: null })),
  generateCredentialReport: api('iam', 'GenerateCredentialReport', () => ({ requestParameters: null })),
  tagRole: api('iam', 'TagRole', (c) => ({ requestParameters: { roleName: c.random.pick(ROLE_NAMES), tags: [{ key: 'managed-by', value: 'terraform' }] } })),
  attachRolePolicy: api('iam', 'AttachRolePolicy', (c) => ({ requestParameters: { roleName: c.random.pick(ROLE_NAMES), policyArn: c.random.pick(POLICY_ARNS) } })),
};

export const STS = {
  getCallerIdentity: api('sts', 'GetCallerIdentity', () => ({ requestParameters: null })),
};

export const LAMBDA = {
  listFunctions: api('lambda', 'ListFunctions20150331', () => ({ requestParameters: null })),
  getFunction: api('lambda', 'GetFunction20150331v2', (c) => ({ requestParameters: { functionName: anyFunction(c) ?? 'checkout-api' } })),
  getFunctionConfiguration: api('lambda', 'GetFunctionConfiguration20150331v2', (c) => ({ requestParameters: { functionName: anyFunction(c) ?? 'checkout-api' } })),
  getPolicy: api('lambda', 'GetPolicy20150331v2', (c) => ({ requestParameters: { functionName: anyFunction(c) ?? 'checkout-api' } }), {
    rate: 0.5,
    error: { errorCode: 'ResourceNotFoundException', errorMessage: 'The resource you requested does not exist.' },
  }),
  listEventSourceMappings: api('lambda', 'ListEventSourceMappings20150331', () => ({ requestParameters: null })),
  updateFunctionCode: api('lambda', 'UpdateFunctionCode20150331v2', (c) => {
    const name = anyFunction(c) ?? 'checkout-api';
    return {
      requestParameters: { functionName: name, s3Bucket: `acme-${c.accountId === '333333333333' ? 'prod' : 'dev'}-artifacts`, s3Key: `${name}/${c.random.hex(40)}.zip`, publish: true },
      responseElements: { functionName: name, functionArn: `arn:aws:lambda:${c.region}:${c.accountId}:function:${name}`, codeSha256: c.random.base32(44), lastUpdateStatus: 'InProgress' },
    };
  }),
  updateFunctionConfiguration: api('lambda', 'UpdateFunctionConfiguration20150331v2', (c) => ({ requestParameters: { functionName: anyFunction(c) ?? 'checkout-api', environment: {} } })),
};

export const LOGS = {
  describeLogGroups: api('logs', 'DescribeLogGroups', () => ({ requestParameters: { limit: 50 } })),
  describeLogStreams: api('logs', 'DescribeLogStreams', (c) => ({ requestParameters: { logGroupName: `/aws/lambda/${anyFunction(c) ?? 'checkout-api'}`, orderBy: 'LastEventTime', descending: true } })),
  filterLogEvents: api('logs', 'FilterLogEvents', (c) => ({ requestParameters: { logGroupName: `/aws/lambda/${anyFunction(c) ?? 'checkout-api'}`, filterPattern: c.random.pick(['ERROR', 'Task timed out', '"order_id"']), interleaved: true } })),
  startQuery: api('logs', 'StartQuery', (c) => ({ requestParameters: { logGroupNames: [`/aws/lambda/${anyFunction(c) ?? 'checkout-api'}`], queryString: 'fields @timestamp, @message | filter @message like /ERROR/ | sort @timestamp desc | limit 100' } })),
  getQueryResults: api('logs', 'GetQueryResults', (c) => ({ requestParameters: { queryId: c.random.uuid() } })),
  createLogStream: api('logs', 'CreateLogStream', (c) => ({ requestParameters: { logGroupName: '/app/orders-service', logStreamName: (c.instance ?? anyInstance(c))?.id ?? 'default' } })),
};

export const CLOUDWATCH = {
  describeAlarms: api('monitoring', 'DescribeAlarms', () => ({ requestParameters: { maxRecords: 100 } })),
  getMetricData: api('monitoring', 'GetMetricData', () => ({ requestParameters: { maxDatapoints: 1440 } })),
  listMetrics: api('monitoring', 'ListMetrics', () => ({ requestParameters: { namespace: 'AWS/EC2' } })),
  describeAlarmHistory: api('monitoring', 'DescribeAlarmHistory', () => ({ requestParameters: { historyItemType: 'StateUpdate', maxRecords: 50 } })),
};

export const RDS = {
  describeDBInstances: api('rds', 'DescribeDBInstances', () => ({ requestParameters: null })),
  describeDBSnapshots: api('rds', 'DescribeDBSnapshots', () => ({ requestParameters: { snapshotType: 'manual' } })),
  describeEvents: api('rds', 'DescribeEvents', () => ({ requestParameters: { duration: 1440 } })),
  createDBSnapshot: api('rds', 'CreateDBSnapshot', (c) => {
    const id = `manual-orders-${c.random.hex(8)}`;
    return { requestParameters: { dBSnapshotIdentifier: id, dBInstanceIdentifier: 'prod-orders-db' }, responseElements: { dBSnapshotIdentifier: id, dBInstanceIdentifier: 'prod-orders-db', status: 'creating', engine: 'postgres' } };
  }),
};

export const CLOUDFORMATION = {
  describeStacks: api('cloudformation', 'DescribeStacks', () => ({ requestParameters: null })),
  listStacks: api('cloudformation', 'ListStacks', () => ({ requestParameters: { stackStatusFilter: ['CREATE_COMPLETE', 'UPDATE_COMPLETE'] } })),
  describeStackEvents: api('cloudformation', 'DescribeStackEvents', () => ({ requestParameters: { stackName: 'shop-backend' } })),
  createChangeSet: api('cloudformation', 'CreateChangeSet', (c) => ({ requestParameters: { stackName: 'shop-backend', changeSetName: `deploy-${c.random.hex(7)}`, changeSetType: 'UPDATE', capabilities: ['CAPABILITY_IAM'] }, responseElements: { id: `arn:aws:cloudformation:${c.region}:${c.accountId}:changeSet/deploy/${c.random.uuid()}` } })),
  describeChangeSet: api('cloudformation', 'DescribeChangeSet', () => ({ requestParameters: { stackName: 'shop-backend' } })),
  executeChangeSet: api('cloudformation', 'ExecuteChangeSet', () => ({ requestParameters: { stackName: 'shop-backend' } })),
};

export const SSM = {
  updateInstanceInformation: api('ssm', 'UpdateInstanceInformation', (c) => ({ requestParameters: { instanceId: (c.instance ?? anyInstance(c))?.id, agentVersion: '3.3.131.0', agentStatus: 'Active', platformType: 'Linux', platformName: 'Amazon Linux', platformVersion: '2023' } })),
  listInstanceAssociations: api('ssm', 'ListInstanceAssociations', (c) => ({ requestParameters: { instanceId: (c.instance ?? anyInstance(c))?.id, maxResults: 20 } })),
  getParameter: api('ssm', 'GetParameter', (c) => ({ requestParameters: { name: c.random.pick(['/shop/checkout/feature-flags', '/shop/checkout/payment-endpoint', '/shop/orders/batch-size']), withDecryption: false } })),
  getParametersByPath: api('ssm', 'GetParametersByPath', () => ({ requestParameters: { path: '/shop/', recursive: true, withDecryption: true } })),
  describeInstanceInformation: api('ssm', 'DescribeInstanceInformation', () => ({ requestParameters: null })),
  sendCommand: api('ssm', 'SendCommand', (c) => ({ requestParameters: { instanceIds: [anyInstance(c)?.id], documentName: 'AWS-RunShellScript', parameters: 'HIDDEN_DUE_TO_SECURITY_REASONS', interactive: false }, responseElements: { command: { commandId: c.random.uuid(), documentName: 'AWS-RunShellScript', status: 'Pending' } } })),
  listCommandInvocations: api('ssm', 'ListCommandInvocations', (c) => ({ requestParameters: { commandId: c.random.uuid(), details: true } })),
  startSession: api('ssm', 'StartSession', (c) => {
    const target = anyInstance(c)?.id;
    return { requestParameters: { target }, responseElements: { sessionId: `session-${c.random.hex(17)}`, tokenValue: 'Value hidden due to security reasons.', streamUrl: `wss://ssmmessages.${c.region}.amazonaws.com/v1/data-channel/session-${c.random.hex(17)}` } };
  }),
};

export const KMS = {
  decrypt: api('kms', 'Decrypt', (c) => ({
    requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    resources: [{ accountId: c.accountId, type: 'AWS::KMS::Key', ARN: `arn:aws:kms:${c.region}:${c.accountId}:key/${c.random.pick(['7d1c2e4f-0a3b-4c5d-8e9f-112233445566', 'a9b8c7d6-e5f4-4321-9876-aabbccddeeff'])}` }],
  })),
  describeKey: api('kms', 'DescribeKey', () => ({ requestParameters: { keyId: 'alias/aws/s3' } })),
  listAliases: api('kms', 'ListAliases', () => ({ requestParameters: null })),
};

export const SECRETS = {
  getSecretValue: api('secretsmanager', 'GetSecretValue', (c) => ({
    requestParameters: { secretId: `arn:aws:secretsmanager:${c.region}:${c.accountId}:secret:${c.random.pick(['shop/checkout/db', 'shop/payments/api-key'])}-${c.random.pick(['Ab12Cd', 'Xy98Zw'])}` },
  })),
  listSecrets: api('secretsmanager', 'ListSecrets', () => ({ requestParameters: null })),
};

export const ORGANIZATIONS = {
  listAccounts: api('organizations', 'ListAccounts', () => ({ requestParameters: null })),
  describeOrganization: api('organizations', 'DescribeOrganization', () => ({ requestParameters: null })),
  listRoots: api('organizations', 'ListRoots', () => ({ requestParameters: null })),
  listPoliciesForTarget: api('organizations', 'ListPoliciesForTarget', () => ({ requestParameters: { targetId: 'ou-ab12-prod0001', filter: 'SERVICE_CONTROL_POLICY' } })),
};

export const BILLING = {
  getCostAndUsage: api('ce', 'GetCostAndUsage', () => ({ requestParameters: { granularity: 'DAILY', metrics: ['UnblendedCost'], groupBy: [{ type: 'DIMENSION', key: 'SERVICE' }] } })),
  getCostForecast: api('ce', 'GetCostForecast', () => ({ requestParameters: { granularity: 'MONTHLY', metric: 'UNBLENDED_COST' } })),
  describeBudgets: api('budgets', 'DescribeBudgets', (c) => ({ requestParameters: { accountId: c.accountId } })),
  describeReportDefinitions: api('cur', 'DescribeReportDefinitions', () => ({ requestParameters: null })),
};

export const HEALTH = {
  describeEvents: api('health', 'DescribeEvents', () => ({ requestParameters: { filter: { eventStatusCodes: ['open', 'upcoming'] } } })),
};

export const ANALYTICS = {
  startQueryExecution: api('athena', 'StartQueryExecution', (c) => ({
    requestParameters: { queryString: `SELECT order_day, sum(total) FROM orders.daily_revenue WHERE order_day >= date '2024-01-01' GROUP BY 1`, workGroup: 'reporting', clientRequestToken: c.random.uuid() },
    responseElements: { queryExecutionId: c.random.uuid() },
  })),
  getQueryExecution: api('athena', 'GetQueryExecution', (c) => ({ requestParameters: { queryExecutionId: c.random.uuid() } })),
  getQueryResults: api('athena', 'GetQueryResults', (c) => ({ requestParameters: { queryExecutionId: c.random.uuid(), maxResults: 1000 } })),
  getTable: api('glue', 'GetTable', () => ({ requestParameters: { databaseName: 'orders', name: 'daily_revenue' } })),
  getDatabase: api('glue', 'GetDatabase', () => ({ requestParameters: { name: 'orders' } })),
  getPartitions: api('glue', 'GetPartitions', () => ({ requestParameters: { databaseName: 'orders', tableName: 'daily_revenue' } })),
};

export const BACKUP = {
  listBackupJobs: api('backup', 'ListBackupJobs', () => ({ requestParameters: { byState: 'COMPLETED' } })),
  describeBackupVault: api('backup', 'DescribeBackupVault', () => ({ requestParameters: { backupVaultName: 'prod-vault' } })),
  listRecoveryPoints: api('backup', 'ListRecoveryPointsByBackupVault', () => ({ requestParameters: { backupVaultName: 'prod-vault' } })),
};

export const ELB = {
  describeLoadBalancers: api('elasticloadbalancing', 'DescribeLoadBalancers', () => ({ requestParameters: null })),
  describeTargetHealth: api('elasticloadbalancing', 'DescribeTargetHealth', (c) => ({ requestParameters: { targetGroupArn: `arn:aws:elasticloadbalancing:${c.region}:${c.accountId}:targetgroup/shop-app/${c.random.pick(['6d0ecf831eec9f09', '4f2a9c1b7e3d5a80'])}` } })),
};

function credentialsExpiring(c: CallContext): object {
  return { accessKeyId: `ASIA${c.random.base32(16)}`, sessionToken: `IQoJb3JpZ2luX2Vj${c.random.base32(48)}`, expiration: awsDisplayDate(c.time + 3_600_000) };
}

/** AWS services assuming the roles they run code with, and checking the buckets they write to. */
export const SERVICE = {
  lambdaAssumesRole: {
    ...api('sts', 'AssumeRole', (c) => {
      const fn = c.inventory?.functions.length ? c.random.pick(c.inventory.functions) : undefined;
      const arn = `arn:aws:iam::${c.accountId}:role/${fn?.roleName ?? 'lambda-role'}`;
      return { requestParameters: { roleArn: arn, roleSessionName: fn?.name ?? 'function' }, responseElements: { credentials: credentialsExpiring(c) }, resources: [{ accountId: c.accountId, type: 'AWS::IAM::Role', ARN: arn }] };
    }),
    readOnly: true,
  },
  ec2AssumesRole: {
    ...api('sts', 'AssumeRole', (c) => {
      const instance = anyInstance(c);
      const arn = `arn:aws:iam::${c.accountId}:role/${instance?.roleName ?? 'instance-role'}`;
      return { requestParameters: { roleArn: arn, roleSessionName: instance?.id ?? 'i-unknown' }, responseElements: { credentials: credentialsExpiring(c) }, resources: [{ accountId: c.accountId, type: 'AWS::IAM::Role', ARN: arn }] };
    }),
    readOnly: true,
  },
  cloudtrailChecksBucket: api('s3', 'GetBucketAcl', (c) => ({
    requestParameters: { bucketName: 'acme-org-cloudtrail', Host: `acme-org-cloudtrail.s3.${c.region}.amazonaws.com`, acl: '' },
    resources: [{ accountId: c.accountId, type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::acme-org-cloudtrail' }],
    additionalEventData: s3Extra(c),
  })),
};

/** Each activity group lists what one kind of caller does, with relative weights. */
export type ActivityMix = readonly (readonly [Activity, number])[];

export const MIXES = {
  /** People looking around in the console or the CLI: mostly reads, a few changes. */
  operator: [
    [EC2.describeInstances, 14], [EC2.describeInstanceStatus, 4], [EC2.describeSecurityGroups, 6], [EC2.describeSecurityGroupRules, 2], [EC2.describeVpcs, 2], [EC2.describeSubnets, 2],
    [EC2.describeVolumes, 2], [EC2.describeNetworkInterfaces, 1], [EC2.describeImages, 1], [EC2.describeRegions, 1], [EC2.describeAddresses, 1],
    [S3.listBuckets, 6], [S3.getBucketLocation, 3], [S3.getBucketPolicy, 2], [S3.getBucketAcl, 1], [S3.getBucketVersioning, 1], [S3.getBucketTagging, 1],
    [IAM.listRoles, 3], [IAM.getRole, 3], [IAM.listAttachedRolePolicies, 2], [IAM.listUsers, 1], [IAM.getPolicy, 1],
    [LAMBDA.listFunctions, 3], [LAMBDA.getFunction, 3], [LAMBDA.getPolicy, 1],
    [LOGS.describeLogGroups, 4], [LOGS.describeLogStreams, 3], [LOGS.filterLogEvents, 3], [LOGS.startQuery, 1], [LOGS.getQueryResults, 2],
    [CLOUDWATCH.describeAlarms, 4], [CLOUDWATCH.getMetricData, 6], [CLOUDWATCH.listMetrics, 1], [CLOUDWATCH.describeAlarmHistory, 1],
    [RDS.describeDBInstances, 2], [RDS.describeEvents, 1], [CLOUDFORMATION.describeStacks, 3], [CLOUDFORMATION.listStacks, 1],
    [ELB.describeLoadBalancers, 1], [ELB.describeTargetHealth, 2], [SSM.describeInstanceInformation, 1], [SSM.startSession, 0.5],
    [HEALTH.describeEvents, 1], [STS.getCallerIdentity, 2], [KMS.listAliases, 0.5],
    [EC2.createTags, 0.6], [EC2.authorizeInternalIngress, 0.15], [S3.putBucketTagging, 0.2], [LAMBDA.updateFunctionConfiguration, 0.3], [EC2.stopInstances, 0.1], [EC2.startInstances, 0.1],
    [CONSOLE_LOGIN, 1.2],
  ],
  /** Developers in the development account: logs, functions, instances, and more changes. */
  developer: [
    [EC2.describeInstances, 8], [EC2.describeSecurityGroups, 2], [LAMBDA.listFunctions, 4], [LAMBDA.getFunction, 5], [LAMBDA.getFunctionConfiguration, 2],
    [LOGS.describeLogGroups, 4], [LOGS.describeLogStreams, 5], [LOGS.filterLogEvents, 6], [LOGS.startQuery, 2], [LOGS.getQueryResults, 4],
    [CLOUDWATCH.getMetricData, 4], [CLOUDWATCH.describeAlarms, 1], [S3.listBuckets, 3], [S3.getBucketLocation, 1], [CLOUDFORMATION.describeStacks, 3], [CLOUDFORMATION.describeStackEvents, 2],
    [SSM.getParameter, 2], [SSM.startSession, 1], [RDS.describeDBInstances, 1], [STS.getCallerIdentity, 2],
    [LAMBDA.updateFunctionConfiguration, 1], [LAMBDA.updateFunctionCode, 0.8], [EC2.createTags, 0.8], [EC2.stopInstances, 0.4], [EC2.startInstances, 0.4], [EC2.authorizeInternalIngress, 0.2],
    [CONSOLE_LOGIN, 1],
  ],
  /** The organization's administrators in the management account. */
  orgAdmin: [
    [ORGANIZATIONS.listAccounts, 4], [ORGANIZATIONS.describeOrganization, 3], [ORGANIZATIONS.listRoots, 1], [ORGANIZATIONS.listPoliciesForTarget, 2],
    [IAM.listUsers, 3], [IAM.listRoles, 3], [IAM.getRole, 2], [IAM.getAccountSummary, 2], [IAM.listAccessKeys, 2], [IAM.listMFADevices, 1], [IAM.generateCredentialReport, 1], [IAM.getAccountPasswordPolicy, 1],
    [S3.listBuckets, 3], [S3.getBucketPolicy, 1], [EC2.describeInstances, 3], [CLOUDWATCH.describeAlarms, 1], [HEALTH.describeEvents, 1], [BILLING.getCostAndUsage, 1],
    [IAM.attachRolePolicy, 0.1], [IAM.tagRole, 0.2], [CONSOLE_LOGIN, 1.5],
  ],
  finance: [[BILLING.getCostAndUsage, 8], [BILLING.getCostForecast, 3], [BILLING.describeBudgets, 3], [BILLING.describeReportDefinitions, 1], [ORGANIZATIONS.listAccounts, 2], [CONSOLE_LOGIN, 2]],
  /** `terraform plan` reads everything it manages, `apply` changes a little. */
  terraform: [
    [STS.getCallerIdentity, 3], [IAM.getRole, 8], [IAM.listRolePolicies, 6], [IAM.listAttachedRolePolicies, 6], [IAM.getPolicy, 4], [IAM.getPolicyVersion, 4], [IAM.getUser, 1],
    [S3.getBucketPolicy, 3], [S3.getBucketAcl, 3], [S3.getBucketVersioning, 3], [S3.getBucketEncryption, 3], [S3.getBucketLogging, 2], [S3.getBucketTagging, 2], [S3.getBucketPublicAccessBlock, 2],
    [EC2.describeVpcs, 3], [EC2.describeSubnets, 3], [EC2.describeSecurityGroups, 4], [EC2.describeRouteTables, 2], [EC2.describeNatGateways, 1], [EC2.describeInstances, 2],
    [ORGANIZATIONS.describeOrganization, 2], [ORGANIZATIONS.listAccounts, 1], [KMS.describeKey, 2], [LOGS.describeLogGroups, 2], [LAMBDA.getFunction, 2],
    [IAM.tagRole, 0.3], [S3.putBucketTagging, 0.2], [EC2.createTags, 0.2],
  ],
  /** GitHub Actions deploying the shop: CloudFormation change sets, function code, SSM commands. */
  deploy: [
    [STS.getCallerIdentity, 4], [CLOUDFORMATION.describeStacks, 8], [CLOUDFORMATION.describeStackEvents, 6], [CLOUDFORMATION.createChangeSet, 1], [CLOUDFORMATION.describeChangeSet, 3], [CLOUDFORMATION.executeChangeSet, 1],
    [LAMBDA.getFunction, 3], [LAMBDA.updateFunctionCode, 1], [EC2.describeInstances, 3], [SSM.sendCommand, 1], [SSM.listCommandInvocations, 4], [S3.listBuckets, 1],
  ],
  /** AWS Config's recorder describing every resource it records. */
  configRecorder: [
    [EC2.describeInstances, 6], [EC2.describeSecurityGroups, 6], [EC2.describeVpcs, 3], [EC2.describeSubnets, 3], [EC2.describeNetworkInterfaces, 4], [EC2.describeVolumes, 3], [EC2.describeRouteTables, 2], [EC2.describeNatGateways, 1],
    [S3.getBucketAcl, 3], [S3.getBucketPolicy, 3], [S3.getBucketVersioning, 2], [S3.getBucketEncryption, 2], [S3.getBucketLogging, 2], [S3.getBucketTagging, 2], [S3.getBucketPublicAccessBlock, 2],
    [IAM.getRole, 3], [IAM.listRolePolicies, 2], [IAM.listAttachedRolePolicies, 2], [IAM.getPolicy, 1], [LAMBDA.getFunction, 2], [LAMBDA.getPolicy, 1], [RDS.describeDBInstances, 1],
  ],
  /** The SSM agent on every instance checks in every few minutes; the CloudWatch agent reads its tags. */
  instanceAgent: [[SSM.updateInstanceInformation, 10], [SSM.listInstanceAssociations, 4], [EC2.describeTags, 1], [LOGS.createLogStream, 0.3]],
  /** Lambda functions reading their configuration and secrets. */
  functionRuntime: [[SECRETS.getSecretValue, 5], [SSM.getParameter, 3], [KMS.decrypt, 3]],
  reporting: [[ANALYTICS.startQueryExecution, 3], [ANALYTICS.getQueryExecution, 8], [ANALYTICS.getQueryResults, 4], [ANALYTICS.getTable, 2], [ANALYTICS.getDatabase, 1], [ANALYTICS.getPartitions, 2], [S3.getBucketLocation, 1]],
  lambdaService: [[SERVICE.lambdaAssumesRole, 1]],
  ec2Service: [[SERVICE.ec2AssumesRole, 1]],
  cloudtrailService: [[SERVICE.cloudtrailChecksBucket, 1]],
  backup: [[BACKUP.listBackupJobs, 4], [BACKUP.describeBackupVault, 2], [BACKUP.listRecoveryPoints, 3], [RDS.describeDBSnapshots, 3], [RDS.describeDBInstances, 1], [RDS.createDBSnapshot, 0.3], [CONSOLE_LOGIN, 1]],
} satisfies Record<string, ActivityMix>;
