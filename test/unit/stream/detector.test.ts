import type { Alert } from '../../../pipeline-infra/alerts/alert.js';
import { Detector, detect, type DetectorState, type MetricPoint } from '../../../pipeline-infra/stream/detector.js';
import { parseFlowLogText } from '../../../pipeline-infra/stream/flow-record.js';
import { generateTraffic } from '../../../pipeline-infra/stream/traffic-generator.js';

const T0 = 1714521600; // 2024-05-01T00:00:00Z
const ACCOUNT = '333333333333';

/** A small deterministic PRNG for test traffic. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** v2 lines for one 60-second window: normal web traffic to two hosts, plus whatever `extra` adds. */
function windowLines(w: number, random: () => number, extra: (t: number, push: (line: string) => void) => void = () => undefined): string[] {
  const lines: string[] = [];
  const t = T0 + w * 60;
  const push = (line: string) => lines.push(line);
  for (const host of ['10.0.0.5', '10.0.0.6']) {
    const flows = 150 + Math.floor(random() * 40);
    for (let i = 0; i < flows; i++) {
      const src = `198.51.${Math.floor(random() * 4)}.${1 + Math.floor(random() * 200)}`;
      const packets = 5 + Math.floor(random() * 10);
      push(`2 ${ACCOUNT} eni-0123456789abcdef0 ${src} ${host} ${30000 + i} 443 6 ${packets} ${packets * 700} ${t + Math.floor(random() * 60)} ${t + 59} ACCEPT OK`);
      push(`2 ${ACCOUNT} eni-0123456789abcdef0 ${host} ${src} 443 ${30000 + i} 6 ${packets} ${packets * 1200} ${t + Math.floor(random() * 60)} ${t + 59} ACCEPT OK`);
    }
  }
  extra(t, push);
  return lines;
}

function synFlood(target: string, flows: number, random: () => number) {
  return (t: number, push: (line: string) => void) => {
    for (let i = 0; i < flows; i++) push(`2 ${ACCOUNT} eni-0123456789abcdef0 ${1 + Math.floor(random() * 220)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)} ${target} ${1024 + i} 443 6 1 40 ${t + Math.floor(random() * 60)} ${t + 60} ACCEPT OK`);
  };
}

function traffic(windows: number, attack: { from: number; to: number; extra: (t: number, push: (line: string) => void) => void } | null, seed = 1): string[][] {
  const random = rng(seed);
  return Array.from({ length: windows }, (_, w) => windowLines(w, random, attack && w >= attack.from && w < attack.to ? attack.extra : undefined));
}

/** Runs the pure detector over groups of windows, passing the state through JSON between calls. */
function runInCalls(windows: string[][], perCall: number, flushAtEnd = true): { alerts: Alert[]; state: DetectorState; calls: number } {
  let state: DetectorState | undefined;
  const alerts: Alert[] = [];
  let calls = 0;
  for (let w = 0; w < windows.length; w += perCall) {
    const text = windows.slice(w, w + perCall).flat().join('\n');
    const last = w + perCall >= windows.length;
    const result = detect(state, parseFlowLogText(text).batch, { flush: last && flushAtEnd });
    state = JSON.parse(JSON.stringify(result.state)) as DetectorState;
    alerts.push(...result.alerts);
    calls++;
  }
  return { alerts, state: state!, calls };
}

describe('detector: a SYN flood against one host', () => {
  const random = rng(9);
  const windows = traffic(90, { from: 60, to: 66, extra: synFlood('10.0.0.5', 4000, random) });

  it('opens one incident, updates it, and resolves it once the flood stops: one fingerprint throughout', () => {
    const { alerts } = runInCalls(windows, 7);
    expect(alerts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(alerts.map((a) => a.fingerprint)).size).toBe(1);
    const [open, ...rest] = alerts;
    expect(open).toMatchObject({ phase: 'open', kind: 'ddos_syn_flood', account: ACCOUNT, target: '10.0.0.5', seenCount: 1, firstSeen: new Date((T0 + 60 * 60) * 1000).toISOString().replace('.000Z', 'Z') });
    expect(open!.evidence.percentOverBaseline).toBeGreaterThan(300);
    expect(open!.evidence.baseline).toBeGreaterThan(0);
    expect(open!.evidence.ports).toContain(443);
    expect(open!.evidence.protocol).toBe('TCP');
    expect(open!.evidence.windowSeconds).toBe(60);
    expect(open!.evidence.distinctSources).toBeGreaterThan(1000);
    // Spoofed sources: none carries a guaranteed share worth reporting.
    for (const s of open!.evidence.topSources) expect(s.share).toBeLessThan(0.05);
    const resolve = rest.at(-1)!;
    expect(resolve.phase).toBe('resolve');
    expect(resolve.seenCount).toBe(6);
    expect(rest.slice(0, -1).every((a) => a.phase === 'update')).toBe(true);
    expect(['SEV1', 'SEV2']).toContain(open!.severity);
  });

  it('gives the same alerts in one call as in many (the state carries everything between calls)', () => {
    const one = runInCalls(windows, windows.length).alerts;
    const many = runInCalls(windows, 3).alerts;
    // The state stores baselines to 5 significant digits, so derived percentages may differ in the last digit.
    const shape = (a: Alert) => ({ ...a, evidence: { ...a.evidence, percentOverBaseline: Math.round(a.evidence.percentOverBaseline! / 10), baseline: Math.round(a.evidence.baseline) } });
    expect(many.map(shape)).toEqual(one.map(shape));
    expect(many.length).toBeGreaterThanOrEqual(2);
  });

  it('never modifies the state it is given, and its state survives JSON', () => {
    const first = detect(undefined, parseFlowLogText(windows.slice(0, 40).flat().join('\n')).batch);
    const frozen = JSON.stringify(first.state);
    const second = detect(first.state, parseFlowLogText(windows.slice(40, 70).flat().join('\n')).batch);
    expect(JSON.stringify(first.state)).toBe(frozen);
    const viaJson = detect(JSON.parse(frozen) as DetectorState, parseFlowLogText(windows.slice(40, 70).flat().join('\n')).batch);
    expect(viaJson.alerts).toEqual(second.alerts);
    expect(JSON.parse(JSON.stringify(viaJson.state))).toEqual(JSON.parse(JSON.stringify(second.state)));
  });

  it('raises nothing on the same traffic without the flood', () => {
    expect(runInCalls(traffic(90, null), 10).alerts).toEqual([]);
  });
});

describe('detector: kinds', () => {
  it('reads SYN-only floods from tcp-flags (v3+ formats) and fragments from port-less UDP', () => {
    const header = 'version account-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags flow-direction';
    const random = rng(3);
    const lines = [header];
    for (let w = 0; w < 50; w++) {
      const t = T0 + w * 60;
      for (let i = 0; i < 200; i++) lines.push(`5 ${ACCOUNT} 198.51.100.${1 + (i % 50)} 10.0.0.7 ${20000 + i} 443 6 20 12000 ${t + (i % 60)} ${t + 59} ACCEPT OK 27 ingress`);
      for (let i = 0; i < 200; i++) lines.push(`5 ${ACCOUNT} 10.0.0.7 198.51.100.${1 + (i % 50)} 443 ${20000 + i} 6 20 24000 ${t + (i % 60)} ${t + 59} ACCEPT OK 19 egress`);
      for (let i = 0; i < 100; i++) lines.push(`5 ${ACCOUNT} 198.51.100.${1 + (i % 50)} 10.0.0.8 ${20000 + i} 53 17 2 200 ${t + (i % 60)} ${t + 59} ACCEPT OK - ingress`);
      if (w >= 40) {
        // SYN only, with normal-looking sizes (the flags give it away, not the size)
        for (let i = 0; i < 3000; i++) lines.push(`5 ${ACCOUNT} ${1 + Math.floor(random() * 200)}.${Math.floor(random() * 256)}.7.${1 + (i % 250)} 10.0.0.7 ${1024 + i} 443 6 4 400 ${t + (i % 60)} ${t + 59} ACCEPT OK 2 ingress`);
        for (let i = 0; i < 3000; i++) lines.push(`5 ${ACCOUNT} 203.0.113.${1 + (i % 100)} 10.0.0.8 0 0 17 30 42000 ${t + (i % 60)} ${t + 59} ACCEPT OK - ingress`);
      }
    }
    const { alerts } = detect(undefined, parseFlowLogText(lines.join('\n')).batch, { flush: true });
    const opened = alerts.filter((a) => a.phase === 'open').map((a) => `${a.kind} ${a.target}`);
    expect(opened).toEqual(expect.arrayContaining(['ddos_syn_flood 10.0.0.7', 'fragmentation_flood 10.0.0.8']));
    expect(opened).toHaveLength(2);
    const syn = alerts.find((a) => a.kind === 'ddos_syn_flood')!;
    expect(syn.evidence.synOnlyRatio).toBeGreaterThan(0.9);
  });

  it('finds the generator\'s scripted attacks, each with its kind and target, and nothing else', () => {
    let text = '';
    const generated = generateTraffic({ records: 250_000, seed: 3, durationSeconds: 5 * 3600 }, (chunk) => void (text += chunk));
    const detector = new Detector();
    detector.push(parseFlowLogText(text).batch);
    detector.flush();
    const opened = detector.drain().filter((a) => a.phase === 'open');
    expect(opened.map((a) => `${a.kind} ${a.account} ${a.target}`).sort()).toEqual(generated.attacks.map((a) => `${a.kind} ${a.account} ${a.target}`).sort());
    for (const a of opened) {
      const attack = generated.attacks.find((x) => x.kind === a.kind)!;
      const start = Date.parse(a.evidence.start) / 1000;
      expect(start).toBeGreaterThanOrEqual(attack.start);
      expect(start).toBeLessThan(attack.start + 180);
    }
    const scan = opened.find((a) => a.kind === 'port_scan')!;
    expect(scan.evidence.topSources[0]).toMatchObject({ address: '203.0.113.66' });
    expect(scan.evidence.topSources[0]!.share).toBeGreaterThan(0.5);
    expect(scan.evidence.unit).toBe('ports');
  });
});

describe('detector: answers are not port scans', () => {
  type Extra = (t: number, push: (line: string) => void) => void;
  /**
   * Kind and target of every incident opened over 50 windows of background traffic, the last 10
   * with `extra`; with `synFlags`, in a format with tcp-flags: SYN only on the extra lines.
   */
  function opened(extra: Extra, options: { targetScope?: 'auto' | 'all'; synFlags?: boolean } = {}): string[] {
    const flags = options.synFlags ? (l: string, f: string) => `${l} ${f}` : (l: string) => l;
    const windows = traffic(50, { from: 40, to: 50, extra: (t, push) => extra(t, (l) => push(flags(l, '2'))) });
    const header = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags';
    const lines = windows.flat().map((l) => (options.synFlags && l.split(' ').length === 14 ? flags(l, '-') : l));
    const { alerts } = detect(undefined, parseFlowLogText([...(options.synFlags ? [header] : []), ...lines].join('\n')).batch, { flush: true, targetScope: options.targetScope ?? 'auto' });
    return alerts.filter((a) => a.phase === 'open').map((a) => `${a.kind} ${a.target}`);
  }
  const scans = (alerts: string[]) => alerts.filter((a) => a.startsWith('port_scan'));
  const line = (src: string, dst: string, srcPort: number, dstPort: number, t: number) => `2 ${ACCOUNT} eni-1 ${src} ${dst} ${srcPort} ${dstPort} 6 2 120 ${t} ${t + 1} ACCEPT OK`;

  it('raises no port_scan on a client receiving a burst of replies from :443 to thousands of its ephemeral ports', () => {
    // A proxy opening 3,000 HTTPS connections a minute to one server: the requests leave the VPC
    // (egress, out of scope), the replies come in from one source to thousands of distinct ports.
    const random = rng(5);
    const replies: Extra = (t, push) => {
      for (let i = 0; i < 3000; i++) push(line('198.51.100.7', '10.0.0.9', 443, 32768 + Math.floor(random() * 28000), t + (i % 60)));
    };
    expect(scans(opened(replies))).toEqual([]);
  });

  it('raises port_scan on a host probed from one source, and none on the prober from the host\'s answers', () => {
    // A connect scan: 1,000 probed ports, each from an ephemeral port of its own, every probe
    // answered; with every destination in scope the answers reach 1,000 ports of the prober.
    const scan: Extra = (t, push) => {
      for (let port = 1; port <= 1000; port++) {
        push(line('203.0.113.66', '10.0.0.5', 40000 + port, port, t + (port % 60)));
        push(line('10.0.0.5', '203.0.113.66', port, 40000 + port, t + (port % 60)));
      }
    };
    expect(scans(opened(scan, { targetScope: 'all' }))).toEqual(['port_scan 10.0.0.5']);
  });

  it('tells SYN-only probes from port 53 from a service\'s answers where the format has tcp-flags, not in v2', () => {
    // Scanners send from port 53 or 80 to pass stateless filters: without flags, such probes to
    // unprivileged ports have the shape of a DNS server's answers.
    const scan: Extra = (t, push) => {
      for (let port = 1024; port < 2024; port++) push(line('203.0.113.66', '10.0.0.5', 53, port, t + (port % 60)));
    };
    expect(scans(opened(scan, { synFlags: true }))).toEqual(['port_scan 10.0.0.5']);
    expect(scans(opened(scan))).toEqual([]);
  });

  it('raises no port_scan on a SYN flooder from its victim\'s answers to the flood\'s random ports', () => {
    // As in CIC-DDoS2019: one source floods random ports (source port = destination port) and the
    // victim answers a third of the probes from those ports; every destination in scope. The victim's
    // port_scan stands: at 100 flows/s from one source to random ports, it is one.
    const random = rng(11);
    const flood: Extra = (t, push) => {
      for (let i = 0; i < 6000; i++) {
        const port = 1 + Math.floor(random() * 65535);
        push(line('203.0.113.5', '10.0.0.5', port, port, t + (i % 60)));
        if (i % 3 === 0) push(line('10.0.0.5', '203.0.113.5', port, port, t + (i % 60)));
      }
    };
    const alerts = opened(flood, { targetScope: 'all' });
    expect(alerts.filter((a) => a.endsWith(' 203.0.113.5'))).toEqual([]);
    expect(alerts).toContain('port_scan 10.0.0.5');
  });
});

describe('detector: state', () => {
  it('stays bounded: window rows, baselines and overflow are capped and counted', () => {
    const lines: string[] = [];
    for (let w = 0; w < 6; w++) for (let i = 0; i < 3000; i++) lines.push(`2 ${ACCOUNT} eni-1 198.51.100.1 10.1.${Math.floor(i / 250)}.${i % 250} 1234 443 6 3 300 ${T0 + w * 60 + (i % 60)} ${T0 + w * 60 + 60} ACCEPT OK`);
    const { state } = detect(undefined, parseFlowLogText(lines.join('\n')).batch, { maxTargetsPerWindow: 500, maxBaselines: 300 });
    expect(state.stats.overflow).toBeGreaterThan(0);
    expect(state.baselines.length).toBeLessThanOrEqual(300);
    // At most maxTargetsPerWindow rows, plus one overflow row per account.
    for (const win of state.open) expect(win.rows.length).toBeLessThanOrEqual(501);
    expect(JSON.stringify(state).length).toBeLessThan(1_000_000);
  });

  it('drops records of windows already closed, and counts them', () => {
    const line = (t: number) => `2 ${ACCOUNT} eni-1 198.51.100.1 10.0.0.1 1234 443 6 3 300 ${t} ${t + 10} ACCEPT OK`;
    const first = detect(undefined, parseFlowLogText([line(T0), line(T0 + 600)].join('\n')).batch);
    expect(first.state.closedThrough).toBe(Math.floor(T0 / 60));
    const second = detect(first.state, parseFlowLogText(line(T0 + 5)).batch);
    expect(second.state.stats.late).toBe(1);
  });

  it('refuses state made with other window lengths', () => {
    const { state } = detect(undefined, []);
    expect(() => detect(state, [], { windowSeconds: 300 })).toThrow(/60-second windows/);
  });
});

describe('detector: flow rows and metric points as objects', () => {
  it('takes catalog-shaped rows (Parquet delivery) and CloudWatch points in one input', () => {
    const points: MetricPoint[] = [];
    for (let i = 0; i < 600; i++) {
      const value = i >= 500 && i < 505 ? 900 : 100 + 10 * Math.sin(i / 5) + (i % 7);
      points.push({ timestamp: (T0 + i * 60) * 1000, value, metric: 'NetworkIn', dimensions: { InstanceId: 'i-0abc', AccountId: ACCOUNT } });
    }
    const rows = [{ account_id: ACCOUNT, srcaddr: '198.51.100.1', dstaddr: '10.0.0.1', srcport: 1234n, dstport: 443n, protocol: 6n, packets: 3n, bytes: 300n, start: BigInt(T0), end: BigInt(T0 + 5), action: 'ACCEPT', log_status: 'OK' }];
    const { alerts, state } = detect(undefined, [...rows, ...points]);
    expect(state.stats.flowRecords).toBe(1);
    expect(state.stats.metricPoints).toBe(600);
    const metric = alerts.filter((a) => a.kind === 'metric_anomaly');
    expect(metric.map((a) => a.phase)).toEqual(expect.arrayContaining(['open', 'resolve']));
    expect(new Set(metric.map((a) => a.fingerprint)).size).toBe(1);
    const open = metric.find((a) => a.phase === 'open')!;
    expect(open).toMatchObject({ account: ACCOUNT, target: 'NetworkIn{InstanceId=i-0abc}' });
    expect(Date.parse(open.evidence.start) / 1000).toBe(T0 + 500 * 60);
    expect(open.evidence.peakValue).toBe(900);
    expect(open.evidence.percentOverBaseline).toBeGreaterThan(500);
    expect(open.evidence.windowSeconds).toBe(60);
  });
});
