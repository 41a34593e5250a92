import { tool } from '@strands-agents/sdk';
import type { ApiRow, ApiSource, ApiSourceName } from '../../pipeline-infra/api-sources/api-source.js';
import { guardDutyApiCutoff, guardDutyApiKeeps } from '../../pipeline-infra/api-sources/services/guardduty.js';
import { API_SERVICES, apiRequestSchema, apiService, type ApiRequest } from '../../pipeline-infra/api-sources/services/index.js';
import type { InvestigationLedger } from '../ledger.js';

export type ApiToolResult =
  | {
      status: 'ok';
      /** The request in words: what the receipt shows instead of SQL. */
      request: string;
      rows: ApiRow[];
      row_count: number;
      /** The rows filled the request's limit: there may be more. */
      full_page: boolean;
    }
  | { status: 'refused' | 'error'; reason: string };

export function apiToolName(service: ApiSourceName): string {
  return `api_${service}`;
}

/**
 * The typed tool of one read API: the model fills the service's request (zod-checked), the source
 * (the API or its snapshot) answers with rows, and the ledger records the call like a query.
 */
export function createApiTool(service: ApiSourceName, source: ApiSource<ApiRequest> | undefined, ledger: InvestigationLedger, now: Date) {
  const definition = apiService(service);
  return tool({
    name: apiToolName(service),
    description: `Read ${definition.title} (the ${service} API). Fill the request's fields; rows come back most relevant first.`,
    inputSchema: API_SERVICES[service].request,
    callback: async (input): Promise<ApiToolResult> => {
      const parsed = apiRequestSchema.safeParse({ ...(input as object), service });
      if (!parsed.success) return { status: 'refused', reason: `The request is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` };
      const request = parsed.data;
      if (request.service === 'guardduty' && !guardDutyApiKeeps(request.from, now)) {
        return { status: 'refused', reason: `The GuardDuty API keeps findings for 90 days (since ${guardDutyApiCutoff(now).toISOString()}); query the lake's guardduty_findings table for a range starting earlier.` };
      }
      if (!source) return { status: 'error', reason: `The ${service} API is not configured here.` };
      const started = performance.now();
      let rows: ApiRow[];
      try {
        rows = await source.fetch(request);
      } catch (error) {
        return { status: 'error', reason: (error as Error).message };
      }
      const described = definition.describe(request);
      const fullPage = rows.length >= request.limit;
      ledger.recordQuery({ source: service, engine: source.engine, request: described, row_count: rows.length, ms: Math.round(performance.now() - started), capped: fullPage }, rows);
      return { status: 'ok', request: described, rows, row_count: rows.length, full_page: fullPage };
    },
  });
}
