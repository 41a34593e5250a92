import { GetFindingsCommand, ListDetectorsCommand, ListFindingsCommand, type Condition, type GetFindingsCommandOutput, type ListDetectorsCommandOutput, type ListFindingsCommandOutput } from '@aws-sdk/client-guardduty';
import { guardDutyRow } from '../services/guardduty.js';
import { allPages, batches } from './aws-call.js';
import type { SdkFetcher } from './sdk-source.js';

/** GetFindings takes at most 50 ids. */
const GET_BATCH = 50;
/** Findings read per detector: the most severe first, far more than an answer shows. */
const MAX_PAGES = 4;

/** GuardDuty: ListDetectors, then ListFindings (filtered and sorted by the API) and GetFindings per detector. */
export const guardDutySdk: SdkFetcher<'guardduty'> = {
  scope: 'regional',
  async fetch(call, request) {
    const detectors = await allPages(async (NextToken) => {
      const out = await call<ListDetectorsCommandOutput>('guardduty', new ListDetectorsCommand({ NextToken }), 'guardduty:ListDetectors');
      return { items: out.DetectorIds, next: out.NextToken };
    });
    const criterion: Record<string, Condition> = {};
    if (request.severityAtLeast !== undefined) criterion.severity = { GreaterThanOrEqual: request.severityAtLeast };
    if (request.from || request.to) criterion.updatedAt = { ...(request.from ? { GreaterThanOrEqual: Date.parse(request.from) } : {}), ...(request.to ? { LessThan: Date.parse(request.to) } : {}) };
    if (!request.includeArchived) criterion['service.archived'] = { Equals: ['false'] };
    if (request.types.length) criterion.type = { Equals: request.types };
    const rows = [];
    for (const DetectorId of detectors) {
      const ids = await allPages(async (NextToken) => {
        const out = await call<ListFindingsCommandOutput>(
          'guardduty',
          new ListFindingsCommand({ DetectorId, FindingCriteria: { Criterion: criterion }, SortCriteria: { AttributeName: 'severity', OrderBy: 'DESC' }, MaxResults: GET_BATCH, NextToken }),
          'guardduty:ListFindings',
        );
        return { items: out.FindingIds, next: out.NextToken };
      }, MAX_PAGES);
      for (const FindingIds of batches(ids, GET_BATCH)) {
        const out = await call<GetFindingsCommandOutput>('guardduty', new GetFindingsCommand({ DetectorId, FindingIds }), 'guardduty:GetFindings');
        rows.push(...(out.Findings ?? []).map(guardDutyRow));
      }
    }
    return rows;
  },
};
