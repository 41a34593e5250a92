/**
 * A small seeded generator of VPC flow-log traffic in the v2 default text format (one record a
 * line, in time order, 60-second capture windows), for `cia bench detector` and tests: three
 * accounts of servers receiving web traffic from a pool of clients with a daily rhythm, the
 * servers' replies, office SSH, a trickle of rejected internet scans, and scripted attacks (a SYN
 * flood from spoofed sources, a UDP flood, a port scan, an SSH brute force) whose times and
 * targets are returned so tests can check what the detector finds.
 */

export interface GeneratedAttack {
  kind: 'ddos_syn_flood' | 'udp_flood' | 'port_scan' | 'brute_force';
  account: string;
  target: string;
  /** Epoch seconds, [start, end). */
  start: number;
  end: number;
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

interface Server {
  account: string;
  eni: string;
  ip: string;
  /** Share of the web traffic. */
  weight: number;
}

function ip4(a: number, b: number, c: number, d: number): string {
  return `${a}.${b}.${c}.${d}`;
}

/**
 * Writes the traffic through `write` (called with chunks of text, in order) and returns what was
 * generated. The same options always give the same bytes.
 */
export function generateTraffic(options: TrafficOptions, write: (chunk: string) => void): GeneratedTraffic {
  const rng = new Rng(options.seed ?? 7);
  const startTime = options.startTime ?? 1714521600; // 2024-05-01T00:00:00Z
  const duration = options.durationSeconds ?? Math.max(6 * 3600, Math.ceil(options.records / 4000) * 60);
  const minutes = Math.max(1, Math.floor(duration / 60));
  const perMinute = options.records / minutes;

  const servers: Server[] = [];
  ACCOUNTS.forEach((account, a) => {
    for (let s = 0; s < 40; s++) {
      servers.push({ account, eni: `eni-0${(a * 1000 + s).toString(16).padStart(16, '0')}`, ip: ip4(10, a, Math.floor(s / 20), 10 + (s % 20)), weight: 1 / (s + 1) });
    }
  });
  const totalWeight = servers.reduce((sum, s) => sum + s.weight, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const s of servers) cumulative.push((acc += s.weight / totalWeight));
  const pickServer = () => {
    const u = rng.next();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return servers[lo]!;
  };
  const clients: string[] = [];
  for (let i = 0; i < 20000; i++) clients.push(ip4(rng.int(23, 220), rng.int(0, 255), rng.int(0, 255), rng.int(1, 254)));
  const offices = ['198.51.100.10', '198.51.100.11', '198.51.100.12'];

  // Attacks in the last third, one after another, each against a busy server of the prod account.
  const kinds = options.attacks ?? ['ddos_syn_flood', 'port_scan', 'udp_flood', 'brute_force'];
  const prod = servers.filter((s) => s.account === ACCOUNTS[2]);
  const attacks: GeneratedAttack[] = [];
  const attackSpan = Math.floor(minutes / 3);
  kinds.forEach((kind, k) => {
    const startMinute = minutes - attackSpan + Math.floor(((k + 0.25) * attackSpan) / kinds.length);
    const length = Math.max(3, Math.min(12, Math.floor(attackSpan / kinds.length / 3)));
    const target = prod[k % prod.length]!;
    attacks.push({ kind, account: target.account, target: target.ip, start: startTime + startMinute * 60, end: startTime + (startMinute + length) * 60 });
  });
  const attackers = { scan: '203.0.113.66', brute: '203.0.113.99' };

  let records = 0;
  let lines: string[] = [];
  const emit = (account: string, eni: string, src: string, dst: string, sport: number, dport: number, proto: number, packets: number, bytes: number, start: number, end: number, action: string) => {
    lines.push(`2 ${account} ${eni} ${src} ${dst} ${sport} ${dport} ${proto} ${packets} ${bytes} ${start} ${end} ${action} OK`);
    records++;
    if (lines.length >= 8192) {
      write(lines.join('\n') + '\n');
      lines = [];
    }
  };

  for (let m = 0; m < minutes; m++) {
    const t0 = startTime + m * 60;
    const hour = ((t0 % 86400) / 3600) | 0;
    const daily = 0.55 + 0.45 * Math.sin(((hour - 8) / 24) * 2 * Math.PI);
    // Normal web traffic: requests and replies (two records per connection).
    const budget = perMinute * (0.85 + 0.3 * rng.next()) * (0.6 + 0.8 * daily);
    let minuteRecords = 0;
    const attackBudget: Array<() => void> = [];
    for (const attack of attacks) {
      if (t0 < attack.start || t0 >= attack.end) continue;
      const server = servers.find((s) => s.ip === attack.target && s.account === attack.account)!;
      const n = Math.max(50, Math.round(perMinute * 0.35));
      attackBudget.push(() => {
        for (let i = 0; i < n; i++) {
          const s = t0 + rng.int(0, 59);
          if (attack.kind === 'ddos_syn_flood') {
            const packets = rng.int(1, 3);
            emit(server.account, server.eni, ip4(rng.int(1, 223), rng.int(0, 255), rng.int(0, 255), rng.int(1, 254)), server.ip, rng.int(1024, 65535), 443, 6, packets, packets * 40, s, s + 1, 'ACCEPT');
          } else if (attack.kind === 'udp_flood') {
            const packets = rng.int(20, 400);
            emit(server.account, server.eni, clients[rng.int(0, 499)]!, server.ip, rng.int(1024, 65535), rng.int(1, 65535), 17, packets, packets * rng.int(512, 1400), s, s + 5, 'ACCEPT');
          } else if (attack.kind === 'port_scan') {
            if (i >= 400) return;
            emit(server.account, server.eni, attackers.scan, server.ip, rng.int(40000, 60000), rng.int(1, 65535), 6, 1, 44, s, s + 1, rng.next() < 0.9 ? 'REJECT' : 'ACCEPT');
          } else {
            if (i >= 300) return;
            emit(server.account, server.eni, attackers.brute, server.ip, rng.int(40000, 60000), 22, 6, rng.int(8, 14), rng.int(1800, 2600), s, s + 4, 'ACCEPT');
          }
        }
      });
    }
    while (minuteRecords < budget) {
      const server = pickServer();
      const client = clients[Math.min(clients.length - 1, Math.floor(clients.length * rng.next() ** 2))]!;
      const s = t0 + rng.int(0, 59);
      const e = Math.min(t0 + 59, s + rng.int(0, 20));
      const sport = rng.int(32768, 60999);
      const dport = rng.next() < 0.8 ? 443 : 80;
      const reqPackets = rng.lognormal(6, 0.6);
      const respPackets = rng.lognormal(9, 0.9);
      emit(server.account, server.eni, client, server.ip, sport, dport, 6, reqPackets, reqPackets * rng.int(60, 400), s, e, 'ACCEPT');
      emit(server.account, server.eni, server.ip, client, dport, sport, 6, respPackets, respPackets * rng.int(400, 1400), s, e, 'ACCEPT');
      minuteRecords += 2;
      if (rng.next() < 0.01) {
        const office = offices[rng.int(0, offices.length - 1)]!;
        const p = rng.lognormal(30, 0.8);
        emit(server.account, server.eni, office, server.ip, rng.int(40000, 60000), 22, 6, p, p * 120, s, e, 'ACCEPT');
        minuteRecords++;
      }
      if (rng.next() < 0.02) {
        // Background internet noise: a probe on a closed port, rejected.
        emit(server.account, server.eni, ip4(rng.int(1, 223), rng.int(0, 255), rng.int(0, 255), rng.int(1, 254)), server.ip, rng.int(1024, 65535), [23, 3389, 445, 8080][rng.int(0, 3)]!, 6, 1, 40, s, s, 'REJECT');
        minuteRecords++;
      }
    }
    for (const run of attackBudget) run();
  }
  if (lines.length) write(lines.join('\n') + '\n');
  return { records, startTime, endTime: startTime + minutes * 60, attacks };
}
