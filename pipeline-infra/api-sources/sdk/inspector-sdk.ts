import { ListFindingsCommand, type FilterCriteria, type ListFindingsCommandOutput } from '@aws-sdk/client-inspector2';
import { INSPECTOR_SEVERITY, inspectorRow } from '../services/inspector.js';
import { allPages } from './aws-call.js';
import type { SdkFetcher } from './sdk-source.js';

const MAX_PAGES = 4;

/** Inspector2: ListFindings, filtered and sorted (most severe first) by the API. */
export const inspectorSdk: SdkFetcher<'inspector'> = {
  scope: 'regional',
  async fetch(call, request, target) {
    const equals = (value: string) => ({ comparison: 'EQUALS' as const, value });
    const filterCriteria: FilterCriteria = {
      findingStatus: [equals(request.status)],
      ...(target.account ? { awsAccountId: [equals(target.account)] } : {}),
      ...(request.severityAtLeast ? { severity: INSPECTOR_SEVERITY.atLeast(request.severityAtLeast).map(equals) } : {}),
      ...(request.vulnerabilityId ? { vulnerabilityId: [equals(request.vulnerabilityId)] } : {}),
      ...(request.resourceId ? { resourceId: [equals(request.resourceId)] } : {}),
      ...(request.from || request.to ? { updatedAt: [{ ...(request.from ? { startInclusive: new Date(request.from) } : {}), ...(request.to ? { endInclusive: new Date(request.to) } : {}) }] } : {}),
    };
    const findings = await allPages(async (nextToken) => {
      const out = await call<ListFindingsCommandOutput>('inspector2', new ListFindingsCommand({ filterCriteria, sortCriteria: { field: 'SEVERITY', sortOrder: 'DESC' }, maxResults: 100, nextToken }), 'inspector2:ListFindings');
      return { items: out.findings, next: out.nextToken };
    }, MAX_PAGES);
    return findings.map(inspectorRow);
  },
};
