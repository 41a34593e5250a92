import { z } from 'zod';
import { optionalTime, requestBase, type ApiRow } from '../api-source.js';
import { describeScope, type ApiService } from './service.js';
import { iso, levels, text, within } from './values.js';

export const INSPECTOR_SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export const INSPECTOR_SEVERITY = levels(INSPECTOR_SEVERITIES);

export const inspectorRequestSchema = z.strictObject({
  service: z.literal('inspector'),
  ...requestBase,
  ...optionalTime,
  severityAtLeast: z.enum(INSPECTOR_SEVERITIES).optional(),
  vulnerabilityId: z.string().regex(/^[A-Za-z0-9._:-]{3,64}$/).optional().describe('e.g. CVE-2023-38545'),
  resourceId: z.string().max(256).optional().describe('an instance id, image or function'),
  status: z.enum(['ACTIVE', 'SUPPRESSED', 'CLOSED']).default('ACTIVE'),
});
export type InspectorRequest = z.infer<typeof inspectorRequestSchema>;

/** The fields of an Inspector2 `Finding` (ListFindings) that rows show. */
export interface InspectorFinding {
  findingArn?: string;
  awsAccountId?: string;
  title?: string;
  severity?: string;
  status?: string;
  updatedAt?: Date | string | number;
  inspectorScore?: number;
  exploitAvailable?: string;
  resources?: { type?: string; id?: string; region?: string }[];
  packageVulnerabilityDetails?: { vulnerabilityId?: string; vulnerablePackages?: { name?: string; version?: string; fixedInVersion?: string }[] };
}

const listFindingsSchema = z.looseObject({
  findings: z.array(z.looseObject({ findingArn: z.string(), awsAccountId: z.string(), severity: z.enum([...INSPECTOR_SEVERITIES, 'UNTRIAGED']), status: z.string(), updatedAt: z.union([z.string(), z.number()]) })),
});

export function inspectorRow(finding: InspectorFinding): ApiRow {
  const resource = finding.resources?.[0];
  const vulnerability = finding.packageVulnerabilityDetails;
  const pkg = vulnerability?.vulnerablePackages?.[0];
  return {
    updated_at: iso(finding.updatedAt),
    severity: text(finding.severity),
    vulnerability: text(vulnerability?.vulnerabilityId),
    title: text(finding.title),
    resource: text(resource?.id),
    resource_type: text(resource?.type),
    package: pkg ? `${pkg.name} ${pkg.version}` : null,
    fixed_in: text(pkg?.fixedInVersion),
    score: finding.inspectorScore ?? null,
    exploit_available: text(finding.exploitAvailable),
    status: text(finding.status),
    account: text(finding.awsAccountId),
    region: text(resource?.region),
  };
}

export const inspectorService: ApiService<InspectorRequest> = {
  name: 'inspector',
  title: 'Inspector vulnerabilities',
  request: inspectorRequestSchema,
  responses: { ListFindings: listFindingsSchema },
  snapshotRows: (files) => files.responses('ListFindings').flatMap(({ response }) => (response as { findings: InspectorFinding[] }).findings.map(inspectorRow)),
  matches: (row, request) =>
    row.status === request.status &&
    (!request.severityAtLeast || INSPECTOR_SEVERITY.atLeast(request.severityAtLeast).includes(row.severity as (typeof INSPECTOR_SEVERITIES)[number])) &&
    (!request.vulnerabilityId || String(row.vulnerability).toUpperCase() === request.vulnerabilityId.toUpperCase()) &&
    (!request.resourceId || row.resource === request.resourceId) &&
    within(row.updated_at, request.from, request.to),
  compare: (a, b) => INSPECTOR_SEVERITY.compare(a.severity, b.severity) || Number(b.score ?? 0) - Number(a.score ?? 0),
  describe: (request) =>
    ['Inspector2 ListFindings', `status ${request.status}`, request.severityAtLeast ? `severity ≥ ${request.severityAtLeast}` : undefined, request.vulnerabilityId ? `vulnerability ${request.vulnerabilityId}` : undefined, request.resourceId ? `resource ${request.resourceId}` : undefined, describeScope(request)]
      .filter(Boolean)
      .join('; '),
};
