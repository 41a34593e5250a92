import { ListAnalyzersCommand, ListFindingsCommand, type Criterion, type ListAnalyzersCommandOutput, type ListFindingsCommandOutput } from '@aws-sdk/client-accessanalyzer';
import { accessAnalyzerRow } from '../services/access-analyzer.js';
import { allPages } from './aws-call.js';
import type { SdkFetcher } from './sdk-source.js';

/** IAM Access Analyzer: the region's external-access analyzers (account or organization), then ListFindings of each. */
export const accessAnalyzerSdk: SdkFetcher<'access-analyzer'> = {
  scope: 'regional',
  async fetch(call, request, target) {
    const analyzers = await allPages(async (nextToken) => {
      const out = await call<ListAnalyzersCommandOutput>('accessanalyzer', new ListAnalyzersCommand({ nextToken }), 'access-analyzer:ListAnalyzers');
      return { items: out.analyzers, next: out.nextToken };
    });
    const filter: Record<string, Criterion> = { status: { eq: [request.status] } };
    if (request.publicOnly) filter.isPublic = { eq: ['true'] };
    if (request.resourceTypes.length) filter.resourceType = { eq: request.resourceTypes };
    const rows = [];
    for (const analyzer of analyzers.filter((a) => a.type === 'ACCOUNT' || a.type === 'ORGANIZATION')) {
      const findings = await allPages(async (nextToken) => {
        const out = await call<ListFindingsCommandOutput>('accessanalyzer', new ListFindingsCommand({ analyzerArn: analyzer.arn, filter, nextToken }), 'access-analyzer:ListFindings');
        return { items: out.findings, next: out.nextToken };
      });
      rows.push(...findings.map((finding) => accessAnalyzerRow(finding, target.region)));
    }
    return rows;
  },
};
