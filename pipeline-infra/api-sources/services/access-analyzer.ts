import { z } from 'zod';
import { requestBase, type ApiRow } from '../api-source.js';
import { describeScope, type ApiService } from './service.js';
import { iso, newestFirst, text } from './values.js';

export const accessAnalyzerRequestSchema = z.strictObject({
  service: z.literal('access-analyzer'),
  ...requestBase,
  publicOnly: z.boolean().default(false).describe('only resources anyone on the internet can reach'),
  resourceTypes: z.array(z.string().regex(/^AWS::\w+::\w+$/)).max(20).default([]).describe('e.g. AWS::S3::Bucket, AWS::IAM::Role'),
  status: z.enum(['ACTIVE', 'ARCHIVED', 'RESOLVED']).default('ACTIVE'),
});
export type AccessAnalyzerRequest = z.infer<typeof accessAnalyzerRequestSchema>;

/** The fields of an IAM Access Analyzer `FindingSummary` (ListFindings) that rows show. */
export interface AccessAnalyzerFinding {
  id?: string;
  resource?: string;
  resourceType?: string;
  resourceOwnerAccount?: string;
  isPublic?: boolean;
  principal?: Record<string, string>;
  action?: string[];
  condition?: Record<string, string>;
  status?: string;
  updatedAt?: Date | string | number;
}

const listFindingsSchema = z.looseObject({
  findings: z.array(z.looseObject({ id: z.string(), resourceType: z.string(), resourceOwnerAccount: z.string(), status: z.string(), updatedAt: z.union([z.string(), z.number()]) })),
});

/** ListFindings names no region: the analyzer's region is the call's (a snapshot file's key). */
export function accessAnalyzerRow(finding: AccessAnalyzerFinding, region: string | null): ApiRow {
  const principal = Object.entries(finding.principal ?? {}).map(([kind, who]) => `${kind}: ${who}`).join(', ');
  return {
    updated_at: iso(finding.updatedAt),
    resource: text(finding.resource),
    resource_type: text(finding.resourceType),
    access: finding.isPublic ? 'public' : 'cross-account',
    principal: principal || null,
    actions: finding.action?.length ? finding.action.join(', ') : null,
    condition: finding.condition && Object.keys(finding.condition).length ? JSON.stringify(finding.condition) : null,
    status: text(finding.status),
    account: text(finding.resourceOwnerAccount),
    region,
    finding_id: text(finding.id),
  };
}

export const accessAnalyzerService: ApiService<AccessAnalyzerRequest> = {
  name: 'access-analyzer',
  title: 'IAM Access Analyzer findings (public and cross-account access)',
  request: accessAnalyzerRequestSchema,
  responses: { ListFindings: listFindingsSchema },
  snapshotRows: (files) => files.responses('ListFindings').flatMap(({ key, response }) => (response as { findings: AccessAnalyzerFinding[] }).findings.map((f) => accessAnalyzerRow(f, key ?? null))),
  matches: (row, request) =>
    row.status === request.status && (!request.publicOnly || row.access === 'public') && (request.resourceTypes.length === 0 || request.resourceTypes.includes(String(row.resource_type))),
  // Public access first: it is the more urgent.
  compare: (a, b) => Number(b.access === 'public') - Number(a.access === 'public') || newestFirst('updated_at')(a, b),
  describe: (request) =>
    ['Access Analyzer ListFindings', `status ${request.status}`, request.publicOnly ? 'public only' : 'public and cross-account', request.resourceTypes.length ? `types ${request.resourceTypes.join(', ')}` : undefined, describeScope(request)]
      .filter(Boolean)
      .join('; '),
};
