import { findInstance, type Instance, type NetworkEndpoint, type RegionInventory } from '../inventory.js';
import type { CostSpike } from '../cur.js';
import { CAPTURE_WINDOW, EXTERNAL_ENDPOINTS, interfaceOf, outboundConnection, type FlowLogRow } from '../flowlogs.js';
import type { Random } from '../random.js';
import { DAY, MINUTE, isoSeconds } from '../rhythm.js';
import { record, type IncidentDays, type IncidentRecord, type IncidentRows } from './incident.js';

/** NAT data processing jumps about seventy-fold: a job copies backups to S3 through the NAT gateway (no VPC endpoint). */
const FACTOR = 70;
/** What the NAT gateway normally processes in prod per weekday (cur.ts). */
const USUAL_GB_PER_DAY = 45;
const S3_ENDPOINT = EXTERNAL_ENDPOINTS.find((e) => e.service === 'S3')!;

export interface CostSpikePlan {
  inventory: RegionInventory;
  nat: NetworkEndpoint;
  source: Instance;
  days: number[];
  usageType: string;
}

export function planCostSpike(days: IncidentDays): CostSpikePlan {
  const { instance, inventory } = findInstance('prod-payments-worker-2');
  const nat = inventory.endpoints.find((e) => e.kind === 'nat')!;
  return { inventory, nat, source: instance, days: [days.twoDaysAgo, days.yesterday], usageType: 'EUC1-NatGateway-Bytes' };
}

export function costSpikeOf(plan: CostSpikePlan): CostSpike {
  return { accountId: plan.inventory.account.id, region: plan.inventory.region, usageType: plan.usageType, days: plan.days, factor: FACTOR };
}

/** The traffic behind the bill: the worker uploading to S3 around the clock on both days. */
export function costSpikeRows(plan: CostSpikePlan, random: Random): Pick<IncidentRows, 'flowlogs'> {
  const flowlogs: FlowLogRow[] = [];
  const bytesPerWindow = ((FACTOR - 1) * USUAL_GB_PER_DAY * 1e9) / (DAY / CAPTURE_WINDOW);
  for (const day of plan.days) {
    for (let slot = day; slot < day + DAY; slot += CAPTURE_WINDOW) {
      const start = slot + random.between(0, MINUTE);
      const window = { start, end: start + CAPTURE_WINDOW - 2 * MINUTE };
      const upload = Math.round(bytesPerWindow * (0.8 + 0.4 * random.next()));
      flowlogs.push(...outboundConnection(plan.inventory, interfaceOf(plan.source), S3_ENDPOINT, window, { requestBytes: upload, responseBytes: Math.round(upload / 200) }, random));
    }
  }
  return { flowlogs };
}

export function describeCostSpike(plan: CostSpikePlan): IncidentRecord {
  const { inventory } = plan;
  return record('cost_spike', inventory.account, inventory.region, { start: plan.days[0]!, end: plan.days.at(-1)! + DAY - 1000 }, {
    summary: `NAT gateway data processing in prod (AmazonEC2 ${plan.usageType}) about ${FACTOR}x its usual cost on two days: ${plan.source.name} copying to S3 through the NAT gateway`,
    tables: ['cur_data', 'flowlogs'],
    identifiers: {
      product_code: 'AmazonEC2',
      usage_type: plan.usageType,
      nat_gateway_id: plan.nat.id,
      resource_id: `arn:aws:ec2:${inventory.region}:${inventory.account.id}:natgateway/${plan.nat.id}`,
      days: plan.days.map((d) => isoSeconds(d).slice(0, 10)),
      factor: FACTOR,
      source_instance_id: plan.source.id,
      destination_ip: S3_ENDPOINT.ip,
    },
  });
}
