import { z } from 'zod';
import { requestBase, type ApiRow } from '../api-source.js';
import { describeScope, type ApiService } from './service.js';
import { text } from './values.js';

export const quotasRequestSchema = z.strictObject({
  service: z.literal('quotas'),
  ...requestBase,
  services: z.array(z.string().regex(/^[a-z0-9-]{2,40}$/)).max(20).default([]).describe('service codes such as ec2, lambda, vpc; empty means the usual ones'),
  minPercentUsed: z.number().min(0).max(100).optional().describe('only quotas at least this full'),
});
export type QuotasRequest = z.infer<typeof quotasRequestSchema>;

/** The fields of a Service Quotas `ServiceQuota` (ListServiceQuotas) that rows show. */
export interface ServiceQuota {
  ServiceCode?: string;
  QuotaArn?: string;
  QuotaCode?: string;
  QuotaName?: string;
  Value?: number;
  Unit?: string;
  Adjustable?: boolean;
  UsageMetric?: { MetricNamespace?: string; MetricName?: string; MetricDimensions?: Record<string, string>; MetricStatisticRecommendation?: string };
}

/** A CloudWatch `MetricDataResult` (GetMetricData) whose Label is the quota's ARN: its usage. */
export interface UsageResult {
  Label?: string;
  Values?: number[];
}

/** `arn:aws:servicequotas:<region>:<account>:<service>/<code>`: where a quota applies. */
export function quotaPlace(arn: string | undefined): { region: string | null; account: string | null } {
  const [, , , region, account] = (arn ?? '').split(':');
  return { region: region || null, account: account || null };
}

export function quotaRow(quota: ServiceQuota, used: number | undefined): ApiRow {
  const { region, account } = quotaPlace(quota.QuotaArn);
  const limit = quota.Value ?? null;
  return {
    service: text(quota.ServiceCode),
    quota: text(quota.QuotaName),
    quota_code: text(quota.QuotaCode),
    used: used ?? null,
    limit,
    percent_used: used !== undefined && limit ? Math.round((used / limit) * 10_000) / 100 : null,
    adjustable: quota.Adjustable ?? null,
    account,
    region,
  };
}

/** Usage by quota ARN: the highest value each usage query returned. */
export function usageByQuota(results: UsageResult[]): Map<string, number> {
  const usage = new Map<string, number>();
  for (const result of results) if (result.Label && result.Values?.length) usage.set(result.Label, Math.max(usage.get(result.Label) ?? 0, ...result.Values));
  return usage;
}

export const quotasService: ApiService<QuotasRequest> = {
  name: 'quotas',
  title: 'Service Quotas (usage against limits)',
  request: quotasRequestSchema,
  responses: {
    ListServiceQuotas: z.looseObject({ Quotas: z.array(z.looseObject({ ServiceCode: z.string(), QuotaArn: z.string(), QuotaCode: z.string(), QuotaName: z.string(), Value: z.number() })) }),
    GetMetricData: z.looseObject({ MetricDataResults: z.array(z.looseObject({ Label: z.string(), Values: z.array(z.number()) })) }),
  },
  snapshotRows: (files) => {
    const usage = usageByQuota(files.responses('GetMetricData').flatMap(({ response }) => (response as { MetricDataResults: UsageResult[] }).MetricDataResults));
    return files.responses('ListServiceQuotas').flatMap(({ response }) => (response as { Quotas: ServiceQuota[] }).Quotas.map((q) => quotaRow(q, usage.get(q.QuotaArn!))));
  },
  matches: (row, request) =>
    (request.services.length === 0 || request.services.includes(String(row.service))) &&
    (request.minPercentUsed === undefined || (typeof row.percent_used === 'number' && row.percent_used >= request.minPercentUsed)),
  // Fullest first; quotas without usage data last.
  compare: (a, b) => Number(b.percent_used ?? -1) - Number(a.percent_used ?? -1),
  describe: (request) =>
    ['Service Quotas ListServiceQuotas + CloudWatch GetMetricData (usage)', request.services.length ? `services ${request.services.join(', ')}` : undefined, request.minPercentUsed !== undefined ? `≥ ${request.minPercentUsed}% used` : undefined, describeScope(request)]
      .filter(Boolean)
      .join('; '),
};
