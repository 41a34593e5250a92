import { fingerprintOf, type Alert, type AlertKind } from '../../../pipeline-infra/alerts/alert.js';

/** An alert as the detector emits it, with the fields a test cares about overridden. */
export function anAlert(overrides: Partial<Alert> & { kind?: AlertKind } = {}): Alert {
  const kind = overrides.kind ?? 'ddos_syn_flood';
  const account = overrides.account ?? '333333333333';
  const target = overrides.target ?? '10.2.0.10';
  return {
    fingerprint: fingerprintOf(account, target, kind),
    kind, account, target,
    phase: 'open',
    severity: 'SEV1',
    evidence: {
      start: overrides.firstSeen ?? '2026-11-21T02:00:00Z', peak: '2026-11-21T02:01:00Z', peakValue: 152, baseline: 1.5, percentOverBaseline: 10033.3, unit: 'flows/s',
      topSources: [{ address: '198.51.100.7', share: 0.02 }], ports: [443], protocol: 'TCP', windowSeconds: 60, distinctSources: 11399, rejectRatio: 0, synOnlyRatio: null,
    },
    seenCount: 1,
    firstSeen: '2026-11-21T02:00:00Z',
    lastSeen: '2026-11-21T02:00:00Z',
    ...overrides,
  };
}
