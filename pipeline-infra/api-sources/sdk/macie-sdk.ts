import { GetFindingsCommand, ListFindingsCommand, type CriterionAdditionalProperties, type GetFindingsCommandOutput, type ListFindingsCommandOutput } from '@aws-sdk/client-macie2';
import { MACIE_SEVERITY, macieRow } from '../services/macie.js';
import { allPages, batches } from './aws-call.js';
import type { SdkFetcher } from './sdk-source.js';

/** GetFindings takes at most 50 ids. */
const GET_BATCH = 50;
const MAX_PAGES = 4;

/** Macie: ListFindings (filtered and sorted by the API), then GetFindings. */
export const macieSdk: SdkFetcher<'macie'> = {
  scope: 'regional',
  async fetch(call, request) {
    const criterion: Record<string, CriterionAdditionalProperties> = {};
    if (!request.includeArchived) criterion.archived = { eq: ['false'] };
    if (request.severityAtLeast) criterion['severity.description'] = { eq: MACIE_SEVERITY.atLeast(request.severityAtLeast) };
    if (request.bucket) criterion['resourcesAffected.s3Bucket.name'] = { eq: [request.bucket] };
    if (request.category) criterion.category = { eq: [request.category] };
    if (request.from || request.to) criterion.updatedAt = { ...(request.from ? { gte: Date.parse(request.from) } : {}), ...(request.to ? { lt: Date.parse(request.to) } : {}) };
    const ids = await allPages(async (nextToken) => {
      const out = await call<ListFindingsCommandOutput>(
        'macie2',
        new ListFindingsCommand({ findingCriteria: { criterion }, sortCriteria: { attributeName: 'severity.score', orderBy: 'DESC' }, maxResults: GET_BATCH, nextToken }),
        'macie2:ListFindings',
      );
      return { items: out.findingIds, next: out.nextToken };
    }, MAX_PAGES);
    const rows = [];
    for (const findingIds of batches(ids, GET_BATCH)) {
      const out = await call<GetFindingsCommandOutput>('macie2', new GetFindingsCommand({ findingIds }), 'macie2:GetFindings');
      rows.push(...(out.findings ?? []).map(macieRow));
    }
    return rows;
  },
};
