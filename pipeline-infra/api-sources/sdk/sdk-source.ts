import type { ApiRow, ApiSource, ApiSourceName } from '../api-source.js';
import { apiService, selectRows, type ApiRequest, type ApiRequestOf } from '../services/index.js';
import { callerFor, DEFAULT_RETRY, type AwsCaller, type CallTarget, type ClientFactory, type RetryPolicy } from './aws-call.js';

/** Where a service is asked: every account and region, every account once (a global API), or the organization's management account. */
export type SdkScope = 'regional' | 'account' | 'organization';

/** How one service's SDK calls answer a request at one target. */
export interface SdkFetcher<S extends ApiSourceName> {
  scope: SdkScope;
  fetch(call: AwsCaller, request: ApiRequestOf<S>, target: CallTarget): Promise<ApiRow[]>;
}

export interface SdkSourceOptions {
  clients: ClientFactory;
  /** The accounts to ask when a request names none (from the configuration; empty: cia's own account). */
  accounts: string[];
  /** An account's regions when a request names none. */
  regionsOf(account: string | undefined): string[];
  /** Where Organizations is asked (undefined: cia's own account). */
  managementAccount?: string;
  retry?: RetryPolicy;
}

/** Global APIs (Health, Organizations) answer at us-east-1. */
const GLOBAL_REGION = 'us-east-1';

/** Production: a read API through its SDK v3 client, in each account through the read-only role. */
export class SdkApiSource<S extends ApiSourceName> implements ApiSource<ApiRequest> {
  readonly engine = 'aws-api';

  constructor(
    readonly service: S,
    private readonly fetcher: SdkFetcher<S>,
    private readonly options: SdkSourceOptions,
  ) {}

  async fetch(request: ApiRequest): Promise<ApiRow[]> {
    const typed = request as ApiRequestOf<S>;
    const rows = await Promise.all(this.targets(typed).map((target) => this.fetcher.fetch(callerFor(this.options.clients, target, this.options.retry ?? DEFAULT_RETRY), typed, target)));
    return selectRows(apiService(this.service), rows.flat(), request);
  }

  private targets(request: ApiRequestOf<S>): CallTarget[] {
    if (this.fetcher.scope === 'organization') return [{ account: this.options.managementAccount, region: GLOBAL_REGION }];
    const accounts: (string | undefined)[] = request.accounts.length ? request.accounts : this.options.accounts.length ? this.options.accounts : [undefined];
    if (this.fetcher.scope === 'account') return accounts.map((account) => ({ account, region: GLOBAL_REGION }));
    return accounts.flatMap((account) => (request.regions.length ? request.regions : this.options.regionsOf(account)).map((region) => ({ account, region })));
  }
}
