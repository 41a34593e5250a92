import { z } from 'zod';
import { optionalTime, requestBase, type ApiRow } from '../api-source.js';
import { describeScope, type ApiService } from './service.js';
import { iso, text, within } from './values.js';

/** GuardDuty keeps findings for 90 days; older ones are only in the lake (EventBridge → Firehose). */
export const GUARDDUTY_RETENTION_DAYS = 90;

/** The oldest instant the GuardDuty API still answers for, seen from `now`. */
export function guardDutyApiCutoff(now: Date): Date {
  return new Date(now.getTime() - GUARDDUTY_RETENTION_DAYS * 86_400_000);
}

/** Does the API still keep findings from `from` on (no start: the recent ones it keeps)? */
export function guardDutyApiKeeps(from: string | undefined, now: Date): boolean {
  return from === undefined || Date.parse(from) >= guardDutyApiCutoff(now).getTime();
}

export const guardDutyRequestSchema = z.strictObject({
  service: z.literal('guardduty'),
  ...requestBase,
  ...optionalTime,
  severityAtLeast: z.number().min(0).max(10).optional().describe('1-3.9 low, 4-6.9 medium, 7-8.9 high, 9-10 critical'),
  types: z.array(z.string().max(200)).max(20).default([]).describe('finding types, e.g. Recon:EC2/PortProbeUnprotectedPort'),
  includeArchived: z.boolean().default(false),
});
export type GuardDutyRequest = z.infer<typeof guardDutyRequestSchema>;

/** The fields of a GuardDuty `Finding` (GetFindings) that rows show; the SDK's and the CLI's JSON share them. */
export interface GuardDutyFinding {
  Id?: string;
  AccountId?: string;
  Region?: string;
  Type?: string;
  Severity?: number;
  Title?: string;
  UpdatedAt?: string;
  Resource?: {
    ResourceType?: string;
    InstanceDetails?: { InstanceId?: string };
    AccessKeyDetails?: { UserName?: string };
    S3BucketDetails?: { Name?: string }[];
  };
  Service?: { Archived?: boolean; Count?: number };
}

const getFindingsSchema = z.looseObject({
  Findings: z.array(z.looseObject({ Id: z.string(), AccountId: z.string(), Region: z.string(), Type: z.string(), Severity: z.number(), UpdatedAt: z.string() })),
});

export function severityLabel(severity: number): string {
  return severity >= 9 ? 'Critical' : severity >= 7 ? 'High' : severity >= 4 ? 'Medium' : 'Low';
}

export function guardDutyRow(finding: GuardDutyFinding): ApiRow {
  const resource = finding.Resource;
  const severity = finding.Severity ?? 0;
  return {
    updated_at: iso(finding.UpdatedAt),
    severity,
    severity_label: severityLabel(severity),
    type: text(finding.Type),
    title: text(finding.Title),
    resource: text(resource?.InstanceDetails?.InstanceId ?? resource?.AccessKeyDetails?.UserName ?? resource?.S3BucketDetails?.[0]?.Name ?? resource?.ResourceType),
    account: text(finding.AccountId),
    region: text(finding.Region),
    count: finding.Service?.Count ?? null,
    archived: finding.Service?.Archived ?? false,
    finding_id: text(finding.Id),
  };
}

export const guardDutyService: ApiService<GuardDutyRequest> = {
  name: 'guardduty',
  title: 'GuardDuty findings',
  request: guardDutyRequestSchema,
  responses: { GetFindings: getFindingsSchema },
  snapshotRows: (files) => files.responses('GetFindings').flatMap(({ response }) => (response as { Findings: GuardDutyFinding[] }).Findings.map(guardDutyRow)),
  matches: (row, request) =>
    (request.includeArchived || row.archived !== true) &&
    (request.severityAtLeast === undefined || Number(row.severity) >= request.severityAtLeast) &&
    (request.types.length === 0 || request.types.includes(String(row.type))) &&
    within(row.updated_at, request.from, request.to),
  compare: (a, b) => Number(b.severity) - Number(a.severity) || String(b.updated_at).localeCompare(String(a.updated_at)),
  describe: (request) =>
    [
      'GuardDuty ListFindings + GetFindings',
      request.severityAtLeast !== undefined ? `severity ≥ ${request.severityAtLeast}` : undefined,
      request.types.length ? `types ${request.types.join(', ')}` : undefined,
      request.includeArchived ? 'archived included' : 'not archived',
      describeScope(request),
    ].filter(Boolean).join('; '),
};
