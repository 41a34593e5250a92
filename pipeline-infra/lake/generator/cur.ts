import { PAYER_ACCOUNT, type GeneratedAccount } from './accounts.js';
import { INVENTORY, type RegionInventory } from './inventory.js';
import { stableId, type Random } from './random.js';
import { DAY, HOUR, isWeekend, isoSeconds, startOfUtcDay, type TimeWindow } from './rhythm.js';

/** A CUR 2.0 line item, keyed by the catalog's column names; timestamps as ISO-8601 UTC strings. */
export interface CurRow {
  identity_line_item_id: string;
  identity_time_interval: string;
  bill_billing_period_start_date: string;
  bill_payer_account_id: string;
  line_item_usage_account_id: string;
  line_item_usage_account_name: string;
  line_item_line_item_type: 'Usage';
  line_item_usage_start_date: string;
  line_item_usage_end_date: string;
  line_item_product_code: string;
  line_item_usage_type: string;
  line_item_operation: string;
  line_item_resource_id: string | null;
  line_item_usage_amount: number;
  line_item_unblended_rate: string;
  line_item_unblended_cost: number;
  line_item_net_unblended_cost: number;
  line_item_currency_code: 'USD';
  line_item_line_item_description: string;
  product_region_code: string;
  product_servicecode: string;
  product_product_family: string;
  product_instance_type: string | null;
  pricing_unit: string;
  resource_tags: Record<string, string>;
}

/** Usage types carry a region prefix (none for us-east-1). */
const USAGE_PREFIX: Record<string, string> = { 'eu-central-1': 'EUC1-', 'eu-west-1': 'EU-', 'us-east-1': '' };
const LOCATION: Record<string, string> = { 'eu-central-1': 'EU (Frankfurt)', 'eu-west-1': 'EU (Ireland)', 'us-east-1': 'US East (N. Virginia)' };
/** Prices relative to Frankfurt's. */
const REGION_PRICE: Record<string, number> = { 'eu-central-1': 1, 'eu-west-1': 0.95, 'us-east-1': 0.87 };
/** On-demand Linux hourly prices in Frankfurt (USD). */
const INSTANCE_HOURLY: Record<string, number> = { 't3.micro': 0.012, 't3.medium': 0.048, 't3.large': 0.096, 'm5.large': 0.115, 'c5.large': 0.097, 'c5.xlarge': 0.194 };
const DATABASE_HOURLY: Record<string, { price: number; multiAz: boolean }> = { 'db.r6g.large': { price: 0.52, multiAz: true }, 'db.t4g.medium': { price: 0.072, multiAz: false } };
/** Stored gigabytes of each bucket. */
const BUCKET_GB: Record<string, number> = { 'acme-prod-backups': 6_200, 'acme-prod-assets': 850, 'acme-prod-orders-export': 320, 'acme-org-cloudtrail': 1_400, 'acme-cia-lake': 2_100, 'acme-dr-backups': 4_800, 'acme-dev-ml-datasets': 1_900 };

/** A day on which a usage type of one account and region costs `factor` times its usual amount. */
export interface CostSpike {
  accountId: string;
  region: string;
  usageType: string;
  /** Start (epoch ms, UTC midnight) of each day of the spike. */
  days: readonly number[];
  factor: number;
}

export interface CurOptions {
  random: Random;
  window: TimeWindow;
  retiredInstances?: ReadonlyMap<string, number>;
  spikes?: readonly CostSpike[];
}

interface Usage {
  productCode: string;
  serviceCode?: string;
  family: string;
  usageType: string;
  operation: string;
  resourceId: string | null;
  amount: number;
  rate: number;
  unit: string;
  description: string;
  instanceType?: string;
  team: string;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Rates as the CUR writes them: plain decimals, never exponent notation. */
function rateText(rate: number): string {
  return rate.toFixed(10).replace(/\.?0+$/, '');
}

function usageType(region: string, name: string): string {
  return `${USAGE_PREFIX[region] ?? ''}${name}`;
}

/** The usage of one region of an account over one day (before noise and spikes). */
function dailyUsage(inventory: RegionInventory, day: number, retired: ReadonlyMap<string, number> | undefined): Usage[] {
  const { region, account } = inventory;
  const price = REGION_PRICE[region] ?? 1;
  const prod = account.alias === 'prod';
  const busy = isWeekend(day + 12 * HOUR) ? 0.7 : 1;
  const usages: Usage[] = [];
  for (const instance of inventory.instances) {
    const hours = Math.max(0, Math.min(24, ((retired?.get(instance.id) ?? Infinity) - day) / HOUR));
    if (hours === 0) continue;
    const hourly = round((INSTANCE_HOURLY[instance.type] ?? 0.1) * price, 4);
    usages.push({ productCode: 'AmazonEC2', family: 'Compute Instance', usageType: usageType(region, `BoxUsage:${instance.type}`), operation: 'RunInstances', resourceId: instance.id, amount: hours, rate: hourly, unit: 'Hrs', description: `$${hourly} per On Demand Linux ${instance.type} Instance Hour`, instanceType: instance.type, team: instance.role === 'worker' ? 'payments' : 'shop' });
    const gb = instance.type.startsWith('t3') ? 30 : 100;
    const gbMonth = round(0.0952 * price, 4);
    usages.push({ productCode: 'AmazonEC2', family: 'Storage', usageType: usageType(region, 'EBS:VolumeUsage.gp3'), operation: 'CreateVolume-Gp3', resourceId: `vol-0${stableId(`${instance.id}/root`, 'hex', 16)}`, amount: (gb / 30) * (hours / 24), rate: gbMonth, unit: 'GB-Mo', description: `$${gbMonth} per GB-month of General Purpose (gp3) provisioned storage - ${LOCATION[region]}`, team: 'platform' });
  }
  for (const nat of inventory.endpoints.filter((e) => e.kind === 'nat')) {
    const natPrice = round(0.052 * price, 4);
    const arn = `arn:aws:ec2:${region}:${account.id}:natgateway/${nat.id}`;
    usages.push({ productCode: 'AmazonEC2', family: 'NAT Gateway', usageType: usageType(region, 'NatGateway-Hours'), operation: 'NatGateway', resourceId: arn, amount: 24, rate: natPrice, unit: 'Hrs', description: `$${natPrice} per NAT Gateway Hour`, team: 'platform' });
    usages.push({ productCode: 'AmazonEC2', family: 'NAT Gateway', usageType: usageType(region, 'NatGateway-Bytes'), operation: 'NatGateway', resourceId: arn, amount: (prod ? 45 : 6) * busy, rate: natPrice, unit: 'GB', description: `$${natPrice} per GB - NAT Gateway Data Processed`, team: 'platform' });
  }
  for (const database of inventory.endpoints.filter((e) => e.kind === 'database')) {
    const spec = DATABASE_HOURLY[database.instanceClass!] ?? { price: 0.1, multiAz: false };
    const hourly = round(spec.price * price, 4);
    const arn = `arn:aws:rds:${region}:${account.id}:db:${database.name}`;
    usages.push({ productCode: 'AmazonRDS', family: 'Database Instance', usageType: usageType(region, `${spec.multiAz ? 'Multi-AZUsage' : 'InstanceUsage'}:${database.instanceClass}`), operation: 'CreateDBInstance:0014', resourceId: arn, amount: 24, rate: hourly, unit: 'Hrs', description: `$${hourly} per RDS ${database.instanceClass} ${spec.multiAz ? 'Multi-AZ ' : ''}instance hour (or partial hour) running PostgreSQL`, instanceType: database.instanceClass, team: 'shop' });
    const storage = round((spec.multiAz ? 0.274 : 0.137) * price, 4);
    usages.push({ productCode: 'AmazonRDS', family: 'Database Storage', usageType: usageType(region, spec.multiAz ? 'RDS:Multi-AZ-GP3-Storage' : 'RDS:GP3-Storage'), operation: 'CreateDBInstance:0014', resourceId: arn, amount: (prod ? 500 : 100) / 30, rate: storage, unit: 'GB-Mo', description: `$${storage} per GB-month of provisioned GP3 storage running PostgreSQL`, team: 'shop' });
  }
  for (const bucket of inventory.buckets) {
    const storage = round(0.0245 * price, 4);
    usages.push({ productCode: 'AmazonS3', family: 'Storage', usageType: usageType(region, 'TimedStorage-ByteHrs'), operation: 'StandardStorage', resourceId: bucket, amount: (BUCKET_GB[bucket] ?? 40) / 30, rate: storage, unit: 'GB-Mo', description: `$${storage} per GB - first 50 TB / month of storage used`, team: 'platform' });
    usages.push({ productCode: 'AmazonS3', family: 'API Request', usageType: usageType(region, 'Requests-Tier2'), operation: 'GetObject', resourceId: bucket, amount: (prod ? 400_000 : 20_000) * busy, rate: 0.00000043, unit: 'Requests', description: '$0.0043 per 10,000 GET and all other requests', team: 'platform' });
  }
  for (const fn of inventory.functions) {
    const invocations = (prod ? ({ 'checkout-api': 120_000, 'order-events-consumer': 40_000, 'image-resizer': 15_000 }[fn.name] ?? 2_000) : fn.name === 'org-inventory-sync' ? 24 : 1_500) * busy;
    const arn = `arn:aws:lambda:${region}:${account.id}:function:${fn.name}`;
    usages.push({ productCode: 'AWSLambda', family: 'Serverless', usageType: usageType(region, 'Lambda-GB-Second'), operation: 'Invoke', resourceId: arn, amount: invocations * 0.25 * (fn.memoryMb / 1024), rate: 0.0000166667, unit: 'Lambda-GB-Second', description: `AWS Lambda - Total Compute - ${LOCATION[region]}`, team: 'shop' });
    usages.push({ productCode: 'AWSLambda', family: 'Serverless', usageType: usageType(region, 'Request'), operation: 'Invoke', resourceId: arn, amount: invocations, rate: 0.0000002, unit: 'Requests', description: `AWS Lambda - Total Requests - ${LOCATION[region]}`, team: 'shop' });
  }
  if (inventory.vpc) {
    const ingest = round(0.63 * price, 4);
    usages.push({ productCode: 'AmazonCloudWatch', family: 'Data Payload', usageType: usageType(region, 'DataProcessing-Bytes'), operation: 'PutLogEvents', resourceId: null, amount: (prod ? 8 : 1.2) * busy, rate: ingest, unit: 'GB', description: `$${ingest} per GB - Logs ingested - ${LOCATION[region]}`, team: 'platform' });
    usages.push({ productCode: 'AmazonCloudWatch', family: 'Metric', usageType: usageType(region, 'CW:MetricMonitorUsage'), operation: 'MetricStorage', resourceId: null, amount: (prod ? 420 : 90) / 30, rate: 0.3, unit: 'Metrics', description: '$0.30 per metric-month - first 10,000 metrics', team: 'platform' });
    usages.push({ productCode: 'AmazonEC2', serviceCode: 'AWSDataTransfer', family: 'Data Transfer', usageType: usageType(region, 'DataTransfer-Out-Bytes'), operation: 'RunInstances', resourceId: null, amount: (prod ? 120 : 5) * busy, rate: 0.09, unit: 'GB', description: '$0.090 per GB - first 10 TB / month data transfer out beyond the global free tier', team: 'shop' });
    usages.push({ productCode: 'AmazonEC2', serviceCode: 'AWSDataTransfer', family: 'Data Transfer', usageType: usageType(region, 'DataTransfer-Regional-Bytes'), operation: 'InterZone-In', resourceId: null, amount: (prod ? 60 : 4) * busy, rate: 0.01, unit: 'GB', description: '$0.010 per GB - regional data transfer - in/out/between EC2 AZs or using elastic IPs or ELB', team: 'shop' });
  }
  return usages;
}

function spikeFactor(spikes: readonly CostSpike[] | undefined, account: GeneratedAccount, region: string, usage: string, day: number): number {
  return spikes?.find((s) => s.accountId === account.id && s.region === region && s.usageType === usage && s.days.includes(day))?.factor ?? 1;
}

/**
 * Line items per day, service, account, region and resource for every complete UTC day of the
 * window (the CUR lags a day, so today has none yet). Amounts vary a little from day to day.
 */
export function curLineItems(options: CurOptions): CurRow[] {
  const { random, window } = options;
  const rows: CurRow[] = [];
  for (let day = startOfUtcDay(window.from); day + DAY <= window.to; day += DAY) {
    const period = isoSeconds(Date.UTC(new Date(day).getUTCFullYear(), new Date(day).getUTCMonth(), 1));
    for (const inventory of INVENTORY) {
      for (const usage of dailyUsage(inventory, day, options.retiredInstances)) {
        const fixed = usage.unit === 'Hrs' || usage.unit === 'GB-Mo' || usage.unit === 'Metrics';
        const noise = fixed ? 1 : Math.max(0.5, 1 + 0.08 * random.normal());
        const amount = round(usage.amount * noise * spikeFactor(options.spikes, inventory.account, inventory.region, usage.usageType, day), 6);
        const cost = round(amount * usage.rate, 8);
        rows.push({
          identity_line_item_id: random.base32(52).toLowerCase(),
          identity_time_interval: `${isoSeconds(day)}/${isoSeconds(day + DAY)}`,
          bill_billing_period_start_date: period,
          bill_payer_account_id: PAYER_ACCOUNT.id,
          line_item_usage_account_id: inventory.account.id,
          line_item_usage_account_name: inventory.account.alias,
          line_item_line_item_type: 'Usage',
          line_item_usage_start_date: isoSeconds(day),
          line_item_usage_end_date: isoSeconds(day + DAY),
          line_item_product_code: usage.productCode,
          line_item_usage_type: usage.usageType,
          line_item_operation: usage.operation,
          line_item_resource_id: usage.resourceId,
          line_item_usage_amount: amount,
          line_item_unblended_rate: rateText(usage.rate),
          line_item_unblended_cost: cost,
          line_item_net_unblended_cost: cost,
          line_item_currency_code: 'USD',
          line_item_line_item_description: usage.description,
          product_region_code: inventory.region,
          product_servicecode: usage.serviceCode ?? usage.productCode,
          product_product_family: usage.family,
          product_instance_type: usage.instanceType ?? null,
          pricing_unit: usage.unit,
          resource_tags: { user_environment: inventory.account.alias, user_team: usage.team },
        });
      }
    }
  }
  return rows;
}
