import { ACCOUNTS, type GeneratedAccount } from './accounts.js';
import { IAM_USERS, ssoRoleName, SSO_ROLE_PATH, type PermissionSet } from './cloudtrail-actors.js';
import { roleId, userPrincipalId } from './cloudtrail-record.js';
import { INVENTORY, type IngressRule, type Instance, type RegionInventory, type SecurityGroup } from './inventory.js';
import { stableId, type Random } from './random.js';
import { DAY, HOUR, MINUTE, activityLevel, isoMillis, startOfUtcDay, type TimeWindow } from './rhythm.js';

/** An AWS Config configuration item, flat, as the lake stores it (unwrapped from EventBridge). */
export interface ConfigItem {
  configurationItemVersion: '1.3';
  configurationItemCaptureTime: string;
  configurationItemStatus: 'OK' | 'ResourceDiscovered' | 'ResourceDeleted';
  configurationStateId: string;
  configurationStateMd5Hash: '';
  awsAccountId: string;
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  ARN: string;
  awsRegion: string;
  availabilityZone: string;
  resourceCreationTime?: string;
  tags: Record<string, string>;
  relatedEvents: string[];
  relationships: { resourceType: string; resourceId: string; resourceName?: string; relationshipName: string }[];
  configuration: object | null;
  supplementaryConfiguration: object;
  resourceTransitionStatus: 'None';
}

/** What a resource is, independent of when it is recorded. */
export interface ConfigResource {
  account: GeneratedAccount;
  region: string;
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  arn: string;
  availabilityZone: string;
  resourceCreationTime: string;
}

export interface ConfigState {
  configuration: object;
  supplementaryConfiguration?: object;
  tags?: Record<string, string>;
  relationships?: ConfigItem['relationships'];
}

/** One recording of a resource at `capture` (epoch ms); a deleted resource has no configuration. */
export function configItem(resource: ConfigResource, capture: number, state: ConfigState | 'deleted', relatedEvents: string[] = [], status: ConfigItem['configurationItemStatus'] = 'OK'): ConfigItem {
  const deleted = state === 'deleted';
  return {
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: isoMillis(capture),
    configurationItemStatus: deleted ? 'ResourceDeleted' : status,
    configurationStateId: String(capture),
    configurationStateMd5Hash: '',
    awsAccountId: resource.account.id,
    resourceType: resource.resourceType,
    resourceId: resource.resourceId,
    resourceName: resource.resourceName,
    ARN: resource.arn,
    awsRegion: resource.region,
    availabilityZone: resource.availabilityZone,
    resourceCreationTime: resource.resourceCreationTime,
    tags: deleted ? {} : (state.tags ?? {}),
    relatedEvents,
    relationships: deleted ? [] : (state.relationships ?? []),
    configuration: deleted ? null : state.configuration,
    supplementaryConfiguration: deleted ? {} : (state.supplementaryConfiguration ?? {}),
    resourceTransitionStatus: 'None',
  };
}

// ---- EC2 instances ---------------------------------------------------------------------------------

export function instanceResource(instance: Instance, inventory: RegionInventory): ConfigResource {
  return {
    account: inventory.account,
    region: inventory.region,
    resourceType: 'AWS::EC2::Instance',
    resourceId: instance.id,
    resourceName: instance.name,
    arn: `arn:aws:ec2:${inventory.region}:${inventory.account.id}:instance/${instance.id}`,
    availabilityZone: instance.subnet.az,
    resourceCreationTime: instance.launchTime,
  };
}

export type InstanceStateName = 'running' | 'stopped' | 'terminated';
const STATE_CODES: Record<InstanceStateName, number> = { running: 16, stopped: 80, terminated: 48 };

/** An instance's recorded state; `changedAt` (epoch ms) is when it left `running`, if it did. */
export function instanceState(instance: Instance, inventory: RegionInventory, state: InstanceStateName, tags: Record<string, string>, changedAt?: number): ConfigState {
  const dns = `ip-${instance.privateIp.replace(/\./g, '-')}.${inventory.region}.compute.internal`;
  const volumeId = `vol-0${stableId(`${instance.id}/root`, 'hex', 16)}`;
  const group = { groupName: instance.securityGroup.name, groupId: instance.securityGroup.id };
  return {
    configuration: {
      instanceId: instance.id,
      imageId: instance.imageId,
      state: { code: STATE_CODES[state], name: state },
      privateDnsName: dns,
      publicDnsName: instance.publicIp && state === 'running' ? `ec2-${instance.publicIp.replace(/\./g, '-')}.${inventory.region}.compute.amazonaws.com` : '',
      stateTransitionReason: changedAt === undefined ? '' : `User initiated (${isoMillis(changedAt).slice(0, 19).replace('T', ' ')} GMT)`,
      instanceType: instance.type,
      launchTime: instance.launchTime,
      placement: { availabilityZone: instance.subnet.az, groupName: '', tenancy: 'default' },
      monitoring: { state: 'disabled' },
      subnetId: instance.subnet.id,
      vpcId: inventory.vpc!.id,
      privateIpAddress: instance.privateIp,
      publicIpAddress: state === 'running' ? (instance.publicIp ?? null) : null,
      architecture: 'x86_64',
      rootDeviceType: 'ebs',
      rootDeviceName: '/dev/xvda',
      blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeId, status: 'attached', attachTime: instance.launchTime, deleteOnTermination: true } }],
      iamInstanceProfile: { arn: `arn:aws:iam::${inventory.account.id}:instance-profile/${instance.roleName}` },
      securityGroups: [group],
      networkInterfaces: [{ networkInterfaceId: instance.eniId, subnetId: instance.subnet.id, vpcId: inventory.vpc!.id, privateIpAddress: instance.privateIp, groups: [group], status: 'in-use' }],
      metadataOptions: { state: 'applied', httpTokens: 'required', httpPutResponseHopLimit: 2, httpEndpoint: 'enabled' },
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    },
    tags,
    relationships: [
      { resourceType: 'AWS::EC2::NetworkInterface', resourceId: instance.eniId, relationshipName: 'Contains NetworkInterface' },
      { resourceType: 'AWS::EC2::SecurityGroup', resourceId: instance.securityGroup.id, relationshipName: 'Is associated with SecurityGroup' },
      { resourceType: 'AWS::EC2::Subnet', resourceId: instance.subnet.id, relationshipName: 'Is contained in Subnet' },
      { resourceType: 'AWS::EC2::Volume', resourceId: volumeId, relationshipName: 'Is attached to Volume' },
      { resourceType: 'AWS::EC2::VPC', resourceId: inventory.vpc!.id, relationshipName: 'Is contained in Vpc' },
    ],
  };
}

export function instanceTags(instance: Instance, inventory: RegionInventory): Record<string, string> {
  return { Name: instance.name, environment: inventory.account.alias, role: instance.role };
}

// ---- security groups --------------------------------------------------------------------------------

export function securityGroupResource(group: SecurityGroup, inventory: RegionInventory): ConfigResource {
  return {
    account: inventory.account,
    region: inventory.region,
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: group.id,
    resourceName: group.name,
    arn: `arn:aws:ec2:${inventory.region}:${inventory.account.id}:security-group/${group.id}`,
    availabilityZone: 'Not Applicable',
    resourceCreationTime: '2023-11-06T14:02:31.000Z',
  };
}

/** Config's shape of a group's rules: one permission per protocol and port range. */
export function securityGroupState(group: SecurityGroup, inventory: RegionInventory, rules: readonly IngressRule[]): ConfigState {
  const byPorts = new Map<string, IngressRule[]>();
  for (const rule of rules) {
    const key = `${rule.protocol}/${rule.fromPort}/${rule.toPort}`;
    byPorts.set(key, [...(byPorts.get(key) ?? []), rule]);
  }
  const ipPermissions = [...byPorts.values()].map((same) => {
    const cidrs = same.filter((r) => r.cidr);
    return {
      ipProtocol: same[0]!.protocol,
      fromPort: same[0]!.fromPort,
      toPort: same[0]!.toPort,
      userIdGroupPairs: same.filter((r) => r.sourceGroupId).map((r) => ({ groupId: r.sourceGroupId, userId: inventory.account.id })),
      ipv4Ranges: cidrs.map((r) => ({ cidrIp: r.cidr, ...(r.description ? { description: r.description } : {}) })),
      ipv6Ranges: [],
      prefixListIds: [],
      ipRanges: cidrs.map((r) => r.cidr),
    };
  });
  return {
    configuration: {
      ownerId: inventory.account.id,
      groupName: group.name,
      groupId: group.id,
      description: group.description,
      ipPermissions,
      ipPermissionsEgress: [{ ipProtocol: '-1', userIdGroupPairs: [], ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }], ipv6Ranges: [], prefixListIds: [], ipRanges: ['0.0.0.0/0'] }],
      vpcId: inventory.vpc!.id,
      tags: [{ key: 'Name', value: group.name }],
    },
    tags: { Name: group.name },
    relationships: [{ resourceType: 'AWS::EC2::VPC', resourceId: inventory.vpc!.id, relationshipName: 'Is contained in Vpc' }],
  };
}

// ---- S3 buckets ---------------------------------------------------------------------------------------

function bucketResource(bucket: string, inventory: RegionInventory): ConfigResource {
  return { account: inventory.account, region: inventory.region, resourceType: 'AWS::S3::Bucket', resourceId: bucket, resourceName: bucket, arn: `arn:aws:s3:::${bucket}`, availabilityZone: 'Regional', resourceCreationTime: '2023-03-02T10:14:55.000Z' };
}

function bucketState(bucket: string, inventory: RegionInventory, versioning: 'Enabled' | 'Suspended', tags: Record<string, string>): ConfigState {
  return {
    configuration: { name: bucket, owner: { displayName: null, id: stableId(`${inventory.account.id}/canonical`, 'hex', 64) }, creationDate: '2023-03-02T10:14:55.000Z' },
    supplementaryConfiguration: {
      BucketVersioningConfiguration: { status: versioning, isMfaDeleteEnabled: null },
      PublicAccessBlockConfiguration: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
      ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, bucketKeyEnabled: true }] },
      BucketLoggingConfiguration: { destinationBucketName: null, logFilePrefix: null },
      IsRequesterPaysEnabled: false,
    },
    tags,
  };
}

// ---- IAM roles and users (global) -----------------------------------------------------------------------

export function iamRoleResource(account: GeneratedAccount, roleName: string, path: string): ConfigResource {
  return { account, region: 'global', resourceType: 'AWS::IAM::Role', resourceId: roleId(account.id, roleName), resourceName: roleName, arn: `arn:aws:iam::${account.id}:role${path}${roleName}`, availabilityZone: 'Not Applicable', resourceCreationTime: '2023-02-14T08:30:00.000Z' };
}

function iamRoleState(account: GeneratedAccount, roleName: string, path: string, trustedService: string, policies: readonly string[]): ConfigState {
  return {
    configuration: {
      path,
      roleName,
      roleId: roleId(account.id, roleName),
      arn: `arn:aws:iam::${account.id}:role${path}${roleName}`,
      createDate: '2023-02-14T08:30:00.000Z',
      assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: trustedService }, Action: 'sts:AssumeRole' }] },
      instanceProfileList: [],
      rolePolicyList: [],
      attachedManagedPolicies: policies.map((arn) => ({ policyName: arn.split('/').pop(), policyArn: arn })),
      tags: [],
    },
    relationships: policies.map((arn) => ({ resourceType: 'AWS::IAM::Policy', resourceId: arn, resourceName: arn.split('/').pop(), relationshipName: 'Is attached to AWSManagedPolicy' })),
  };
}

export function iamUserResource(account: GeneratedAccount, userName: string, created: string): ConfigResource {
  return { account, region: 'global', resourceType: 'AWS::IAM::User', resourceId: userPrincipalId(account.id, userName), resourceName: userName, arn: `arn:aws:iam::${account.id}:user/${userName}`, availabilityZone: 'Not Applicable', resourceCreationTime: created };
}

export function iamUserState(account: GeneratedAccount, userName: string, created: string, policies: readonly string[]): ConfigState {
  return {
    configuration: {
      path: '/',
      userName,
      userId: userPrincipalId(account.id, userName),
      arn: `arn:aws:iam::${account.id}:user/${userName}`,
      createDate: created,
      userPolicyList: [],
      groupList: [],
      attachedManagedPolicies: policies.map((arn) => ({ policyName: arn.split('/').pop(), policyArn: arn })),
      permissionsBoundary: null,
      tags: [],
    },
    relationships: policies.map((arn) => ({ resourceType: 'AWS::IAM::Policy', resourceId: arn, resourceName: arn.split('/').pop(), relationshipName: 'Is attached to AWSManagedPolicy' })),
  };
}

const POLICY = (name: string) => `arn:aws:iam::aws:policy/${name}`;

/** The IAM users' policies as recorded; svc-reporting's IAMFullAccess is the legacy mistake the stolen key exploits. */
const USER_POLICIES: Record<string, string[]> = {
  'hans.mueller': [POLICY('AdministratorAccess')],
  'priya.sharma': [POLICY('job-function/Billing'), POLICY('ReadOnlyAccess')],
  'terraform-ci': [POLICY('AdministratorAccess')],
  'svc-reporting': [POLICY('AmazonAthenaFullAccess'), POLICY('AmazonS3ReadOnlyAccess'), POLICY('IAMFullAccess')],
  'backup-operator': [POLICY('AWSBackupOperatorAccess'), POLICY('AmazonRDSReadOnlyAccess')],
};

interface RoleSpec {
  account: GeneratedAccount;
  roleName: string;
  path: string;
  trustedService: string;
  policies: string[];
}

function roleSpecs(): RoleSpec[] {
  const sets: PermissionSet[] = ['AdministratorAccess', 'DeveloperAccess', 'ReadOnlyAccess'];
  return ACCOUNTS.flatMap((account) => {
    const regions = INVENTORY.filter((r) => r.account === account);
    const instanceRoles = [...new Set(regions.flatMap((r) => r.instances.map((i) => i.roleName)))];
    const functionRoles = [...new Set(regions.flatMap((r) => r.functions.map((f) => f.roleName)))];
    return [
      ...sets.map((set) => ({ account, roleName: ssoRoleName(account.id, set), path: SSO_ROLE_PATH, trustedService: 'sso.amazonaws.com', policies: [set === 'DeveloperAccess' ? POLICY('PowerUserAccess') : POLICY(set)] })),
      ...instanceRoles.map((roleName) => ({ account, roleName, path: '/', trustedService: 'ec2.amazonaws.com', policies: [POLICY('AmazonSSMManagedInstanceCore'), POLICY('CloudWatchAgentServerPolicy')] })),
      ...functionRoles.map((roleName) => ({ account, roleName, path: '/service-role/', trustedService: 'lambda.amazonaws.com', policies: [POLICY('service-role/AWSLambdaVPCAccessExecutionRole')] })),
      ...(account.alias === 'main' ? [] : [{ account, roleName: 'github-actions-deploy', path: '/', trustedService: 'token.actions.githubusercontent.com', policies: [POLICY('PowerUserAccess')] }]),
    ];
  });
}

// ---- normal recording: a baseline at the start, then the changes of ordinary work ---------------------

export interface ConfigOptions {
  random: Random;
  window: TimeWindow;
  /** Instances terminated during the window (id → epoch ms): no routine changes after that. */
  retiredInstances?: ReadonlyMap<string, number>;
}

/** A resource the recorder tracks, with its current state and how a routine change alters it. */
interface Tracked {
  resource: ConfigResource;
  state: ConfigState;
  change?: (random: Random) => ConfigState;
  retiredAt?: number;
}

const TEAMS = ['payments', 'platform', 'shop', 'data'];

function trackedResources(options: ConfigOptions): Tracked[] {
  const tracked: Tracked[] = [];
  for (const inventory of INVENTORY) {
    for (const instance of inventory.instances) {
      let tags = instanceTags(instance, inventory);
      tracked.push({
        resource: instanceResource(instance, inventory),
        state: instanceState(instance, inventory, 'running', tags),
        change: (random) => instanceState(instance, inventory, 'running', (tags = { ...tags, team: random.pick(TEAMS), 'patch-group': random.pick(['weekly', 'monthly']) })),
        retiredAt: options.retiredInstances?.get(instance.id),
      });
    }
    for (const group of inventory.securityGroups) {
      let rules = group.ingress;
      // The bastion's group only changes in its incident.
      const change = group.name.includes('bastion')
        ? undefined
        : (random: Random) => {
            const port = random.pick([443, 8080, 9090]);
            rules = rules.length > group.ingress.length ? group.ingress : [...group.ingress, { protocol: 'tcp', fromPort: port, toPort: port, cidr: `10.${random.between(10, 40)}.0.0/16`, description: 'peered VPC' }];
            return securityGroupState(group, inventory, rules);
          };
      tracked.push({ resource: securityGroupResource(group, inventory), state: securityGroupState(group, inventory, rules), change });
    }
    for (const bucket of inventory.buckets) {
      let versioning: 'Enabled' | 'Suspended' = 'Enabled';
      let tags: Record<string, string> = { environment: inventory.account.alias };
      tracked.push({
        resource: bucketResource(bucket, inventory),
        state: bucketState(bucket, inventory, versioning, tags),
        change: (random) => {
          if (random.chance(0.3)) versioning = versioning === 'Enabled' ? 'Suspended' : 'Enabled';
          else tags = { ...tags, team: random.pick(TEAMS) };
          return bucketState(bucket, inventory, versioning, tags);
        },
      });
    }
  }
  for (const spec of roleSpecs()) {
    let policies = spec.policies;
    tracked.push({
      resource: iamRoleResource(spec.account, spec.roleName, spec.path),
      state: iamRoleState(spec.account, spec.roleName, spec.path, spec.trustedService, policies),
      change: spec.path === SSO_ROLE_PATH ? undefined : () => {
        policies = policies.length > spec.policies.length ? spec.policies : [...spec.policies, POLICY('AmazonS3ReadOnlyAccess')];
        return iamRoleState(spec.account, spec.roleName, spec.path, spec.trustedService, policies);
      },
    });
  }
  for (const user of Object.values(IAM_USERS)) {
    const account = ACCOUNTS.find((a) => a.alias === user.alias)!;
    tracked.push({ resource: iamUserResource(account, user.userName, '2022-06-01T09:00:00.000Z'), state: iamUserState(account, user.userName, '2022-06-01T09:00:00.000Z', USER_POLICIES[user.userName]!) });
  }
  return tracked;
}

/** Configuration items over the window: every resource once at the start, then a few changes a working day. */
export function normalConfigItems(options: ConfigOptions): ConfigItem[] {
  const { random, window } = options;
  const tracked = trackedResources(options);
  const items = tracked.map((t) => configItem(t.resource, window.from + random.between(MINUTE, 90 * MINUTE), t.state));
  const changeable = tracked.filter((t) => t.change);
  for (let day = startOfUtcDay(window.from); day < window.to; day += DAY) {
    const changes = random.count(8 * activityLevel('office', day + 12 * HOUR));
    for (let i = 0; i < changes; i++) {
      const at = day + random.between(7 * HOUR, 17 * HOUR);
      const target = random.pick(changeable);
      if (at < window.from + 2 * HOUR || at >= window.to || at >= (target.retiredAt ?? Infinity)) continue;
      target.state = target.change!(random);
      items.push(configItem(target.resource, at, target.state));
    }
  }
  return items.sort((a, b) => a.configurationItemCaptureTime.localeCompare(b.configurationItemCaptureTime));
}
