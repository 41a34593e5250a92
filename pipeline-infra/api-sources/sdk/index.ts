import type { ApiSource, ApiSourceName } from '../api-source.js';
import type { ApiRequest } from '../services/index.js';
import { accessAnalyzerSdk } from './access-analyzer-sdk.js';
import { guardDutySdk } from './guardduty-sdk.js';
import { healthSdk } from './health-sdk.js';
import { inspectorSdk } from './inspector-sdk.js';
import { macieSdk } from './macie-sdk.js';
import { organizationsSdk } from './organizations-sdk.js';
import { quotasSdk } from './quotas-sdk.js';
import { SdkApiSource, type SdkFetcher, type SdkSourceOptions } from './sdk-source.js';

export const SDK_FETCHERS: { [S in ApiSourceName]: SdkFetcher<S> } = {
  guardduty: guardDutySdk,
  health: healthSdk,
  'access-analyzer': accessAnalyzerSdk,
  organizations: organizationsSdk,
  quotas: quotasSdk,
  macie: macieSdk,
  inspector: inspectorSdk,
};

/** A service's source through its SDK client. */
export function sdkApiSource(service: ApiSourceName, options: SdkSourceOptions): ApiSource<ApiRequest> {
  // The table pairs each service with its own fetcher; TypeScript cannot follow that through the union.
  return new SdkApiSource(service, SDK_FETCHERS[service] as SdkFetcher<ApiSourceName>, options);
}
