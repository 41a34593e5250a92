import { createHash } from 'node:crypto';

export const ALERT_KINDS = ['ddos_syn_flood', 'udp_flood', 'fragmentation_flood', 'traffic_spike', 'port_scan', 'brute_force', 'metric_anomaly'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_PHASES = ['open', 'update', 'resolve'] as const;
export type AlertPhase = (typeof ALERT_PHASES)[number];
export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const VOLUMETRIC_KINDS: ReadonlySet<AlertKind> = new Set(['ddos_syn_flood', 'udp_flood', 'fragmentation_flood', 'traffic_spike']);

export interface AlertEvidence {
  /** ISO-8601: when the incident began (the first anomalous window's start, or the first anomalous point). */
  start: string;
  /** ISO-8601: when the peak was seen. */
  peak: string;
  /** The peak, in `unit`. */
  peakValue: number;
  /** What normal looked like at that time, in `unit` (0 for a target with no history). */
  baseline: number;
  /** 100 · (peak − baseline) / baseline; null without a baseline. */
  percentOverBaseline: number | null;
  /** `packets/s`, `flows/s`, `ports` (distinct destination ports in a window), `auth flows/s`, or the metric's value. */
  unit: string;
  /** Heaviest sources by share of the target's flows in the peak window (space-saving estimate). */
  topSources: Array<{ address: string; share: number }>;
  /** Destination ports carrying most packets in the peak window. */
  ports: number[];
  /** Dominant protocol: TCP, UDP, ICMP or the IANA number; null for metrics. */
  protocol: string | null;
  windowSeconds: number | null;
  /** Distinct sources in the peak window (HyperLogLog estimate). */
  distinctSources?: number;
  /** Share of flows rejected in the peak window, where the records say. */
  rejectRatio?: number | null;
  /** Share of TCP flows that were SYN only (v3+ tcp-flags), where the records say. */
  synOnlyRatio?: number | null;
  /** Metric alerts: the metric, its dimensions and the scorer's anomaly score at the peak. */
  metric?: string;
  dimensions?: Record<string, string>;
  anomalyScore?: number;
}

export interface Alert {
  /** Identity of the incident: a hash of (account, target, kind), never of free text. */
  fingerprint: string;
  kind: AlertKind;
  account: string;
  target: string;
  phase: AlertPhase;
  severity: Severity;
  evidence: AlertEvidence;
  /** Anomalous windows (or points) seen so far in this incident. */
  seenCount: number;
  firstSeen: string;
  lastSeen: string;
}

/** The fingerprint of an incident: sha256 over the structured fields, NUL-separated, first 24 hex digits. */
export function fingerprintOf(account: string, target: string, kind: AlertKind): string {
  return createHash('sha256').update(`${account}\u0000${target}\u0000${kind}`).digest('hex').slice(0, 24);
}

export interface SeverityRules {
  /** Volumetric: SEV1 at this many times the baseline and at least `sev1MinPeak` (in the evidence's unit)… */
  sev1Ratio: number;
  sev1MinPeak: number;
  /** …or at this many times the baseline whatever the size. */
  sev1AnyRatio: number;
  /** Volumetric and metric: SEV2 from this ratio (metrics: also below 1/ratio). */
  sev2Ratio: number;
  /** Scans and password guessing are SEV2 when at least this share of their flows was accepted. */
  acceptedShareForSev2: number;
}

export const DEFAULT_SEVERITY_RULES: SeverityRules = {
  sev1Ratio: 10,
  sev1MinPeak: 5000,
  sev1AnyRatio: 50,
  sev2Ratio: 3,
  acceptedShareForSev2: 0.5,
};

/**
 * Severity from the evidence alone, so the same evidence always gives the same severity:
 * volumetric alerts by how far over the baseline they are (and how big); scans and brute force
 * by whether the traffic got through; metric anomalies by the size of the departure.
 */
export function severityOf(kind: AlertKind, evidence: AlertEvidence, rules: SeverityRules = DEFAULT_SEVERITY_RULES): Severity {
  const ratio = evidence.baseline > 0 ? evidence.peakValue / evidence.baseline : Number.POSITIVE_INFINITY;
  if (VOLUMETRIC_KINDS.has(kind)) {
    if ((ratio >= rules.sev1Ratio && evidence.peakValue >= rules.sev1MinPeak) || ratio >= rules.sev1AnyRatio) return 'SEV1';
    return ratio >= rules.sev2Ratio ? 'SEV2' : 'SEV3';
  }
  if (kind === 'port_scan' || kind === 'brute_force') {
    const accepted = evidence.rejectRatio === null || evidence.rejectRatio === undefined ? 1 : 1 - evidence.rejectRatio;
    return accepted >= rules.acceptedShareForSev2 ? 'SEV2' : 'SEV3';
  }
  // Metric anomalies: SEV2 when the value is several times (or a fraction) of normal.
  if (evidence.baseline === 0) return 'SEV3';
  const r = Math.abs(evidence.peakValue / evidence.baseline);
  return r >= rules.sev2Ratio || r <= 1 / rules.sev2Ratio ? 'SEV2' : 'SEV3';
}

export const SEVERITY_RANK: Record<Severity, number> = { SEV1: 3, SEV2: 2, SEV3: 1 };

export function isoSeconds(epochSeconds: number): string {
  return new Date(Math.round(epochSeconds) * 1000).toISOString().replace('.000Z', 'Z');
}
