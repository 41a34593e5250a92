import { CAPTURE_WINDOW, TCP, flowRecord, interfaceOf, rejectedProbe, type FlowLogRow } from '../flowlogs.js';
import { guardDutyEvent, instanceResource, remoteIpDetails, type RemoteIp } from '../guardduty.js';
import { findInstance, type Instance, type RegionInventory } from '../inventory.js';
import type { Random } from '../random.js';
import { HOUR, MINUTE } from '../rhythm.js';
import { record, secondsBetween, type IncidentDays, type IncidentRecord, type IncidentRows } from './incident.js';

/** A scanning host (documentation ASN) that sweeps every low port and the usual database ports. */
export const SCANNER: RemoteIp = { ip: '45.155.205.233', asn: '64501', asnOrg: 'EXAMPLE-SCANNER-AS', isp: 'Example Scanning Services', country: 'Netherlands', city: 'Amsterdam', lat: 52.37, lon: 4.9 };
const EXTRA_PORTS = [1433, 1521, 2375, 3306, 3389, 5432, 5900, 6379, 8080, 8443, 9200, 11211, 27017];

export interface PortScanPlan {
  instance: Instance;
  inventory: RegionInventory;
  start: number;
  end: number;
  ports: number[];
  /** Ports the security group lets anyone reach (SSH, since it was opened to the world). */
  openPorts: number[];
  sourcePort: number;
}

export function planPortScan(days: IncidentDays, random: Random, openPorts: number[]): PortScanPlan {
  const { instance, inventory } = findInstance('prod-bastion-1');
  const start = days.yesterday + 3 * HOUR + 20 * MINUTE + secondsBetween(random, 0, 20 * MINUTE);
  const ports = [...Array.from({ length: 1024 }, (_, i) => i + 1), ...EXTRA_PORTS];
  return { instance, inventory, start, end: start + 15 * MINUTE, ports, openPorts, sourcePort: random.between(40000, 65000) };
}

/** One probe per port, SYN only; open ports answer SYN-ACK and the scanner resets. */
export function portScanRows(plan: PortScanPlan, random: Random): Pick<IncidentRows, 'flowlogs' | 'guardduty'> {
  const target = interfaceOf(plan.instance);
  const { inventory } = plan;
  const flowlogs: FlowLogRow[] = [];
  const spacing = (plan.end - plan.start) / plan.ports.length;
  plan.ports.forEach((port, i) => {
    const at = Math.round(plan.start + i * spacing);
    const window = { start: at, end: Math.min(at + random.between(1_000, 50_000), Math.floor(at / CAPTURE_WINDOW) * CAPTURE_WINDOW + CAPTURE_WINDOW - 1_000) };
    if (!plan.openPorts.includes(port)) {
      flowlogs.push(rejectedProbe(inventory, target, SCANNER.ip, port, window, random, plan.sourcePort));
      return;
    }
    const { start, end } = window;
    flowlogs.push(flowRecord({ inventory, on: target, start, end, action: 'ACCEPT', direction: 'ingress', src: SCANNER.ip, dst: target.privateIp, srcPort: plan.sourcePort, dstPort: port, packets: 2, bytes: 84, tcpFlags: TCP.SYN | TCP.RST }));
    flowlogs.push(flowRecord({ inventory, on: target, start, end, action: 'ACCEPT', direction: 'egress', src: target.privateIp, dst: SCANNER.ip, srcPort: port, dstPort: plan.sourcePort, packets: 1, bytes: 44, tcpFlags: TCP.SYN_ACK, trafficPath: 8 }));
  });
  const findingId = random.hex(32);
  const spec = {
    account: inventory.account,
    region: inventory.region,
    type: 'Recon:EC2/PortProbeUnprotectedPort',
    severity: 2,
    findingId,
    title: `Unprotected port on EC2 instance ${plan.instance.id} is being probed.`,
    description: `EC2 instance has an unprotected port which is being probed by a known malicious host.`,
    resource: instanceResource(plan.instance, inventory),
    action: {
      actionType: 'PORT_PROBE',
      portProbeAction: { blocked: false, portProbeDetails: plan.openPorts.map((port) => ({ localPortDetails: { port, portName: port === 22 ? 'SSH' : 'Unknown' }, remoteIpDetails: remoteIpDetails(SCANNER), localIpDetails: { ipAddressV4: plan.instance.privateIp } })) },
    },
    evidence: { threatIntelligenceDetails: [{ threatListName: 'ProofPoint', threatNames: [] }] },
    firstSeen: plan.start + 40_000,
  };
  // Created while the scan runs, updated once it is over: the same finding id, a higher count.
  const guardduty = [guardDutyEvent({ ...spec, lastSeen: plan.start + 5 * MINUTE, count: 1 }, random), guardDutyEvent({ ...spec, lastSeen: plan.end, count: 3 }, random)];
  return { flowlogs, guardduty };
}

export function describePortScan(plan: PortScanPlan, rows: Pick<IncidentRows, 'flowlogs' | 'guardduty'>): IncidentRecord {
  const { instance, inventory } = plan;
  const rejected = rows.flowlogs.filter((r) => r.action === 'REJECT').length;
  return record('port_scan', inventory.account, inventory.region, { start: plan.start, end: plan.end }, {
    summary: `${SCANNER.ip} probed ${plan.ports.length} ports of ${instance.name} (${instance.id}) in 15 minutes: ${rejected} rejected, SSH (22) accepted; GuardDuty Recon:EC2/PortProbeUnprotectedPort`,
    tables: ['flowlogs', 'guardduty_findings'],
    identifiers: {
      source_ip: SCANNER.ip,
      instance_id: instance.id,
      instance_name: instance.name,
      private_ip: instance.privateIp,
      interface_id: instance.eniId,
      ports_probed: plan.ports.length,
      rejected_flows: rejected,
      open_ports: plan.openPorts.map(String),
      guardduty_type: 'Recon:EC2/PortProbeUnprotectedPort',
      guardduty_finding_id: rows.guardduty[0]!.detail.id,
    },
  });
}
