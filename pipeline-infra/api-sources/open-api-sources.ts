import { z } from 'zod';
import type { OrgConfig } from '../config/org-config.js';
import { API_SOURCE_NAMES, type ApiSource, type ApiSourceName } from './api-source.js';
import type { ApiRequest } from './services/index.js';
import { SnapshotApiSource } from './snapshot-source.js';

/** Which implementation answers the read APIs (DESIGN §2): the lake's snapshots by default, AWS when configured. */
export const apiEnvSchema = z.object({
  CIA_API_SOURCES: z.enum(['snapshot', 'aws'], { error: 'must be snapshot or aws' }).default('snapshot'),
  /** The read-only role cia assumes in each account (e.g. cia-read-only); unset: cia's own credentials, one account. */
  CIA_API_ROLE_NAME: z.string().regex(/^[\w+=,.@/-]{1,64}$/, 'must be an IAM role name such as cia-read-only').optional(),
  /** The organization's management account, where Organizations is asked. */
  CIA_API_MANAGEMENT_ACCOUNT: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id').optional(),
  AWS_REGION: z.string().default('us-east-1'),
});
export type ApiEnv = z.infer<typeof apiEnvSchema>;

/** One source per read API. */
export type ApiSources = Record<ApiSourceName, ApiSource<ApiRequest>>;

/** The snapshots of a lake folder, for every service. */
export function snapshotApiSources(lakeDir: string): ApiSources {
  return eachService((service) => new SnapshotApiSource(lakeDir, service));
}

/** Configuration picks the implementation; the SDK clients load only when AWS is asked. */
export async function openApiSources(options: { env: ApiEnv; lakeDir: string; config: OrgConfig }): Promise<ApiSources> {
  const { env, config } = options;
  if (env.CIA_API_SOURCES === 'snapshot') return snapshotApiSources(options.lakeDir);
  const [{ awsClientFactory }, { sdkApiSource }] = [await import('./sdk/aws-clients.js'), await import('./sdk/index.js')];
  const sdkOptions = {
    clients: awsClientFactory({ roleName: env.CIA_API_ROLE_NAME }),
    accounts: env.CIA_API_ROLE_NAME ? config.accounts.map((a) => a.id) : [],
    regionsOf: (account: string | undefined) => config.accounts.find((a) => a.id === account)?.regions ?? [env.AWS_REGION],
    managementAccount: env.CIA_API_MANAGEMENT_ACCOUNT,
  };
  return eachService((service) => sdkApiSource(service, sdkOptions));
}

function eachService(make: (service: ApiSourceName) => ApiSource<ApiRequest>): ApiSources {
  return Object.fromEntries(API_SOURCE_NAMES.map((service) => [service, make(service)])) as unknown as ApiSources;
}
