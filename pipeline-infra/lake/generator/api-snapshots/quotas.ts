import { accountByAlias, type GeneratedAccount } from '../accounts.js';
import { regionInventory } from '../inventory.js';
import { HOUR, isoSeconds } from '../rhythm.js';
import type { SnapshotFile, SnapshotInput } from './snapshot-file.js';

/** vCPUs of the instance types the inventory runs. */
const VCPUS: Record<string, number> = { 't3.micro': 2, 't3.medium': 2, 't3.large': 2, 'm5.large': 2, 'c5.large': 2, 'c5.xlarge': 4 };

interface QuotaSpec {
  service: string;
  serviceName: string;
  code: string;
  name: string;
  unit: string;
  usage?: { namespace: string; metric: string; dimensions: Record<string, string> };
}

const VCPU: QuotaSpec = { service: 'ec2', serviceName: 'Amazon Elastic Compute Cloud (Amazon EC2)', code: 'L-1216C47A', name: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances', unit: 'None', usage: { namespace: 'AWS/Usage', metric: 'ResourceCount', dimensions: { Class: 'Standard/OnDemand', Resource: 'vCPU', Service: 'EC2', Type: 'Resource' } } };
const EIPS: QuotaSpec = { service: 'ec2', serviceName: 'Amazon Elastic Compute Cloud (Amazon EC2)', code: 'L-0263D0A3', name: 'EC2-VPC Elastic IPs', unit: 'None', usage: { namespace: 'AWS/Usage', metric: 'ResourceCount', dimensions: { Class: 'None', Resource: 'ElasticIP', Service: 'EC2', Type: 'Resource' } } };
const LAMBDA: QuotaSpec = { service: 'lambda', serviceName: 'AWS Lambda', code: 'L-B99A9384', name: 'Concurrent executions', unit: 'None', usage: { namespace: 'AWS/Lambda', metric: 'ConcurrentExecutions', dimensions: {} } };
const VPCS: QuotaSpec = { service: 'vpc', serviceName: 'Amazon Virtual Private Cloud (Amazon VPC)', code: 'L-F678F1CE', name: 'VPCs per Region', unit: 'None' };

/**
 * ListServiceQuotas and the usage (GetMetricData, labelled with each quota's ARN) per account and
 * region. Usage follows the inventory (vCPUs of the running instances, public addresses); prod is
 * close to two limits: its vCPUs, and Lambda concurrency during the checkout-api storm.
 */
export function quotasSnapshots({ now, retiredInstances }: SnapshotInput): SnapshotFile[] {
  const home = 'eu-central-1';
  const vcpus = (account: GeneratedAccount) => (regionInventory(account.id, home)?.instances ?? []).filter((i) => !retiredInstances.has(i.id)).reduce((sum, i) => sum + (VCPUS[i.type] ?? 2), 0);
  const publicIps = (account: GeneratedAccount) => {
    const inventory = regionInventory(account.id, home);
    return [...(inventory?.instances ?? []), ...(inventory?.endpoints ?? [])].filter((r) => r.publicIp).length;
  };
  const prod = accountByAlias('prod');
  const dev = accountByAlias('dev');
  const main = accountByAlias('main');
  const quotas: [GeneratedAccount, QuotaSpec, number, number | undefined][] = [
    [prod, VCPU, 14, vcpus(prod)],
    [prod, LAMBDA, 100, 93],
    [prod, EIPS, 5, publicIps(prod)],
    [prod, VPCS, 5, undefined],
    [dev, VCPU, 32, vcpus(dev)],
    [dev, LAMBDA, 1000, 4],
    [main, VCPU, 32, vcpus(main)],
  ];
  const files: SnapshotFile[] = [];
  for (const account of [prod, dev, main]) {
    const mine = quotas.filter(([a]) => a === account);
    const arn = (spec: QuotaSpec) => `arn:aws:servicequotas:${home}:${account.id}:${spec.service}/${spec.code}`;
    const Quotas = mine.map(([, spec, value]) => ({
      ServiceCode: spec.service, ServiceName: spec.serviceName, QuotaArn: arn(spec), QuotaCode: spec.code, QuotaName: spec.name, Value: value, Unit: spec.unit, Adjustable: true, GlobalQuota: false,
      ...(spec.usage ? { UsageMetric: { MetricNamespace: spec.usage.namespace, MetricName: spec.usage.metric, MetricDimensions: spec.usage.dimensions, MetricStatisticRecommendation: 'Maximum' } } : {}),
    }));
    const MetricDataResults = mine.filter(([, spec, , used]) => spec.usage && used !== undefined).map(([, spec, , used], i) => ({ Id: `q${i}`, Label: arn(spec), Timestamps: [isoSeconds(Math.floor(now / HOUR) * HOUR)], Values: [used], StatusCode: 'Complete' }));
    files.push({ service: 'quotas', account: account.id, operation: 'ListServiceQuotas', key: home, response: { Quotas } });
    files.push({ service: 'quotas', account: account.id, operation: 'GetMetricData', key: home, response: { MetricDataResults } });
  }
  return files;
}
