import { fingerprintOf, severityOf, type AlertEvidence } from '../../../pipeline-infra/alerts/alert.js';
import { DEFAULT_INCIDENT_OPTIONS, IncidentBook, type Observation } from '../../../pipeline-infra/stream/incidents.js';
import { DEFAULT_SEVERITY_RULES } from '../../../pipeline-infra/alerts/alert.js';

const evidence = (peakValue: number, baseline = 100): Observation['evidence'] => ({
  peakValue,
  baseline,
  percentOverBaseline: ((peakValue - baseline) / baseline) * 100,
  unit: 'packets/s',
  topSources: [],
  ports: [443],
  protocol: 'TCP',
  windowSeconds: 60,
});
const obs = (at: number, value: number): Observation => ({ kind: 'ddos_syn_flood', account: '333333333333', target: '10.2.0.10', at, magnitude: value, evidence: evidence(value) });

describe('alert identity', () => {
  it('is a hash of (account, target, kind) only', () => {
    const a = fingerprintOf('333333333333', '10.2.0.10', 'ddos_syn_flood');
    expect(a).toMatch(/^[0-9a-f]{24}$/);
    expect(fingerprintOf('333333333333', '10.2.0.10', 'ddos_syn_flood')).toBe(a);
    expect(fingerprintOf('333333333333', '10.2.0.10', 'udp_flood')).not.toBe(a);
    expect(fingerprintOf('333333333333', '10.2.0.11', 'ddos_syn_flood')).not.toBe(a);
    expect(fingerprintOf('33333333333', '310.2.0.10', 'ddos_syn_flood')).not.toBe(a);
  });
});

describe('severity', () => {
  const e = (peakValue: number, baseline: number, extra: Partial<AlertEvidence> = {}): AlertEvidence => ({ start: '', peak: '', ...evidence(peakValue, baseline), ...extra });
  it('follows from the evidence alone', () => {
    expect(severityOf('ddos_syn_flood', e(20000, 1000))).toBe('SEV1');
    expect(severityOf('ddos_syn_flood', e(2000, 100))).toBe('SEV2'); // 20× but small
    expect(severityOf('udp_flood', e(6000, 100))).toBe('SEV1'); // 60×
    expect(severityOf('traffic_spike', e(250, 100))).toBe('SEV3');
    expect(severityOf('traffic_spike', e(5000, 0))).toBe('SEV1'); // a new target, no history
    expect(severityOf('port_scan', e(400, 5, { rejectRatio: 0.9 }))).toBe('SEV3');
    expect(severityOf('port_scan', e(400, 5, { rejectRatio: 0.1 }))).toBe('SEV2');
    expect(severityOf('brute_force', e(5, 0.1, { rejectRatio: null }))).toBe('SEV2');
    expect(severityOf('metric_anomaly', e(50, 10))).toBe('SEV2');
    expect(severityOf('metric_anomaly', e(2, 10))).toBe('SEV2');
    expect(severityOf('metric_anomaly', e(15, 10))).toBe('SEV3');
    for (let i = 0; i < 3; i++) expect(severityOf('ddos_syn_flood', e(20000, 1000), DEFAULT_SEVERITY_RULES)).toBe('SEV1');
  });
});

describe('incident lifecycle', () => {
  it('opens once, reports updates that matter, and resolves after quiet ticks, all under one fingerprint', () => {
    const book = new IncidentBook({ ...DEFAULT_INCIDENT_OPTIONS, updateEvery: 4, resolveAfter: 3 }, DEFAULT_SEVERITY_RULES);
    const phases: string[] = [];
    const prints = new Set<string>();
    const run = (fn: () => void) => {
      fn();
      for (const a of book.drain()) {
        phases.push(`${a.phase}:${a.seenCount}:${a.evidence.peakValue}`);
        prints.add(a.fingerprint);
      }
    };
    run(() => book.observe(obs(0, 500), 'flow')); // open (5×: SEV2)
    run(() => book.observe(obs(60, 550), 'flow')); // +10 %: no update
    run(() => book.observe(obs(120, 800), 'flow')); // +60 %: update
    run(() => book.observe(obs(180, 700), 'flow'));
    run(() => book.observe(obs(240, 700), 'flow'));
    run(() => book.observe(obs(300, 700), 'flow'));
    run(() => book.observe(obs(360, 700), 'flow')); // 4 ticks since the last report: update
    run(() => book.tick('flow', new Set()));
    run(() => book.tick('metric:x', new Set())); // another scope: no effect
    run(() => book.tick('flow', new Set()));
    run(() => book.tick('flow', new Set())); // third quiet tick: resolve
    expect(phases).toEqual(['open:1:500', 'update:3:800', 'update:7:800', 'resolve:7:800']);
    expect(prints.size).toBe(1);
    expect(book.open.size).toBe(0);
    run(() => book.observe(obs(900, 500), 'flow')); // a new incident for the same target and kind: same fingerprint, seen from 1 again
    expect(phases.at(-1)).toBe('open:1:500');
    expect(prints.size).toBe(1);
  });

  it('reports an escalation of severity at once', () => {
    const book = new IncidentBook(DEFAULT_INCIDENT_OPTIONS, DEFAULT_SEVERITY_RULES);
    book.observe(obs(0, 400), 'flow');
    book.observe(obs(60, 420), 'flow');
    book.observe(obs(120, 6000), 'flow');
    expect(book.drain().map((a) => `${a.phase}:${a.severity}`)).toEqual(['open:SEV2', 'update:SEV1']);
  });

  it('survives a JSON round trip of its state', () => {
    const book = new IncidentBook(DEFAULT_INCIDENT_OPTIONS, DEFAULT_SEVERITY_RULES);
    book.observe(obs(0, 500), 'flow');
    book.drain();
    const again = new IncidentBook(DEFAULT_INCIDENT_OPTIONS, DEFAULT_SEVERITY_RULES, JSON.parse(JSON.stringify(book.snapshot())));
    again.observe(obs(60, 510), 'flow');
    again.tick('flow', new Set(), 5);
    const alerts = again.drain();
    expect(alerts.map((a) => a.phase)).toEqual(['resolve']);
    expect(alerts[0]!.seenCount).toBe(2);
    expect(alerts[0]!.firstSeen).toBe('1970-01-01T00:00:00Z');
  });
});
