import { ACCOUNTS, type GeneratedAccount } from './accounts.js';
import { stableId } from './random.js';

/**
 * The resources of the generated organization: VPCs, subnets, security groups, instances,
 * load balancers, databases, functions and buckets. Every table draws on this one inventory, so
 * an instance id in a flow log is the one CloudTrail, Config, GuardDuty and the CUR name too.
 * Ids are derived from names (not from the seed) and stay the same across seeds.
 */

export type SubnetTier = 'public' | 'app' | 'data';

export interface Subnet {
  id: string;
  name: string;
  tier: SubnetTier;
  cidr: string;
  az: string;
  azId: string;
}

export interface Vpc {
  id: string;
  name: string;
  cidr: string;
  subnets: Subnet[];
}

export interface IngressRule {
  protocol: 'tcp' | 'udp' | '-1';
  fromPort: number;
  toPort: number;
  cidr?: string;
  sourceGroupId?: string;
  description?: string;
}

export interface SecurityGroup {
  id: string;
  name: string;
  description: string;
  ingress: IngressRule[];
}

export type InstanceRole = 'web' | 'app' | 'worker' | 'bastion' | 'tools';

export interface Instance {
  id: string;
  name: string;
  role: InstanceRole;
  type: string;
  subnet: Subnet;
  privateIp: string;
  publicIp?: string;
  eniId: string;
  securityGroup: SecurityGroup;
  /** The IAM role of its instance profile. */
  roleName: string;
  imageId: string;
  launchTime: string;
}

/** An endpoint on the network that is not an instance: a load balancer node, a database, a NAT gateway. */
export interface NetworkEndpoint {
  id: string;
  name: string;
  kind: 'alb' | 'database' | 'cache' | 'nat';
  subnet: Subnet;
  privateIp: string;
  publicIp?: string;
  eniId: string;
  port?: number;
  engine?: string;
  instanceClass?: string;
}

export interface LambdaFunction {
  name: string;
  runtime: 'nodejs20.x' | 'python3.12';
  memoryMb: number;
  timeoutSeconds: number;
  roleName: string;
}

export interface RegionInventory {
  account: GeneratedAccount;
  region: string;
  vpc?: Vpc;
  securityGroups: SecurityGroup[];
  instances: Instance[];
  endpoints: NetworkEndpoint[];
  functions: LambdaFunction[];
  buckets: string[];
}

const AZ_IDS: Record<string, string[]> = {
  'eu-central-1': ['euc1-az2', 'euc1-az3', 'euc1-az1'],
  'eu-west-1': ['euw1-az1', 'euw1-az2', 'euw1-az3'],
  'us-east-1': ['use1-az4', 'use1-az6', 'use1-az1'],
};

/** The company's office egress addresses (documentation range), the one range SSH is meant for. */
export const OFFICE_CIDR = '198.51.100.0/24';
export const OFFICE_IPS = ['198.51.100.23', '198.51.100.24'];

function resourceId(prefix: string, key: string): string {
  return `${prefix}-0${stableId(key, 'hex', 16)}`;
}

interface RegionSpec {
  alias: GeneratedAccount['alias'];
  region: string;
  /** Second octet of the VPC's 10.x.0.0/16; no VPC when absent. */
  vpcOctet?: number;
  securityGroups?: { name: string; description: string; ingress: (groups: Record<string, string>) => IngressRule[] }[];
  instances?: { name: string; role: InstanceRole; type: string; subnet: string; host: number; group: string; roleName: string; publicIp?: string }[];
  endpoints?: { name: string; kind: NetworkEndpoint['kind']; subnet: string; host: number; port?: number; engine?: string; instanceClass?: string; publicIp?: string }[];
  functions?: LambdaFunction[];
  buckets?: string[];
}

const SUBNET_LAYOUT: { name: string; tier: SubnetTier; third: number; az: number }[] = [
  { name: 'public-a', tier: 'public', third: 0, az: 0 },
  { name: 'public-b', tier: 'public', third: 1, az: 1 },
  { name: 'app-a', tier: 'app', third: 10, az: 0 },
  { name: 'app-b', tier: 'app', third: 11, az: 1 },
  { name: 'data-a', tier: 'data', third: 20, az: 0 },
  { name: 'data-b', tier: 'data', third: 21, az: 1 },
];

const world = '0.0.0.0/0';

const SPECS: RegionSpec[] = [
  {
    alias: 'prod',
    region: 'eu-central-1',
    vpcOctet: 20,
    securityGroups: [
      { name: 'prod-alb-sg', description: 'Public HTTPS to the shop load balancer', ingress: () => [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidr: world, description: 'HTTPS from the internet' }] },
      { name: 'prod-app-sg', description: 'Shop application servers', ingress: (g) => [{ protocol: 'tcp', fromPort: 8080, toPort: 8080, sourceGroupId: g['prod-alb-sg'], description: 'from the load balancer' }] },
      { name: 'prod-worker-sg', description: 'Payment workers', ingress: (g) => [{ protocol: 'tcp', fromPort: 9090, toPort: 9090, sourceGroupId: g['prod-app-sg'], description: 'metrics scrape' }] },
      { name: 'prod-bastion-sg', description: 'SSH bastion', ingress: () => [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: OFFICE_CIDR, description: 'SSH from the office' }] },
      { name: 'prod-db-sg', description: 'Orders database', ingress: (g) => [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, sourceGroupId: g['prod-app-sg'] }, { protocol: 'tcp', fromPort: 5432, toPort: 5432, sourceGroupId: g['prod-worker-sg'] }] },
      { name: 'prod-cache-sg', description: 'Session cache', ingress: (g) => [{ protocol: 'tcp', fromPort: 6379, toPort: 6379, sourceGroupId: g['prod-app-sg'] }] },
    ],
    instances: [
      { name: 'prod-bastion-1', role: 'bastion', type: 't3.micro', subnet: 'public-a', host: 10, group: 'prod-bastion-sg', roleName: 'prod-bastion-role', publicIp: '3.121.45.17' },
      { name: 'prod-app-1', role: 'app', type: 'm5.large', subnet: 'app-a', host: 11, group: 'prod-app-sg', roleName: 'prod-app-instance-role' },
      { name: 'prod-app-2', role: 'app', type: 'm5.large', subnet: 'app-b', host: 12, group: 'prod-app-sg', roleName: 'prod-app-instance-role' },
      { name: 'prod-app-3', role: 'app', type: 'm5.large', subnet: 'app-a', host: 13, group: 'prod-app-sg', roleName: 'prod-app-instance-role' },
      { name: 'prod-payments-worker-1', role: 'worker', type: 'c5.xlarge', subnet: 'app-b', host: 21, group: 'prod-worker-sg', roleName: 'prod-payments-worker-role' },
      { name: 'prod-payments-worker-2', role: 'worker', type: 'c5.xlarge', subnet: 'app-a', host: 22, group: 'prod-worker-sg', roleName: 'prod-payments-worker-role' },
    ],
    endpoints: [
      { name: 'prod-shop-alb', kind: 'alb', subnet: 'public-a', host: 50, port: 443 },
      { name: 'prod-shop-alb', kind: 'alb', subnet: 'public-b', host: 51, port: 443 },
      { name: 'prod-nat-a', kind: 'nat', subnet: 'public-a', host: 5, publicIp: '18.157.92.201' },
      { name: 'prod-orders-db', kind: 'database', subnet: 'data-a', host: 15, port: 5432, engine: 'postgres', instanceClass: 'db.r6g.large' },
      { name: 'prod-sessions-cache', kind: 'cache', subnet: 'data-b', host: 30, port: 6379, engine: 'redis', instanceClass: 'cache.t4g.medium' },
    ],
    functions: [
      { name: 'checkout-api', runtime: 'nodejs20.x', memoryMb: 512, timeoutSeconds: 6, roleName: 'checkout-api-role' },
      { name: 'order-events-consumer', runtime: 'python3.12', memoryMb: 256, timeoutSeconds: 30, roleName: 'order-events-consumer-role' },
      { name: 'image-resizer', runtime: 'nodejs20.x', memoryMb: 1024, timeoutSeconds: 15, roleName: 'image-resizer-role' },
    ],
    buckets: ['acme-prod-assets', 'acme-prod-orders-export', 'acme-prod-backups'],
  },
  {
    alias: 'prod',
    region: 'us-east-1',
    vpcOctet: 21,
    securityGroups: [{ name: 'prod-edge-sg', description: 'US edge cache', ingress: () => [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidr: world }] }],
    instances: [{ name: 'prod-edge-1', role: 'web', type: 't3.medium', subnet: 'public-a', host: 10, group: 'prod-edge-sg', roleName: 'prod-edge-role', publicIp: '54.86.213.40' }],
    buckets: ['acme-prod-static-us'],
  },
  {
    alias: 'dev',
    region: 'eu-central-1',
    vpcOctet: 30,
    securityGroups: [
      { name: 'dev-app-sg', description: 'Development application servers', ingress: () => [{ protocol: 'tcp', fromPort: 8080, toPort: 8080, cidr: '10.30.0.0/16' }, { protocol: 'tcp', fromPort: 22, toPort: 22, cidr: OFFICE_CIDR, description: 'SSH from the office' }] },
      { name: 'dev-db-sg', description: 'Development database', ingress: (g) => [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, sourceGroupId: g['dev-app-sg'] }] },
    ],
    instances: [
      { name: 'dev-app-1', role: 'app', type: 't3.medium', subnet: 'app-a', host: 11, group: 'dev-app-sg', roleName: 'dev-app-instance-role' },
      { name: 'dev-app-2', role: 'app', type: 't3.medium', subnet: 'app-b', host: 12, group: 'dev-app-sg', roleName: 'dev-app-instance-role' },
      { name: 'dev-build-1', role: 'tools', type: 'c5.large', subnet: 'public-a', host: 20, group: 'dev-app-sg', roleName: 'dev-build-role', publicIp: '3.69.140.88' },
    ],
    endpoints: [
      { name: 'dev-nat-a', kind: 'nat', subnet: 'public-a', host: 5, publicIp: '18.192.33.7' },
      { name: 'dev-orders-db', kind: 'database', subnet: 'data-a', host: 12, port: 5432, engine: 'postgres', instanceClass: 'db.t4g.medium' },
    ],
    functions: [
      { name: 'checkout-api', runtime: 'nodejs20.x', memoryMb: 512, timeoutSeconds: 6, roleName: 'checkout-api-role' },
      { name: 'order-events-consumer', runtime: 'python3.12', memoryMb: 256, timeoutSeconds: 30, roleName: 'order-events-consumer-role' },
    ],
    buckets: ['acme-dev-artifacts', 'acme-dev-scratch'],
  },
  {
    alias: 'dev',
    region: 'eu-west-1',
    vpcOctet: 31,
    securityGroups: [{ name: 'dev-experiments-sg', description: 'Experiments', ingress: () => [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: OFFICE_CIDR }] }],
    instances: [{ name: 'dev-experiments-1', role: 'app', type: 't3.large', subnet: 'app-a', host: 11, group: 'dev-experiments-sg', roleName: 'dev-app-instance-role' }],
    buckets: ['acme-dev-ml-datasets'],
  },
  { alias: 'dev', region: 'us-east-1' },
  {
    alias: 'main',
    region: 'eu-central-1',
    vpcOctet: 10,
    securityGroups: [{ name: 'tools-sg', description: 'Internal tools', ingress: () => [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.0.0.0/8' }, { protocol: 'tcp', fromPort: 22, toPort: 22, cidr: OFFICE_CIDR }] }],
    instances: [{ name: 'tools-grafana-1', role: 'tools', type: 't3.large', subnet: 'app-a', host: 11, group: 'tools-sg', roleName: 'tools-instance-role' }],
    endpoints: [{ name: 'main-nat-a', kind: 'nat', subnet: 'public-a', host: 5, publicIp: '3.64.201.12' }],
    functions: [{ name: 'org-inventory-sync', runtime: 'python3.12', memoryMb: 256, timeoutSeconds: 120, roleName: 'org-inventory-sync-role' }],
    buckets: ['acme-org-cloudtrail', 'acme-terraform-state', 'acme-cia-lake'],
  },
  { alias: 'main', region: 'eu-west-1', buckets: ['acme-dr-backups'] },
  { alias: 'main', region: 'us-east-1', buckets: ['acme-billing-reports'] },
];

function buildVpc(account: GeneratedAccount, region: string, octet: number): Vpc {
  const azs = AZ_IDS[region]!;
  const key = `${account.id}/${region}`;
  return {
    id: resourceId('vpc', `${key}/vpc`),
    name: `${account.alias}-vpc`,
    cidr: `10.${octet}.0.0/16`,
    subnets: SUBNET_LAYOUT.map((s) => ({
      id: resourceId('subnet', `${key}/subnet/${s.name}`),
      name: `${account.alias}-${s.name}`,
      tier: s.tier,
      cidr: `10.${octet}.${s.third}.0/24`,
      az: `${region}${'abc'[s.az]}`,
      azId: azs[s.az]!,
    })),
  };
}

function buildRegion(spec: RegionSpec): RegionInventory {
  const account = ACCOUNTS.find((a) => a.alias === spec.alias)!;
  const key = `${account.id}/${spec.region}`;
  const vpc = spec.vpcOctet === undefined ? undefined : buildVpc(account, spec.region, spec.vpcOctet);
  const subnet = (name: string) => vpc!.subnets.find((s) => s.name === `${account.alias}-${name}`)!;
  const ip = (subnetName: string, host: number) => subnet(subnetName).cidr.replace(/0\/24$/, String(host));
  const groupIds = Object.fromEntries((spec.securityGroups ?? []).map((g) => [g.name, resourceId('sg', `${key}/sg/${g.name}`)]));
  const securityGroups = (spec.securityGroups ?? []).map((g) => ({ id: groupIds[g.name]!, name: g.name, description: g.description, ingress: g.ingress(groupIds) }));
  const instances: Instance[] = (spec.instances ?? []).map((i) => ({
    id: resourceId('i', `${key}/instance/${i.name}`),
    name: i.name,
    role: i.role,
    type: i.type,
    subnet: subnet(i.subnet),
    privateIp: ip(i.subnet, i.host),
    publicIp: i.publicIp,
    eniId: resourceId('eni', `${key}/eni/${i.name}`),
    securityGroup: securityGroups.find((g) => g.name === i.group)!,
    roleName: i.roleName,
    imageId: resourceId('ami', `${spec.region}/ami/al2023`),
    launchTime: '2024-01-15T09:12:44.000Z',
  }));
  const endpoints: NetworkEndpoint[] = (spec.endpoints ?? []).map((e) => ({
    id: e.kind === 'nat' ? resourceId('nat', `${key}/nat/${e.name}`) : e.name,
    name: e.name,
    kind: e.kind,
    subnet: subnet(e.subnet),
    privateIp: ip(e.subnet, e.host),
    publicIp: e.publicIp,
    eniId: resourceId('eni', `${key}/eni/${e.name}/${e.subnet}`),
    port: e.port,
    engine: e.engine,
    instanceClass: e.instanceClass,
  }));
  return { account, region: spec.region, vpc, securityGroups, instances, endpoints, functions: spec.functions ?? [], buckets: spec.buckets ?? [] };
}

export const INVENTORY: readonly RegionInventory[] = SPECS.map(buildRegion);

export function regionInventory(accountId: string, region: string): RegionInventory | undefined {
  return INVENTORY.find((r) => r.account.id === accountId && r.region === region);
}

export function findInstance(name: string): { instance: Instance; inventory: RegionInventory } {
  for (const inventory of INVENTORY) {
    const instance = inventory.instances.find((i) => i.name === name);
    if (instance) return { instance, inventory };
  }
  throw new Error(`no instance named ${name} in the generated inventory`);
}

export function findSecurityGroup(name: string): { group: SecurityGroup; inventory: RegionInventory } {
  for (const inventory of INVENTORY) {
    const group = inventory.securityGroups.find((g) => g.name === name);
    if (group) return { group, inventory };
  }
  throw new Error(`no security group named ${name} in the generated inventory`);
}
