import type { GeneratedAccount } from './accounts.js';
import { userPrincipalId } from './cloudtrail-record.js';
import { INVENTORY, findInstance, type Instance, type RegionInventory } from './inventory.js';
import { stableId, type Random } from './random.js';
import { DAY, HOUR, MINUTE, isoMillis, isoSeconds, type TimeWindow } from './rhythm.js';
import { publicIp } from './flowlogs.js';

/** A GuardDuty finding as EventBridge delivers it (`detail-type: GuardDuty Finding`). */
export interface GuardDutyEvent {
  version: '0';
  id: string;
  'detail-type': 'GuardDuty Finding';
  source: 'aws.guardduty';
  account: string;
  time: string;
  region: string;
  resources: [];
  detail: GuardDutyFinding;
}

export interface GuardDutyFinding {
  schemaVersion: '2.0';
  accountId: string;
  region: string;
  partition: 'aws';
  id: string;
  arn: string;
  type: string;
  resource: object;
  service: object;
  severity: number;
  createdAt: string;
  updatedAt: string;
  title: string;
  description: string;
}

export interface FindingSpec {
  account: GeneratedAccount;
  region: string;
  type: string;
  severity: number;
  title: string;
  description: string;
  resource: object;
  action: object;
  firstSeen: number;
  lastSeen: number;
  count: number;
  /** The same finding updated later keeps its id. */
  findingId: string;
  evidence?: object;
  additionalInfo?: object;
}

export function detectorId(accountId: string, region: string): string {
  return stableId(`${accountId}/${region}/guardduty-detector`, 'hex', 32);
}

/** The EventBridge event GuardDuty sends when a finding is created or updated (at `lastSeen`). */
export function guardDutyEvent(spec: FindingSpec, random: Random): GuardDutyEvent {
  const { account, region } = spec;
  const detector = detectorId(account.id, region);
  const updatedAt = spec.lastSeen + random.between(2 * MINUTE, 6 * MINUTE);
  return {
    version: '0',
    id: random.uuid(),
    'detail-type': 'GuardDuty Finding',
    source: 'aws.guardduty',
    account: account.id,
    time: isoSeconds(updatedAt),
    region,
    resources: [],
    detail: {
      schemaVersion: '2.0',
      accountId: account.id,
      region,
      partition: 'aws',
      id: spec.findingId,
      arn: `arn:aws:guardduty:${region}:${account.id}:detector/${detector}/finding/${spec.findingId}`,
      type: spec.type,
      resource: spec.resource,
      service: {
        serviceName: 'guardduty',
        detectorId: detector,
        action: spec.action,
        resourceRole: 'TARGET',
        additionalInfo: { value: JSON.stringify(spec.additionalInfo ?? {}), type: 'default', ...spec.additionalInfo },
        evidence: spec.evidence ?? null,
        eventFirstSeen: isoMillis(Math.floor(spec.firstSeen / 1000) * 1000),
        eventLastSeen: isoMillis(Math.floor(spec.lastSeen / 1000) * 1000),
        archived: false,
        count: spec.count,
      },
      severity: spec.severity,
      createdAt: isoMillis(spec.firstSeen + 2 * MINUTE + 217),
      updatedAt: isoMillis(updatedAt),
      title: spec.title,
      description: spec.description,
    },
  };
}

export interface RemoteIp {
  ip: string;
  asn: string;
  asnOrg: string;
  isp: string;
  country: string;
  city: string;
  lat: number;
  lon: number;
}

export function remoteIpDetails(remote: RemoteIp): object {
  return {
    ipAddressV4: remote.ip,
    organization: { asn: remote.asn, asnOrg: remote.asnOrg, isp: remote.isp, org: remote.isp },
    country: { countryName: remote.country },
    city: { cityName: remote.city },
    geoLocation: { lat: remote.lat, lon: remote.lon },
  };
}

export function instanceResource(instance: Instance, inventory: RegionInventory): object {
  const dns = `ip-${instance.privateIp.replace(/\./g, '-')}.${inventory.region}.compute.internal`;
  return {
    resourceType: 'Instance',
    instanceDetails: {
      instanceId: instance.id,
      instanceType: instance.type,
      launchTime: instance.launchTime,
      platform: null,
      productCodes: [],
      iamInstanceProfile: { arn: `arn:aws:iam::${inventory.account.id}:instance-profile/${instance.roleName}`, id: `AIPA${stableId(`${inventory.account.id}/profile/${instance.roleName}`, 'base32', 17)}` },
      networkInterfaces: [
        {
          networkInterfaceId: instance.eniId,
          privateIpAddresses: [{ privateDnsName: dns, privateIpAddress: instance.privateIp }],
          subnetId: instance.subnet.id,
          vpcId: inventory.vpc!.id,
          privateDnsName: dns,
          securityGroups: [{ groupName: instance.securityGroup.name, groupId: instance.securityGroup.id }],
          publicIp: instance.publicIp ?? null,
          ipv6Addresses: [],
          publicDnsName: instance.publicIp ? `ec2-${instance.publicIp.replace(/\./g, '-')}.${inventory.region}.compute.amazonaws.com` : '',
          privateIpAddress: instance.privateIp,
        },
      ],
      tags: [{ key: 'Name', value: instance.name }],
      instanceState: 'running',
      availabilityZone: instance.subnet.az,
      imageId: instance.imageId,
      imageDescription: 'Amazon Linux 2023 AMI',
    },
  };
}

export function accessKeyResource(accountId: string, userName: string, accessKeyId: string, userType = 'IAMUser'): object {
  return { resourceType: 'AccessKey', accessKeyDetails: { accessKeyId, principalId: userPrincipalId(accountId, userName), userType, userName } };
}

function bucketResource(inventory: RegionInventory, bucket: string): object {
  return {
    resourceType: 'S3Bucket',
    s3BucketDetails: [{ arn: `arn:aws:s3:::${bucket}`, name: bucket, type: 'Destination', createdAt: '2023-03-02T10:14:55.000Z', owner: { id: stableId(`${inventory.account.id}/canonical`, 'hex', 64) }, tags: [], defaultServerSideEncryption: { encryptionType: 'AES256' }, publicAccess: { effectivePermission: 'NOT_PUBLIC' } }],
  };
}

// ---- background findings: a few a week, of the kinds a real organization sees --------------------

interface BackgroundKind {
  type: string;
  severity: number;
  build: (random: Random) => Omit<FindingSpec, 'type' | 'severity' | 'firstSeen' | 'lastSeen' | 'count' | 'findingId'>;
}

const SCANNER_GEO: Omit<RemoteIp, 'ip'>[] = [
  { asn: '64496', asnOrg: 'EXAMPLE-TRANSIT-AS', isp: 'Example Transit', country: 'Brazil', city: 'Sao Paulo', lat: -23.55, lon: -46.63 },
  { asn: '64497', asnOrg: 'EXAMPLE-CLOUD-AS', isp: 'Example Cloud Hosting', country: 'Singapore', city: 'Singapore', lat: 1.29, lon: 103.85 },
  { asn: '64498', asnOrg: 'EXAMPLE-BROADBAND-AS', isp: 'Example Broadband', country: 'Viet Nam', city: 'Hanoi', lat: 21.03, lon: 105.85 },
];

const inventoryOf = (accountAlias: string, region: string) => INVENTORY.find((i) => i.account.alias === accountAlias && i.region === region)!;

const BACKGROUND: BackgroundKind[] = [
  {
    type: 'UnauthorizedAccess:EC2/SSHBruteForce',
    severity: 2,
    build: (random) => {
      const { instance, inventory } = findInstance('dev-build-1');
      const remote = { ip: publicIp(random), ...random.pick(SCANNER_GEO) };
      return {
        account: inventory.account, region: inventory.region, resource: instanceResource(instance, inventory),
        action: { actionType: 'NETWORK_CONNECTION', networkConnectionAction: { connectionDirection: 'INBOUND', protocol: 'TCP', blocked: false, localPortDetails: { port: 22, portName: 'SSH' }, remotePortDetails: { port: random.between(32768, 60999), portName: 'Unknown' }, remoteIpDetails: remoteIpDetails(remote), localIpDetails: { ipAddressV4: instance.privateIp } } },
        title: `${remote.ip} is performing SSH brute force attacks against ${instance.id}.`,
        description: `${remote.ip} is performing SSH brute force attacks against ${instance.id}. Brute force attacks are used to gain unauthorized access to your instance by guessing the SSH password.`,
      };
    },
  },
  {
    type: 'CryptoCurrency:EC2/BitcoinTool.B!DNS',
    severity: 8,
    build: () => {
      const { instance, inventory } = findInstance('dev-experiments-1');
      return {
        account: inventory.account, region: inventory.region, resource: instanceResource(instance, inventory),
        action: { actionType: 'DNS_REQUEST', dnsRequestAction: { domain: 'pool.supportxmr.com', protocol: 'UDP', blocked: false } },
        title: `EC2 instance ${instance.id} is querying a domain name that is associated with Bitcoin-related activity.`,
        description: `EC2 instance ${instance.id} is querying a domain name that is associated with Bitcoin-related activity.`,
      };
    },
  },
  {
    type: 'Policy:IAMUser/RootCredentialUsage',
    severity: 2,
    build: (random) => {
      const inventory = inventoryOf('main', 'us-east-1');
      const ip = '203.0.113.41';
      return {
        account: inventory.account, region: 'us-east-1', resource: accessKeyResource(inventory.account.id, 'Root', '', 'Root'),
        action: { actionType: 'AWS_API_CALL', awsApiCallAction: { api: random.pick(['GetAccountSummary', 'ListUsers', 'GetBillingPreferences']), serviceName: 'iam.amazonaws.com', callerType: 'Remote IP', remoteIpDetails: remoteIpDetails({ ip, asn: '64499', asnOrg: 'EXAMPLE-DSL-AS', isp: 'Example DSL', country: 'Germany', city: 'Berlin', lat: 52.52, lon: 13.4 }), affectedResources: {} } },
        title: 'API GetAccountSummary was invoked using root credentials.',
        description: `API GetAccountSummary was invoked using root credentials from IP address ${ip}.`,
      };
    },
  },
  {
    type: 'Policy:S3/BucketBlockPublicAccessDisabled',
    severity: 2,
    build: () => {
      const inventory = inventoryOf('dev', 'eu-central-1');
      return {
        account: inventory.account, region: inventory.region, resource: bucketResource(inventory, 'acme-dev-scratch'),
        action: { actionType: 'AWS_API_CALL', awsApiCallAction: { api: 'PutBucketPublicAccessBlock', serviceName: 's3.amazonaws.com', callerType: 'Remote IP', affectedResources: { 'AWS::S3::Bucket': 'acme-dev-scratch' } } },
        title: 'Amazon S3 Block Public Access was disabled for S3 bucket acme-dev-scratch.',
        description: 'Amazon S3 Block Public Access was disabled for S3 bucket acme-dev-scratch. If this behavior is not expected, it may indicate a configuration mistake or that your credentials are compromised.',
      };
    },
  },
  {
    type: 'Stealth:S3/ServerAccessLoggingDisabled',
    severity: 2,
    build: () => {
      const inventory = inventoryOf('dev', 'eu-central-1');
      return {
        account: inventory.account, region: inventory.region, resource: bucketResource(inventory, 'acme-dev-artifacts'),
        action: { actionType: 'AWS_API_CALL', awsApiCallAction: { api: 'PutBucketLogging', serviceName: 's3.amazonaws.com', callerType: 'Remote IP', affectedResources: { 'AWS::S3::Bucket': 'acme-dev-artifacts' } } },
        title: 'Amazon S3 server access logging was disabled for S3 bucket acme-dev-artifacts.',
        description: 'Amazon S3 server access logging was disabled for S3 bucket acme-dev-artifacts.',
      };
    },
  },
  {
    type: 'Recon:EC2/PortProbeUnprotectedPort',
    severity: 2,
    build: (random) => {
      const { instance, inventory } = findInstance('prod-edge-1');
      const remote = { ip: publicIp(random), ...random.pick(SCANNER_GEO) };
      return {
        account: inventory.account, region: inventory.region, resource: instanceResource(instance, inventory),
        action: { actionType: 'PORT_PROBE', portProbeAction: { blocked: false, portProbeDetails: [{ localPortDetails: { port: 443, portName: 'HTTPS' }, remoteIpDetails: remoteIpDetails(remote), localIpDetails: { ipAddressV4: instance.privateIp } }] } },
        title: `Unprotected port on EC2 instance ${instance.id} is being probed.`,
        description: `EC2 instance has an unprotected port which is being probed by a known malicious host.`,
      };
    },
  },
];

export interface GuardDutyOptions {
  random: Random;
  window: TimeWindow;
  /** Findings per week across the organization (default 5). */
  perWeek?: number;
}

/** The organization's everyday findings: a few a week, low to high, some updated as they recur. */
export function backgroundFindings(options: GuardDutyOptions): GuardDutyEvent[] {
  const { random, window } = options;
  const weeks = (window.to - window.from) / (7 * DAY);
  const count = Math.max(2, Math.round((options.perWeek ?? 5) * weeks));
  const events: GuardDutyEvent[] = [];
  for (let i = 0; i < count; i++) {
    const kind = BACKGROUND[i % BACKGROUND.length]!;
    const firstSeen = window.from + random.int(window.to - window.from - 3 * HOUR);
    const spec = { ...kind.build(random), type: kind.type, severity: kind.severity, findingId: random.hex(32) };
    // GuardDuty sends the finding again when it recurs: same id, higher count, later lastSeen.
    const updates = random.between(1, 3);
    let lastSeen = firstSeen;
    for (let update = 1; update <= updates && lastSeen < window.to - 30 * MINUTE; update++) {
      events.push(guardDutyEvent({ ...spec, firstSeen, lastSeen, count: update }, random));
      lastSeen = Math.min(window.to - 20 * MINUTE, lastSeen + random.between(20 * MINUTE, 6 * HOUR));
    }
  }
  return events;
}
