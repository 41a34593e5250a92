import { INVENTORY, OFFICE_IPS, type Instance, type NetworkEndpoint, type RegionInventory, type Subnet } from './inventory.js';
import { WeightedTable, type Random } from './random.js';
import { MINUTE, activityLevel, slots, type TimeWindow } from './rhythm.js';

/** A VPC flow log record (version 5 fields), keyed by the catalog's column names. */
export interface FlowLogRow {
  version: number;
  account_id: string;
  interface_id: string;
  srcaddr: string | null;
  dstaddr: string | null;
  srcport: number | null;
  dstport: number | null;
  protocol: number | null;
  packets: number | null;
  bytes: number | null;
  start: number;
  end: number;
  action: 'ACCEPT' | 'REJECT' | null;
  log_status: 'OK' | 'NODATA';
  vpc_id: string;
  subnet_id: string;
  instance_id: string | null;
  tcp_flags: number | null;
  type: 'IPv4' | null;
  pkt_srcaddr: string | null;
  pkt_dstaddr: string | null;
  region: string;
  az_id: string;
  sublocation_type: null;
  sublocation_id: null;
  pkt_src_aws_service: string | null;
  pkt_dst_aws_service: string | null;
  flow_direction: 'ingress' | 'egress' | null;
  traffic_path: number | null;
}

/** TCP flags as flow logs report them (the OR over the capture window). */
export const TCP = { FIN: 1, SYN: 2, RST: 4, SYN_ACK: 18 } as const;
export const PROTOCOL = { TCP: 6, UDP: 17, ICMP: 1 } as const;

/** Flow logs aggregate over at most ten minutes; each record covers part of one window. */
export const CAPTURE_WINDOW = 10 * MINUTE;

/** A network interface: an instance's, a load balancer node's, a database's. */
export interface Interface {
  eniId: string;
  privateIp: string;
  subnet: Subnet;
  instanceId: string | null;
}

export function interfaceOf(target: Instance | NetworkEndpoint): Interface {
  return { eniId: target.eniId, privateIp: target.privateIp, subnet: target.subnet, instanceId: 'role' in target ? target.id : null };
}

export interface FlowSpec {
  inventory: RegionInventory;
  on: Interface;
  direction: 'ingress' | 'egress';
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  protocol?: number;
  packets: number;
  bytes: number;
  start: number;
  end: number;
  action: 'ACCEPT' | 'REJECT';
  tcpFlags: number;
  /** Egress only: 1 within the VPC (including through a NAT gateway), 8 through the internet gateway. */
  trafficPath?: number;
  srcService?: string;
  dstService?: string;
}

/** One record, as the interface's flow log writes it (times in epoch ms in, epoch seconds out). */
export function flowRecord(spec: FlowSpec): FlowLogRow {
  return {
    version: 5,
    account_id: spec.inventory.account.id,
    interface_id: spec.on.eniId,
    srcaddr: spec.src,
    dstaddr: spec.dst,
    srcport: spec.srcPort,
    dstport: spec.dstPort,
    protocol: spec.protocol ?? PROTOCOL.TCP,
    packets: spec.packets,
    bytes: spec.bytes,
    start: Math.floor(spec.start / 1000),
    end: Math.floor(spec.end / 1000),
    action: spec.action,
    log_status: 'OK',
    vpc_id: spec.inventory.vpc!.id,
    subnet_id: spec.on.subnet.id,
    instance_id: spec.on.instanceId,
    tcp_flags: (spec.protocol ?? PROTOCOL.TCP) === PROTOCOL.TCP ? spec.tcpFlags : 0,
    type: 'IPv4',
    pkt_srcaddr: spec.src,
    pkt_dstaddr: spec.dst,
    region: spec.inventory.region,
    az_id: spec.on.subnet.azId,
    sublocation_type: null,
    sublocation_id: null,
    pkt_src_aws_service: spec.srcService ?? null,
    pkt_dst_aws_service: spec.dstService ?? null,
    flow_direction: spec.direction,
    traffic_path: spec.direction === 'egress' ? (spec.trafficPath ?? 1) : null,
  };
}

/** A capture window on an interface that saw no traffic. */
function noDataRecord(inventory: RegionInventory, on: Interface, start: number, end: number): FlowLogRow {
  return {
    version: 5,
    account_id: inventory.account.id,
    interface_id: on.eniId,
    srcaddr: null,
    dstaddr: null,
    srcport: null,
    dstport: null,
    protocol: null,
    packets: null,
    bytes: null,
    start: Math.floor(start / 1000),
    end: Math.floor(end / 1000),
    action: null,
    log_status: 'NODATA',
    vpc_id: inventory.vpc!.id,
    subnet_id: on.subnet.id,
    instance_id: on.instanceId,
    tcp_flags: null,
    type: null,
    pkt_srcaddr: null,
    pkt_dstaddr: null,
    region: inventory.region,
    az_id: on.subnet.azId,
    sublocation_type: null,
    sublocation_id: null,
    pkt_src_aws_service: null,
    pkt_dst_aws_service: null,
    flow_direction: null,
    traffic_path: null,
  };
}

/**
 * A TCP connection seen on the server's interface: the request coming in and the reply going
 * out, as two records (the client's side is often in another VPC or on the internet).
 */
export function connection(
  inventory: RegionInventory,
  server: Interface,
  client: string,
  port: number,
  window: { start: number; end: number },
  size: { requestBytes: number; responseBytes: number },
  random: Random,
  clientService?: string,
): FlowLogRow[] {
  const clientPort = random.between(32768, 60999);
  const { start, end } = window;
  const request = packetsAndBytes(size.requestBytes, 3);
  const response = packetsAndBytes(size.responseBytes, 2);
  // Object literals rather than spreads: this runs for every generated flow, and spreads are slow here.
  return [
    flowRecord({ inventory, on: server, start, end, action: 'ACCEPT', direction: 'ingress', src: client, dst: server.privateIp, srcPort: clientPort, dstPort: port, packets: request.packets, bytes: request.bytes, tcpFlags: TCP.SYN | TCP.FIN, srcService: clientService }),
    flowRecord({ inventory, on: server, start, end, action: 'ACCEPT', direction: 'egress', src: server.privateIp, dst: client, srcPort: port, dstPort: clientPort, packets: response.packets, bytes: response.bytes, tcpFlags: TCP.SYN_ACK | TCP.FIN, trafficPath: isPrivate(client) ? 1 : 8, dstService: clientService }),
  ];
}

/** Packets for a payload (full-size segments, at least the handshake's), and bytes counting every header. */
function packetsAndBytes(payload: number, minimumPackets: number): { packets: number; bytes: number } {
  const packets = Math.max(minimumPackets, Math.ceil(payload / 1400));
  return { packets, bytes: Math.max(payload, packets * 52) };
}

/** An outbound connection from an instance to a public endpoint, through the VPC's NAT gateway. */
export function outboundConnection(
  inventory: RegionInventory,
  from: Interface,
  destination: { ip: string; service?: string },
  window: { start: number; end: number },
  size: { requestBytes: number; responseBytes: number },
  random: Random,
): FlowLogRow[] {
  const localPort = random.between(32768, 60999);
  const { start, end } = window;
  const request = packetsAndBytes(size.requestBytes, 3);
  const response = packetsAndBytes(size.responseBytes, 2);
  return [
    flowRecord({ inventory, on: from, start, end, action: 'ACCEPT', direction: 'egress', src: from.privateIp, dst: destination.ip, srcPort: localPort, dstPort: 443, packets: request.packets, bytes: request.bytes, tcpFlags: TCP.SYN | TCP.FIN, trafficPath: 1, dstService: destination.service }),
    flowRecord({ inventory, on: from, start, end, action: 'ACCEPT', direction: 'ingress', src: destination.ip, dst: from.privateIp, srcPort: 443, dstPort: localPort, packets: response.packets, bytes: response.bytes, tcpFlags: TCP.SYN_ACK | TCP.FIN, srcService: destination.service }),
  ];
}

/** A DNS lookup to a public resolver: a UDP datagram out and its answer back (security groups are stateful). */
function udpExchange(inventory: RegionInventory, from: Interface, resolver: string, window: { start: number; end: number }, random: Random): FlowLogRow[] {
  const localPort = random.between(32768, 60999);
  const { start, end } = window;
  const packets = random.between(1, 4);
  return [
    flowRecord({ inventory, on: from, start, end, action: 'ACCEPT', direction: 'egress', protocol: PROTOCOL.UDP, src: from.privateIp, dst: resolver, srcPort: localPort, dstPort: 53, packets, bytes: packets * random.between(60, 90), tcpFlags: 0, trafficPath: 1 }),
    flowRecord({ inventory, on: from, start, end, action: 'ACCEPT', direction: 'ingress', protocol: PROTOCOL.UDP, src: resolver, dst: from.privateIp, srcPort: 53, dstPort: localPort, packets, bytes: packets * random.between(90, 300), tcpFlags: 0 }),
  ];
}

/** A connection attempt the security group dropped: one SYN, or a few retries. */
export function rejectedProbe(inventory: RegionInventory, target: Interface, source: string, port: number, window: { start: number; end: number }, random: Random, srcPort?: number): FlowLogRow {
  const packets = random.between(1, 3);
  return flowRecord({ inventory, on: target, direction: 'ingress', src: source, dst: target.privateIp, srcPort: srcPort ?? random.between(1024, 65535), dstPort: port, packets, bytes: packets * 44, start: window.start, end: window.end, action: 'REJECT', tcpFlags: TCP.SYN });
}

function isPrivate(ip: string): boolean {
  return ip.startsWith('10.') || ip.startsWith('192.168.') || /^172\.(1[6-9]|2\d|3[01])\./.test(ip);
}

/** First octets of ordinary consumer and hosting address space (no private or reserved ranges). */
const PUBLIC_FIRST_OCTETS = [31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 109, 176, 178, 188, 193, 194, 195, 212, 213, 217];

export function publicIp(random: Random): string {
  return `${random.pick(PUBLIC_FIRST_OCTETS)}.${random.between(0, 255)}.${random.between(0, 255)}.${random.between(1, 254)}`;
}

/** Where the shop's servers connect to on the internet: AWS endpoints and the payment provider. */
export const EXTERNAL_ENDPOINTS: readonly { ip: string; service?: string }[] = [
  { ip: '52.219.170.10', service: 'S3' },
  { ip: '3.5.136.20', service: 'S3' },
  { ip: '35.157.127.248', service: 'AMAZON' },
  { ip: '18.194.45.3', service: 'EC2' },
  { ip: '104.18.12.33' },
  { ip: '151.101.2.132' },
];

/** Ports internet scanners knock on all day. */
const SCANNED_PORTS = [22, 22, 22, 23, 80, 443, 445, 1433, 2375, 3306, 3389, 3389, 5432, 5900, 6379, 8080, 8443, 9200];

export interface FlowLogOptions {
  random: Random;
  window: TimeWindow;
  /** Flow records per capture window at the busiest hour, for the production VPC; others scale from it. */
  flowsAtPeak?: number;
  /** Instances terminated during the window (id → epoch ms): they fall silent then. */
  retiredInstances?: ReadonlyMap<string, number>;
  /** Security groups opened to the world (id → epoch ms from when `port` is reachable from anywhere). */
  openedToWorld?: ReadonlyMap<string, { at: number; port: number }>;
}

/** How busy each VPC is compared with production's main one. */
const VPC_SHARE: Record<string, number> = { '333333333333/eu-central-1': 1, '333333333333/us-east-1': 0.12, '222222222222/eu-central-1': 0.15, '222222222222/eu-west-1': 0.04, '111111111111/eu-central-1': 0.06 };

type FlowKind = 'web' | 'app' | 'database' | 'cache' | 'outbound' | 'dns' | 'ssh' | 'internet-noise';

/** Public resolvers some tools are configured with, instead of the VPC's (whose traffic flow logs do not record). */
const PUBLIC_RESOLVERS = ['1.1.1.1', '8.8.8.8'];

/** Normal traffic of every VPC over the window, one capture window at a time (in time order). */
export function* normalFlowLogs(options: FlowLogOptions): Generator<FlowLogRow[]> {
  const { random, window } = options;
  const peak = options.flowsAtPeak ?? 40;
  const vpcs = INVENTORY.filter((inv) => inv.vpc);
  for (const slot of slots(window, CAPTURE_WINDOW)) {
    // Only whole capture windows: the one still open at `to` is not delivered yet.
    if (slot < window.from || slot + CAPTURE_WINDOW > window.to) continue;
    const rows: FlowLogRow[] = [];
    for (const inventory of vpcs) {
      const share = VPC_SHARE[`${inventory.account.id}/${inventory.region}`] ?? 0.05;
      const level = activityLevel(inventory.account.alias === 'prod' ? 'traffic' : 'office', slot + CAPTURE_WINDOW / 2);
      const flows = random.count(peak * share * (0.1 + 0.9 * level));
      const kinds = flowKinds(inventory);
      const seen = new Set<string>();
      for (let i = 0; i < flows; i++) {
        for (const row of flowOf(kinds.pick(random), inventory, slot, options)) {
          rows.push(row);
          seen.add(row.interface_id);
        }
      }
      rows.push(...idleInterfaces(inventory, slot, seen, options));
    }
    yield rows;
  }
}

function flowKinds(inventory: RegionInventory): WeightedTable<FlowKind> {
  const has = (kind: NetworkEndpoint['kind']) => inventory.endpoints.some((e) => e.kind === kind);
  const publicInstances = inventory.instances.some((i) => i.publicIp);
  return WeightedTable.of<FlowKind>([
    ['web', has('alb') || inventory.instances.some((i) => i.role === 'web') ? 10 : 0],
    ['app', has('alb') ? 10 : 0],
    ['database', has('database') ? 8 : 0],
    ['cache', has('cache') ? 6 : 0],
    ['outbound', has('nat') ? 5 : 0],
    ['dns', has('nat') ? 1 : 0],
    ['ssh', inventory.instances.some((i) => i.role === 'bastion' || i.role === 'tools') ? 0.5 : 0],
    ['internet-noise', publicInstances ? 2 : 0],
  ]);
}

function captureWindow(slot: number, random: Random): { start: number; end: number } {
  const start = slot + random.between(0, 8 * MINUTE);
  return { start, end: Math.min(slot + CAPTURE_WINDOW - 1000, start + random.between(MINUTE, 2 * MINUTE)) };
}

function isRunning(instance: Instance, at: number, options: FlowLogOptions): boolean {
  return (options.retiredInstances?.get(instance.id) ?? Infinity) > at;
}

function flowOf(kind: FlowKind, inventory: RegionInventory, slot: number, options: FlowLogOptions): FlowLogRow[] {
  const { random } = options;
  const window = captureWindow(slot, random);
  const running = inventory.instances.filter((i) => isRunning(i, window.start, options));
  const servers = running.filter((i) => i.role === 'app');
  const clients = running.filter((i) => i.role === 'app' || i.role === 'worker');
  const endpoint = (k: NetworkEndpoint['kind']) => random.pick(inventory.endpoints.filter((e) => e.kind === k));
  switch (kind) {
    case 'web': {
      const front = inventory.endpoints.some((e) => e.kind === 'alb') ? endpoint('alb') : random.pick(running.filter((i) => i.role === 'web'));
      return connection(inventory, interfaceOf(front), publicIp(random), 443, window, { requestBytes: random.between(600, 4_000), responseBytes: random.between(3_000, 250_000) }, random);
    }
    case 'app':
      if (!servers.length) return [];
      return connection(inventory, interfaceOf(random.pick(servers)), endpoint('alb').privateIp, 8080, window, { requestBytes: random.between(500, 3_000), responseBytes: random.between(2_000, 200_000) }, random);
    case 'database':
    case 'cache': {
      if (!clients.length) return [];
      const server = endpoint(kind);
      return connection(inventory, interfaceOf(server), random.pick(clients).privateIp, server.port!, window, { requestBytes: random.between(300, 20_000), responseBytes: random.between(500, 400_000) }, random);
    }
    case 'outbound':
      if (!running.length) return [];
      return outboundConnection(inventory, interfaceOf(random.pick(running)), random.pick(EXTERNAL_ENDPOINTS), window, { requestBytes: random.between(800, 30_000), responseBytes: random.between(1_000, 2_000_000) }, random);
    case 'dns':
      if (!running.length) return [];
      return udpExchange(inventory, interfaceOf(random.pick(running)), random.pick(PUBLIC_RESOLVERS), window, random);
    case 'ssh': {
      const host = running.find((i) => i.role === 'bastion') ?? running.find((i) => i.role === 'tools');
      if (!host) return [];
      return connection(inventory, interfaceOf(host), random.pick(OFFICE_IPS), 22, window, { requestBytes: random.between(5_000, 80_000), responseBytes: random.between(20_000, 900_000) }, random);
    }
    case 'internet-noise':
      return internetNoise(inventory, running.filter((i) => i.publicIp), window, options);
  }
}

/** Scanners probing public instances: dropped, unless the port is open to the world. */
function internetNoise(inventory: RegionInventory, targets: Instance[], window: { start: number; end: number }, options: FlowLogOptions): FlowLogRow[] {
  const { random } = options;
  if (!targets.length) return [];
  const target = random.pick(targets);
  const source = publicIp(random);
  if (random.chance(0.1)) return [icmpEcho(inventory, interfaceOf(target), source, window, random)];
  const port = random.pick(SCANNED_PORTS);
  if (!reachableFromAnywhere(target, port, window.start, options)) return [rejectedProbe(inventory, interfaceOf(target), source, port, window, random)];
  return connection(inventory, interfaceOf(target), source, port, window, { requestBytes: random.between(60, 3_000), responseBytes: random.between(60, 2_000) }, random);
}

/** A ping from the internet: security groups here allow no ICMP, so it is dropped. */
function icmpEcho(inventory: RegionInventory, target: Interface, source: string, window: { start: number; end: number }, random: Random): FlowLogRow {
  const packets = random.between(1, 4);
  return flowRecord({ inventory, on: target, direction: 'ingress', protocol: PROTOCOL.ICMP, src: source, dst: target.privateIp, srcPort: 0, dstPort: 0, packets, bytes: packets * 84, start: window.start, end: window.end, action: 'REJECT', tcpFlags: 0 });
}

function reachableFromAnywhere(instance: Instance, port: number, at: number, options: FlowLogOptions): boolean {
  const opened = options.openedToWorld?.get(instance.securityGroup.id);
  if (opened && opened.port === port && at >= opened.at) return true;
  return instance.securityGroup.ingress.some((rule) => rule.cidr === '0.0.0.0/0' && port >= rule.fromPort && port <= rule.toPort);
}

/** Interfaces with no traffic in a capture window now and then log a NODATA record. */
function idleInterfaces(inventory: RegionInventory, slot: number, seen: Set<string>, options: FlowLogOptions): FlowLogRow[] {
  const rows: FlowLogRow[] = [];
  for (const instance of inventory.instances) {
    if (seen.has(instance.eniId) || !isRunning(instance, slot, options) || !options.random.chance(0.02)) continue;
    rows.push(noDataRecord(inventory, interfaceOf(instance), slot, slot + CAPTURE_WINDOW - 1000));
  }
  return rows;
}
