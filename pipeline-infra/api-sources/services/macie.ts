import { z } from 'zod';
import { optionalTime, requestBase, type ApiRow } from '../api-source.js';
import { describeScope, type ApiService } from './service.js';
import { iso, levels, text, within } from './values.js';

export const MACIE_SEVERITIES = ['Low', 'Medium', 'High'] as const;
export const MACIE_SEVERITY = levels(MACIE_SEVERITIES);

export const macieRequestSchema = z.strictObject({
  service: z.literal('macie'),
  ...requestBase,
  ...optionalTime,
  severityAtLeast: z.enum(MACIE_SEVERITIES).optional(),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,62}$/).optional().describe('an S3 bucket name'),
  category: z.enum(['CLASSIFICATION', 'POLICY']).optional().describe('CLASSIFICATION: sensitive data found; POLICY: a bucket\'s settings'),
  includeArchived: z.boolean().default(false),
});
export type MacieRequest = z.infer<typeof macieRequestSchema>;

/** The fields of a Macie `Finding` (GetFindings) that rows show. */
export interface MacieFinding {
  id?: string;
  accountId?: string;
  region?: string;
  type?: string;
  category?: string;
  title?: string;
  archived?: boolean;
  count?: number;
  updatedAt?: Date | string | number;
  severity?: { description?: string; score?: number };
  resourcesAffected?: { s3Bucket?: { name?: string }; s3Object?: { key?: string } };
  classificationDetails?: { result?: { sensitiveData?: { category?: string; detections?: { type?: string; count?: number }[] }[] } };
}

const getFindingsSchema = z.looseObject({
  findings: z.array(z.looseObject({ id: z.string(), accountId: z.string(), region: z.string(), type: z.string(), severity: z.looseObject({ description: z.enum(MACIE_SEVERITIES) }), updatedAt: z.union([z.string(), z.number()]) })),
});

/** "USA_SOCIAL_SECURITY_NUMBER ×12, EMAIL_ADDRESS ×340": what sensitive data was found, and how much. */
function detections(finding: MacieFinding): string | null {
  const found = (finding.classificationDetails?.result?.sensitiveData ?? []).flatMap((d) => d.detections ?? []).map((d) => `${d.type} ×${d.count}`);
  return found.length ? found.join(', ') : null;
}

export function macieRow(finding: MacieFinding): ApiRow {
  return {
    updated_at: iso(finding.updatedAt),
    severity: text(finding.severity?.description),
    type: text(finding.type),
    bucket: text(finding.resourcesAffected?.s3Bucket?.name),
    object: text(finding.resourcesAffected?.s3Object?.key),
    sensitive_data: detections(finding),
    category: text(finding.category),
    title: text(finding.title),
    count: finding.count ?? null,
    archived: finding.archived ?? false,
    account: text(finding.accountId),
    region: text(finding.region),
    finding_id: text(finding.id),
  };
}

export const macieService: ApiService<MacieRequest> = {
  name: 'macie',
  title: 'Macie findings (sensitive data in S3)',
  request: macieRequestSchema,
  responses: { GetFindings: getFindingsSchema },
  snapshotRows: (files) => files.responses('GetFindings').flatMap(({ response }) => (response as { findings: MacieFinding[] }).findings.map(macieRow)),
  matches: (row, request) =>
    (request.includeArchived || row.archived !== true) &&
    (!request.severityAtLeast || MACIE_SEVERITY.atLeast(request.severityAtLeast).includes(row.severity as (typeof MACIE_SEVERITIES)[number])) &&
    (!request.bucket || row.bucket === request.bucket) &&
    (!request.category || row.category === request.category) &&
    within(row.updated_at, request.from, request.to),
  compare: (a, b) => MACIE_SEVERITY.compare(a.severity, b.severity) || String(b.updated_at).localeCompare(String(a.updated_at)),
  describe: (request) =>
    ['Macie ListFindings + GetFindings', request.severityAtLeast ? `severity ≥ ${request.severityAtLeast}` : undefined, request.bucket ? `bucket ${request.bucket}` : undefined, request.category ? `category ${request.category}` : undefined, describeScope(request)]
      .filter(Boolean)
      .join('; '),
};
