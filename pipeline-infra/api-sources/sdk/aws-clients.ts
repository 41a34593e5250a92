import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { HealthClient } from '@aws-sdk/client-health';
import { Inspector2Client } from '@aws-sdk/client-inspector2';
import { Macie2Client } from '@aws-sdk/client-macie2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ApiAccessDeniedError } from '../api-source.js';
import { isAccessDenied, type ClientFactory, type SdkClientName, type SendClient } from './aws-call.js';

const CLIENTS = {
  guardduty: GuardDutyClient,
  health: HealthClient,
  accessanalyzer: AccessAnalyzerClient,
  organizations: OrganizationsClient,
  servicequotas: ServiceQuotasClient,
  cloudwatch: CloudWatchClient,
  macie2: Macie2Client,
  inspector2: Inspector2Client,
} satisfies Record<SdkClientName, new (config: object) => SendClient>;

/** Temporary credentials are renewed this long before they expire. */
const RENEW_BEFORE_MS = 5 * 60_000;

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/**
 * Real SDK v3 clients, one per service, account and region. In another account they act as the
 * configured read-only role (STS AssumeRole, renewed before expiry); without a role name, with
 * cia's own credentials. The clients make one attempt each: cia's own retry backs off throttling.
 */
export function awsClientFactory(options: { roleName?: string; partition?: string }): ClientFactory {
  const sts = new STSClient({});
  const clients = new Map<string, SendClient>();
  const credentials = new Map<string, () => Promise<Credentials>>();
  const roleCredentials = (account: string) => {
    let provider = credentials.get(account);
    if (!provider) credentials.set(account, (provider = assumeRole(sts, `arn:${options.partition ?? 'aws'}:iam::${account}:role/${options.roleName}`)));
    return provider;
  };
  return (name, { account, region }) => {
    const key = `${name}/${account ?? 'self'}/${region}`;
    let client = clients.get(key);
    if (!client) {
      client = new CLIENTS[name]({ region, maxAttempts: 1, ...(account && options.roleName ? { credentials: roleCredentials(account) } : {}) });
      clients.set(key, client);
    }
    return client;
  };
}

function assumeRole(sts: STSClient, roleArn: string): () => Promise<Credentials> {
  let cached: Credentials | undefined;
  return async () => {
    if (cached && cached.expiration.getTime() - RENEW_BEFORE_MS > Date.now()) return cached;
    try {
      const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'cia-read-only' }));
      const c = out.Credentials!;
      cached = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken!, expiration: c.Expiration! };
      return cached;
    } catch (error) {
      if (isAccessDenied(error)) throw ApiAccessDeniedError.assumeRole(roleArn);
      throw error;
    }
  };
}
