import { z } from 'zod';
import type { ApiSourceName } from '../api-source.js';
import { accessAnalyzerRequestSchema, accessAnalyzerService } from './access-analyzer.js';
import { guardDutyRequestSchema, guardDutyService } from './guardduty.js';
import { healthRequestSchema, healthService } from './health.js';
import { inspectorRequestSchema, inspectorService } from './inspector.js';
import { macieRequestSchema, macieService } from './macie.js';
import { organizationsRequestSchema, organizationsService } from './organizations.js';
import { quotasRequestSchema, quotasService } from './quotas.js';
import type { ApiService } from './service.js';

/** A request to any API source, told apart by `service`. */
export const apiRequestSchema = z.discriminatedUnion('service', [
  guardDutyRequestSchema,
  healthRequestSchema,
  accessAnalyzerRequestSchema,
  organizationsRequestSchema,
  quotasRequestSchema,
  macieRequestSchema,
  inspectorRequestSchema,
]);
export type ApiRequest = z.infer<typeof apiRequestSchema>;
export type ApiRequestInput = z.input<typeof apiRequestSchema>;
export type ApiRequestOf<S extends ApiSourceName> = Extract<ApiRequest, { service: S }>;

export const API_SERVICES: { [S in ApiSourceName]: ApiService<ApiRequestOf<S>> } = {
  guardduty: guardDutyService,
  health: healthService,
  'access-analyzer': accessAnalyzerService,
  organizations: organizationsService,
  quotas: quotasService,
  macie: macieService,
  inspector: inspectorService,
};

/** The service's definition, typed loosely enough to hand any request of its own kind. */
export function apiService(service: ApiSourceName): ApiService<ApiRequest> {
  return API_SERVICES[service] as unknown as ApiService<ApiRequest>;
}

export type { ApiService, SnapshotFiles } from './service.js';
export { selectRows } from './service.js';
