/**
 * A small seeded model of VPC flow-log traffic in the v2 default text format (one record a line,
 * 60-second capture windows): three accounts of servers receiving web traffic from a pool of
 * clients with a daily rhythm, the servers' replies, office SSH, a trickle of rejected internet
 * scans, and attacks (SYN flood from spoofed sources, UDP flood, fragmentation flood, a slow ramp
 * of web requests, port scan, SSH brute force). `generateTraffic` writes a whole file of it for
 * `cia bench detector` and tests; the sandbox's stream simulator draws it minute by minute.
 */

export type AttackKind = 'ddos_syn_flood' | 'udp_flood' | 'fragmentation_flood' | 'slow_ramp' | 'port_scan' | 'brute_force';

export interface GeneratedAttack {
  kind: AttackKind;
  account: string;
  target: string;
  /** Epoch seconds, [start, end). */
  start: number;
  end: number;
  /** Attack flows a minute, at full strength (a slow ramp reaches it at its end). */
  flowsPerMinute?: number;
}

export interface TrafficOptions {
  /** About how many records to write. */
  records: number;
  seed?: number;
  /** Epoch seconds of the first capture window. */
  startTime?: number;
  /** Seconds of traffic; by default about 6 hours, or longer so that a minute holds at most ~4,000 records. */
  durationSeconds?: number;
  /** Which attacks to script (default: all four), placed in the last third of the span. */
  attacks?: GeneratedAttack['kind'][];
}

export interface GeneratedTraffic {
  records: number;
  startTime: number;
  endTime: number;
  attacks: GeneratedAttack[];
}

export const ACCOUNTS = ['111111111111', '222222222222', '333333333333'] as const;

/** sfc32: small, fast, seedable. */
class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = 0x9e3779b9 ^ seed;
    this.b = 0x243f6a88 ^ Math.imul(seed, 0x85ebca6b);
    this.c = 0xb7e15162;
    this.d = 1;
    for (let i = 0; i < 16; i++) this.next();
  }
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  /** Heavy-tailed positive integer around `median`. */
  lognormal(median: number, sigma: number): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(1, Math.round(median * Math.exp(sigma * z)));
  }
}

export interface Server {
  account: string;
  eni: string;
  ip: string;
  /** Share of the web traffic. */
  weight: number;
}

function ip4(a: number, b: number, c: number, d: number): string {
  return `${a}.${b}.${c}.${d}`;
}

/** Writes one flow-log record (v2 default format) for `account`. */
export type EmitRecord = (line: string) => void;

const ATTACKERS = { scan: '203.0.113.66', brute: '203.0.113.99' };

/**
 * The traffic of an organization, one minute at a time. The same seed and the same calls give
 * the same records.
 */
export class TrafficModel {
  readonly servers: Server[] = [];
  private readonly rng: Rng;
  private readonly cumulative: number[] = [];
  private readonly clients: string[] = [];
  private readonly offices = ['198.51.100.10', '198.51.100.11', '198.51.100.12'];

  constructor(seed = 7, accounts: readonly string[] = ACCOUNTS) {
    this.rng = new Rng(seed);
    accounts.forEach((account, a) => {
      for (let s = 0; s < 40; s++) {
        this.servers.push({ account, eni: `eni-0${(a * 1000 + s).toString(16).padStart(16, '0')}`, ip: ip4(10, a, Math.floor(s / 20), 10 + (s % 20)), weight: 1 / (s + 1) });
      }
    });
    const totalWeight = this.servers.reduce((sum, s) => sum + s.weight, 0);
    let acc = 0;
    for (const s of this.servers) this.cumulative.push((acc += s.weight / totalWeight));
    for (let i = 0; i < 20000; i++) this.clients.push(ip4(this.rng.int(23, 220), this.rng.int(0, 255), this.rng.int(0, 255), this.rng.int(1, 254)));
  }

  /** An account's servers, busiest first. */
  serversOf(account: string): Server[] {
    return this.servers.filter((s) => s.account === account);
  }

  /**
   * One minute of traffic starting at `t0` (epoch seconds, a multiple of 60): about
   * `recordsPerMinute` normal records shaped by the hour of day, then the records of every attack
   * under way. Returns how many records were emitted.
   */
  minute(t0: number, recordsPerMinute: number, attacks: readonly GeneratedAttack[], emit: EmitRecord): number {
    const rng = this.rng;
    let records = 0;
    const record = (server: Server, src: string, dst: string, sport: number, dport: number, proto: number, packets: number, bytes: number, start: number, end: number, action: string) => {
      emit(`2 ${server.account} ${server.eni} ${src} ${dst} ${sport} ${dport} ${proto} ${packets} ${bytes} ${start} ${end} ${action} OK`);
      records++;
    };
    const hour = ((t0 % 86400) / 3600) | 0;
    const daily = 0.55 + 0.45 * Math.sin(((hour - 8) / 24) * 2 * Math.PI);
    // Normal web traffic: requests and replies (two records per connection).
    const budget = recordsPerMinute * (0.85 + 0.3 * rng.next()) * (0.6 + 0.8 * daily);
    let minuteRecords = 0;
    const attackRuns: Array<() => void> = [];
    for (const attack of attacks) {
      if (t0 < attack.start || t0 >= attack.end) continue;
      const server = this.servers.find((s) => s.ip === attack.target && s.account === attack.account);
      if (!server) continue;
      const full = attack.flowsPerMinute ?? Math.max(50, Math.round(recordsPerMinute * 0.35));
      const n = attack.kind === 'slow_ramp' ? Math.round((full * (t0 - attack.start + 60)) / Math.max(60, attack.end - attack.start)) : full;
      attackRuns.push(() => this.attackMinute(attack.kind, server, t0, n, record));
    }
    while (minuteRecords < budget) {
      const server = this.pickServer();
      const client = this.clients[Math.min(this.clients.length - 1, Math.floor(this.clients.length * rng.next() ** 2))]!;
      const s = t0 + rng.int(0, 59);
      const e = Math.min(t0 + 59, s + rng.int(0, 20));
      const sport = rng.int(32768, 60999);
      const dport = rng.next() < 0.8 ? 443 : 80;
      const reqPackets = rng.lognormal(6, 0.6);
      const respPackets = rng.lognormal(9, 0.9);
      record(server, client, server.ip, sport, dport, 6, reqPackets, reqPackets * rng.int(60, 400), s, e, 'ACCEPT');
      record(server, server.ip, client, dport, sport, 6, respPackets, respPackets * rng.int(400, 1400), s, e, 'ACCEPT');
      minuteRecords += 2;
      if (rng.next() < 0.01) {
        const office = this.offices[rng.int(0, this.offices.length - 1)]!;
        const p = rng.lognormal(30, 0.8);
        record(server, office, server.ip, rng.int(40000, 60000), 22, 6, p, p * 120, s, e, 'ACCEPT');
        minuteRecords++;
      }
      if (rng.next() < 0.02) {
        // Background internet noise: a probe on a closed port, rejected.
        record(server, ip4(rng.int(1, 223), rng.int(0, 255), rng.int(0, 255), rng.int(1, 254)), server.ip, rng.int(1024, 65535), [23, 3389, 445, 8080][rng.int(0, 3)]!, 6, 1, 40, s, s, 'REJECT');
        minuteRecords++;
      }
    }
    for (const run of attackRuns) run();
    return records;
  }

  private attackMinute(kind: AttackKind, server: Server, t0: number, n: number, record: (server: Server, src: string, dst: string, sport: number, dport: number, proto: number, packets: number, bytes: number, start: number, end: number, action: string) => void): void {
    const rng = this.rng;
    const spoofed = () => ip4(rng.int(1, 223), rng.int(0, 255), rng.int(0, 255), rng.int(1, 254));
    for (let i = 0; i < n; i++) {
      const s = t0 + rng.int(0, 59);
      if (kind === 'ddos_syn_flood') {
        const packets = rng.int(1, 3);
        record(server, spoofed(), server.ip, rng.int(1024, 65535), 443, 6, packets, packets * 40, s, s + 1, 'ACCEPT');
      } else if (kind === 'udp_flood') {
        const packets = rng.int(20, 400);
        record(server, this.clients[rng.int(0, 499)]!, server.ip, rng.int(1024, 65535), rng.int(1, 65535), 17, packets, packets * rng.int(512, 1400), s, s + 5, 'ACCEPT');
      } else if (kind === 'fragmentation_flood') {
        // Non-first fragments carry no transport header: flow logs show ports 0.
        const packets = rng.int(50, 600);
        record(server, spoofed(), server.ip, 0, 0, 17, packets, packets * 1480, s, s + 2, 'ACCEPT');
      } else if (kind === 'slow_ramp') {
        // Ordinary-looking HTTPS requests from a botnet, more every minute.
        const packets = rng.lognormal(6, 0.6);
        record(server, spoofed(), server.ip, rng.int(32768, 60999), 443, 6, packets, packets * rng.int(60, 400), s, Math.min(t0 + 59, s + rng.int(0, 10)), 'ACCEPT');
      } else if (kind === 'port_scan') {
        if (i >= 400) return;
        record(server, ATTACKERS.scan, server.ip, rng.int(40000, 60000), rng.int(1, 65535), 6, 1, 44, s, s + 1, rng.next() < 0.9 ? 'REJECT' : 'ACCEPT');
      } else {
        if (i >= 300) return;
        record(server, ATTACKERS.brute, server.ip, rng.int(40000, 60000), 22, 6, rng.int(8, 14), rng.int(1800, 2600), s, s + 4, 'ACCEPT');
      }
    }
  }

  private pickServer(): Server {
    const u = this.rng.next();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return this.servers[lo]!;
  }
}

/**
 * Writes the traffic through `write` (called with chunks of text, in order) and returns what was
 * generated: attacks are placed in the last third of the span, one after another, each against a
 * busy server of the prod account. The same options always give the same bytes.
 */
export function generateTraffic(options: TrafficOptions, write: (chunk: string) => void): GeneratedTraffic {
  const model = new TrafficModel(options.seed ?? 7);
  const startTime = options.startTime ?? 1714521600; // 2024-05-01T00:00:00Z
  const duration = options.durationSeconds ?? Math.max(6 * 3600, Math.ceil(options.records / 4000) * 60);
  const minutes = Math.max(1, Math.floor(duration / 60));
  const perMinute = options.records / minutes;

  const kinds = options.attacks ?? ['ddos_syn_flood', 'port_scan', 'udp_flood', 'brute_force'];
  const prod = model.serversOf(ACCOUNTS[2]);
  const attacks: GeneratedAttack[] = [];
  const attackSpan = Math.floor(minutes / 3);
  kinds.forEach((kind, k) => {
    const startMinute = minutes - attackSpan + Math.floor(((k + 0.25) * attackSpan) / kinds.length);
    const length = Math.max(3, Math.min(12, Math.floor(attackSpan / kinds.length / 3)));
    const target = prod[k % prod.length]!;
    attacks.push({ kind, account: target.account, target: target.ip, start: startTime + startMinute * 60, end: startTime + (startMinute + length) * 60 });
  });

  let records = 0;
  let lines: string[] = [];
  const emit = (line: string) => {
    lines.push(line);
    if (lines.length >= 8192) {
      write(lines.join('\n') + '\n');
      lines = [];
    }
  };
  for (let m = 0; m < minutes; m++) records += model.minute(startTime + m * 60, perMinute, attacks, emit);
  if (lines.length) write(lines.join('\n') + '\n');
  return { records, startTime, endTime: startTime + minutes * 60, attacks };
}
