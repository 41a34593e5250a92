import { ACCOUNTS, HOME_REGION, accountByAlias, type GeneratedAccount } from './accounts.js';
import { MIXES, type Activity, type ActivityMix } from './cloudtrail-activities.js';
import type { Principal } from './cloudtrail-record.js';
import { INVENTORY, OFFICE_IPS, type Instance } from './inventory.js';
import { WeightedTable, stableId } from './random.js';
import { COMPANY_UTC_OFFSET, type Schedule } from './rhythm.js';

/** How a caller reaches AWS: from which addresses, with which user agent. */
export interface Client {
  sourceIps: readonly string[];
  userAgent: (activity: Activity) => string;
  /** False for calls AWS makes itself (no TLS details in the record). */
  tls: boolean;
  /** Calls made from a console session carry `sessionCredentialFromConsole`. */
  fromConsole: boolean;
}

/** Someone or something that calls AWS APIs, with its habits. */
export interface Actor {
  principal: Principal;
  schedule: Schedule;
  utcOffsetHours: number;
  /** Calls per hour at full activity, relative to other actors. */
  weight: number;
  regions: WeightedTable<string>;
  mix: WeightedTable<Activity>;
  clients: WeightedTable<Client>;
  /** Signs in with MFA (IAM users in the console). */
  mfa: boolean;
  /** Works through a console session (IAM users signing in, rather than an access key). */
  consoleSession: boolean;
  /** Every write is denied (a read-only permission set). */
  readOnlyAccess: boolean;
  deniedRate: number;
  throttledRate: number;
  /** The instance an agent runs on. */
  instance?: Instance;
}

export const SSO_ROLE_PATH = '/aws-reserved/sso.amazonaws.com/eu-central-1/';
export type PermissionSet = 'AdministratorAccess' | 'DeveloperAccess' | 'ReadOnlyAccess';

/** IAM Identity Center's role for a permission set in an account: `AWSReservedSSO_<set>_<hex>`. */
export function ssoRoleName(accountId: string, permissionSet: PermissionSet): string {
  return `AWSReservedSSO_${permissionSet}_${stableId(`${accountId}/sso/${permissionSet}`, 'hex', 16)}`;
}

export function ssoPrincipal(account: GeneratedAccount, permissionSet: PermissionSet, email: string): Principal {
  return { kind: 'role-session', account, roleName: ssoRoleName(account.id, permissionSet), rolePath: SSO_ROLE_PATH, sessionName: email };
}

// ---- user agents ------------------------------------------------------------------------------------

function cached(make: (activity: Activity) => string): (activity: Activity) => string {
  const cache = new Map<Activity, string>();
  return (activity) => {
    let agent = cache.get(activity);
    if (agent === undefined) cache.set(activity, (agent = make(activity)));
    return agent;
  };
}

const kebab = (name: string) => name.replace(/\d{8}(v\d)?$/, '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const serviceOf = (activity: Activity) => activity.eventSource.replace('.amazonaws.com', '');

export const AGENTS = {
  browser: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  /** What the console's own calls on a user's behalf show. */
  awsInternal: () => 'AWS Internal',
  cli: cached((a) => `aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/x86_64 prompt/off command/${serviceOf(a)}.${kebab(a.eventName)}`),
  terraform: () =>
    'APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.42.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.26.0 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64',
  githubActions: cached((a) => `aws-sdk-js/3.540.0 ua/2.0 os/linux#6.5.0-1016-azure lang/js md/nodejs#20.11.1 api/${serviceOf(a)}#3.540.0`),
  boto3: () => 'Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.213-201.855.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69',
  ssmAgent: () => 'aws-sdk-go/1.50.38 (go1.21.8; linux; amd64) amazon-ssm-agent/3.3.131.0',
  lambdaNode: cached((a) => `aws-sdk-js/3.540.0 ua/2.0 os/linux#5.10.213-223.848.amzn2.x86_64 lang/js md/nodejs#20.12.0 exec-env/AWS_Lambda_nodejs20.x api/${serviceOf(a)}#3.540.0`),
  lambdaPython: () => 'Boto3/1.34.42 md/Botocore#1.34.42 ua/2.0 os/linux#5.10.213-223.848.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.42',
};

/** GitHub-hosted runners come from Azure's address space. */
export const GITHUB_RUNNER_IPS = ['20.29.134.17', '20.42.6.201', '20.57.79.13', '20.102.35.120', '20.119.66.4', '20.161.76.52', '20.169.71.90', '20.172.29.11', '20.185.151.7', '20.232.66.145'];
/** The on-premises reporting server behind the office's egress range. */
export const REPORTING_SERVER_IP = '198.51.100.40';

const client = (sourceIps: readonly string[], userAgent: (a: Activity) => string, options: Partial<Pick<Client, 'tls' | 'fromConsole'>> = {}): Client => ({
  sourceIps,
  userAgent,
  tls: options.tls ?? true,
  fromConsole: options.fromConsole ?? false,
});
const only = (c: Client) => WeightedTable.of([[c, 1]]);

// ---- people ------------------------------------------------------------------------------------------

interface Person {
  email: string;
  utcOffsetHours: number;
  ips: readonly string[];
  access: Partial<Record<GeneratedAccount['alias'], { set: PermissionSet; weight: number }>>;
}

/** The SSO users (alice in Berlin, bob in New York, carol in Tokyo, as in the sandbox; the rest in Europe). */
export const PEOPLE: readonly Person[] = [
  { email: 'alice@example.com', utcOffsetHours: 1, ips: [...OFFICE_IPS, '203.0.113.41'], access: { main: { set: 'AdministratorAccess', weight: 5 }, dev: { set: 'DeveloperAccess', weight: 2 }, prod: { set: 'AdministratorAccess', weight: 4 } } },
  { email: 'bob@example.com', utcOffsetHours: -5, ips: ['203.0.113.77'], access: { dev: { set: 'AdministratorAccess', weight: 3 }, prod: { set: 'AdministratorAccess', weight: 4 } } },
  { email: 'carol@example.com', utcOffsetHours: 9, ips: ['203.0.113.150'], access: { main: { set: 'ReadOnlyAccess', weight: 1 }, prod: { set: 'ReadOnlyAccess', weight: 1.5 } } },
  { email: 'dave@example.com', utcOffsetHours: 1, ips: [...OFFICE_IPS, '203.0.113.58'], access: { dev: { set: 'DeveloperAccess', weight: 6 }, prod: { set: 'AdministratorAccess', weight: 2 } } },
  { email: 'erin@example.com', utcOffsetHours: 1, ips: [...OFFICE_IPS, '203.0.113.90'], access: { dev: { set: 'DeveloperAccess', weight: 5 }, prod: { set: 'ReadOnlyAccess', weight: 1.5 } } },
  { email: 'frank@example.com', utcOffsetHours: 1, ips: [...OFFICE_IPS, '203.0.113.112'], access: { dev: { set: 'DeveloperAccess', weight: 6 }, prod: { set: 'DeveloperAccess', weight: 0.4 } } },
];

/** IAM users (the older way in): two admins in the console, a CI user, a reporting job, a backup operator. */
export const IAM_USERS = {
  hans: { alias: 'main', userName: 'hans.mueller' },
  priya: { alias: 'main', userName: 'priya.sharma' },
  terraform: { alias: 'main', userName: 'terraform-ci' },
  reporting: { alias: 'prod', userName: 'svc-reporting' },
  backup: { alias: 'prod', userName: 'backup-operator' },
} as const;

function homeFirst(regions: readonly string[], homeShare = 0.8): WeightedTable<string> {
  const others = regions.filter((r) => r !== HOME_REGION);
  return WeightedTable.of([[HOME_REGION, homeShare], ...others.map((r) => [r, (1 - homeShare) / others.length] as const)]);
}

const onlyRegion = (region: string) => WeightedTable.of([[region, 1]]);
const table = (mix: ActivityMix) => WeightedTable.of(mix);

function actor(partial: Omit<Actor, 'utcOffsetHours' | 'mfa' | 'consoleSession' | 'readOnlyAccess' | 'deniedRate' | 'throttledRate'> & Partial<Actor>): Actor {
  return { utcOffsetHours: COMPANY_UTC_OFFSET, mfa: false, consoleSession: false, readOnlyAccess: false, deniedRate: 0.003, throttledRate: 0.001, ...partial };
}

function peopleActors(): Actor[] {
  return PEOPLE.flatMap((person) =>
    Object.entries(person.access).map(([alias, access]) => {
      const acct = accountByAlias(alias as GeneratedAccount['alias']);
      const mix = acct.alias === 'main' && access!.set === 'AdministratorAccess' ? MIXES.orgAdmin : access!.set === 'DeveloperAccess' ? MIXES.developer : MIXES.operator;
      return actor({
        principal: ssoPrincipal(acct, access!.set, person.email),
        schedule: 'office',
        utcOffsetHours: person.utcOffsetHours,
        weight: access!.weight,
        regions: homeFirst(acct.regions),
        mix: table(mix),
        clients: WeightedTable.of([
          [client(person.ips, AGENTS.awsInternal, { fromConsole: true }), 0.6],
          [client(['AWS Internal'], AGENTS.awsInternal, { tls: false, fromConsole: true }), 0.1],
          [client(person.ips, AGENTS.cli), 0.3],
        ]),
        readOnlyAccess: access!.set === 'ReadOnlyAccess',
        deniedRate: access!.set === 'AdministratorAccess' ? 0.002 : 0.02,
      });
    }),
  );
}

function iamUserActors(): Actor[] {
  const user = (u: { alias: GeneratedAccount['alias']; userName: string }): Principal => ({ kind: 'iam-user', account: accountByAlias(u.alias), userName: u.userName });
  const consoleClient = client(OFFICE_IPS, AGENTS.awsInternal, { fromConsole: true });
  return [
    actor({ principal: user(IAM_USERS.hans), schedule: 'office', weight: 3, regions: homeFirst(accountByAlias('main').regions), mix: table(MIXES.orgAdmin), clients: only(consoleClient), mfa: true, consoleSession: true }),
    actor({ principal: user(IAM_USERS.priya), schedule: 'office', weight: 1.5, regions: onlyRegion('us-east-1'), mix: table(MIXES.finance), clients: only(consoleClient), mfa: true, consoleSession: true }),
    actor({ principal: user(IAM_USERS.terraform), schedule: 'office', weight: 5, regions: homeFirst(accountByAlias('main').regions, 0.9), mix: table(MIXES.terraform), clients: only(client(GITHUB_RUNNER_IPS, AGENTS.terraform)) }),
    actor({ principal: user(IAM_USERS.reporting), schedule: 'office', weight: 4, regions: onlyRegion(HOME_REGION), mix: table(MIXES.reporting), clients: only(client([REPORTING_SERVER_IP], AGENTS.boto3)) }),
    actor({ principal: user(IAM_USERS.backup), schedule: 'office', weight: 1, regions: onlyRegion(HOME_REGION), mix: table(MIXES.backup), clients: only(consoleClient), consoleSession: true }),
  ];
}

function githubOidcProvider(accountId: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com`;
}

function deployActors(): Actor[] {
  return (['dev', 'prod'] as const).map((alias) => {
    const acct = accountByAlias(alias);
    return actor({
      principal: { kind: 'role-session', account: acct, roleName: 'github-actions-deploy', rolePath: '/', sessionName: 'GitHubActions', webIdentityProvider: githubOidcProvider(acct.id) },
      schedule: 'office',
      weight: alias === 'dev' ? 6 : 3,
      regions: homeFirst(acct.regions, 0.9),
      mix: table(MIXES.deploy),
      clients: only(client(GITHUB_RUNNER_IPS, AGENTS.githubActions)),
      deniedRate: 0.005,
    });
  });
}

const CONFIG_RECORDER_WEIGHT: Record<GeneratedAccount['alias'], number> = { main: 6, dev: 8, prod: 12 };

function serviceActors(): Actor[] {
  const byService = (service: string) => only(client([service], () => service, { tls: false }));
  return ACCOUNTS.flatMap((acct) => {
    const regions = INVENTORY.filter((r) => r.account === acct);
    const functionCount = regions.reduce((n, r) => n + r.functions.length, 0);
    const instanceCount = regions.reduce((n, r) => n + r.instances.length, 0);
    const actors = [
      actor({
        principal: { kind: 'role-session', account: acct, roleName: 'AWSServiceRoleForConfig', rolePath: '/aws-service-role/config.amazonaws.com/', sessionName: 'AWSConfig-Describe', invokedBy: 'config.amazonaws.com' },
        schedule: 'always',
        weight: CONFIG_RECORDER_WEIGHT[acct.alias],
        regions: WeightedTable.of(acct.regions.map((r) => [r, 1] as const)),
        mix: table(MIXES.configRecorder),
        clients: byService('config.amazonaws.com'),
        deniedRate: 0,
        throttledRate: 0.02,
      }),
      actor({
        principal: { kind: 'aws-service', account: acct, service: 'ec2.amazonaws.com' },
        schedule: 'always',
        weight: instanceCount * 0.2,
        regions: WeightedTable.of(regions.map((r) => [r.region, r.instances.length] as const)),
        mix: table(MIXES.ec2Service),
        clients: byService('ec2.amazonaws.com'),
        deniedRate: 0,
        throttledRate: 0,
      }),
      actor({
        principal: { kind: 'aws-service', account: acct, service: 'lambda.amazonaws.com' },
        schedule: 'traffic',
        weight: functionCount * 0.6,
        regions: WeightedTable.of(regions.map((r) => [r.region, r.functions.length] as const)),
        mix: table(MIXES.lambdaService),
        clients: byService('lambda.amazonaws.com'),
        deniedRate: 0,
        throttledRate: 0,
      }),
    ];
    if (acct.alias === 'main') {
      actors.push(
        actor({
          principal: { kind: 'aws-service', account: acct, service: 'cloudtrail.amazonaws.com' },
          schedule: 'always',
          weight: 0.5,
          regions: onlyRegion(HOME_REGION),
          mix: table(MIXES.cloudtrailService),
          clients: byService('cloudtrail.amazonaws.com'),
          deniedRate: 0,
          throttledRate: 0,
        }),
      );
    }
    return actors.filter((a) => a.weight > 0);
  });
}

/** The public address an instance or function reaches AWS from: its own, or its VPC's NAT gateway. */
function egressIp(inventory: (typeof INVENTORY)[number], instance?: Instance): string {
  return instance?.publicIp ?? inventory.endpoints.find((e) => e.kind === 'nat')?.publicIp ?? '3.64.0.10';
}

function workloadActors(): Actor[] {
  return INVENTORY.flatMap((inventory) => {
    const regions = onlyRegion(inventory.region);
    const agents = inventory.instances.map((instance) =>
      actor({
        principal: { kind: 'role-session', account: inventory.account, roleName: instance.roleName, rolePath: '/', sessionName: instance.id, ec2Instance: true },
        schedule: 'always',
        weight: 1.5,
        regions,
        mix: table(MIXES.instanceAgent),
        clients: only(client([egressIp(inventory, instance)], AGENTS.ssmAgent)),
        deniedRate: 0,
        instance,
      }),
    );
    const functions = inventory.functions.map((fn) =>
      actor({
        principal: { kind: 'role-session', account: inventory.account, roleName: fn.roleName, rolePath: '/service-role/', sessionName: fn.name },
        schedule: inventory.account.alias === 'prod' ? 'traffic' : 'office',
        weight: inventory.account.alias === 'prod' ? (fn.name === 'checkout-api' ? 6 : 2) : 0.8,
        regions,
        mix: table(MIXES.functionRuntime),
        clients: only(client([egressIp(inventory)], fn.runtime === 'nodejs20.x' ? AGENTS.lambdaNode : AGENTS.lambdaPython)),
        deniedRate: 0.001,
      }),
    );
    return [...agents, ...functions];
  });
}

/** Everyone and everything that calls AWS in the generated organization. */
export function buildActors(): Actor[] {
  return [...peopleActors(), ...iamUserActors(), ...deployActors(), ...serviceActors(), ...workloadActors()];
}
