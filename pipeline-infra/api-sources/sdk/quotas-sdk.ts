import { GetMetricDataCommand, type GetMetricDataCommandOutput, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { ListServiceQuotasCommand, type ListServiceQuotasCommandOutput, type ServiceQuota } from '@aws-sdk/client-service-quotas';
import { quotaRow, usageByQuota } from '../services/quotas.js';
import { allPages, batches, type AwsCaller } from './aws-call.js';
import type { SdkFetcher } from './sdk-source.js';

/** The services whose quotas are asked when a request names none: the ones teams run into. */
export const USUAL_QUOTA_SERVICES = ['ec2', 'vpc', 'lambda', 'ebs', 'rds', 'elasticloadbalancing'];
/** GetMetricData takes at most 500 queries. */
const METRIC_BATCH = 500;
const DAY_MS = 86_400_000;

/** Service Quotas: each service's applied quotas, and their usage from CloudWatch's AWS/Usage metrics over the last day. */
export const quotasSdk: SdkFetcher<'quotas'> = {
  scope: 'regional',
  async fetch(call, request) {
    const quotas: ServiceQuota[] = [];
    for (const ServiceCode of request.services.length ? request.services : USUAL_QUOTA_SERVICES) {
      quotas.push(
        ...(await allPages(async (NextToken) => {
          const out = await call<ListServiceQuotasCommandOutput>('servicequotas', new ListServiceQuotasCommand({ ServiceCode, NextToken, MaxResults: 100 }), 'servicequotas:ListServiceQuotas');
          return { items: out.Quotas, next: out.NextToken };
        })),
      );
    }
    const usage = usageByQuota(await usageOf(call, quotas.filter((q) => q.UsageMetric?.MetricName)));
    return quotas.map((quota) => quotaRow(quota, usage.get(quota.QuotaArn!)));
  },
};

/** One usage query per quota, labelled with the quota's ARN so results find their quota. */
async function usageOf(call: AwsCaller, quotas: ServiceQuota[]) {
  const queries: MetricDataQuery[] = quotas.map((quota, i) => ({
    Id: `q${i}`,
    Label: quota.QuotaArn,
    MetricStat: {
      Metric: { Namespace: quota.UsageMetric!.MetricNamespace, MetricName: quota.UsageMetric!.MetricName, Dimensions: Object.entries(quota.UsageMetric!.MetricDimensions ?? {}).map(([Name, Value]) => ({ Name, Value })) },
      Period: 3600,
      Stat: quota.UsageMetric!.MetricStatisticRecommendation ?? 'Maximum',
    },
  }));
  const EndTime = new Date();
  const StartTime = new Date(EndTime.getTime() - DAY_MS);
  const results = [];
  for (const MetricDataQueries of batches(queries, METRIC_BATCH)) {
    results.push(
      ...(await allPages(async (NextToken) => {
        const out = await call<GetMetricDataCommandOutput>('cloudwatch', new GetMetricDataCommand({ MetricDataQueries, StartTime, EndTime, NextToken }), 'cloudwatch:GetMetricData');
        return { items: out.MetricDataResults, next: out.NextToken };
      })),
    );
  }
  return results;
}
