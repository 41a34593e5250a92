import { SEVERITY_RANK, fingerprintOf, isoSeconds, severityOf, type Alert, type AlertEvidence, type AlertKind, type AlertPhase, type Severity, type SeverityRules } from '../alerts/alert.js';

/**
 * The incident lifecycle: open → update → resolve, one incident per fingerprint
 * (account, target, kind). The first anomalous observation opens it; later ones raise its seen
 * count and peak, and are reported (phase `update`) only when they matter to a reader: a higher
 * severity, a peak ≥ `peakGrowth` times the last one reported, or every `updateEvery` ticks while
 * it lasts. `resolveAfter` quiet ticks in a row resolve it. A tick is a closed window for flow
 * incidents and a point of its series for metric incidents (the incident's `scope`).
 */

export interface IncidentOptions {
  updateEvery: number;
  peakGrowth: number;
  resolveAfter: number;
  /** At most this many open incidents; beyond it the stalest is resolved. */
  maxOpen: number;
}

export const DEFAULT_INCIDENT_OPTIONS: IncidentOptions = { updateEvery: 3, peakGrowth: 1.25, resolveAfter: 5, maxOpen: 500 };

/** One anomalous observation: what a closed window (or a metric point) showed for a target. */
export interface Observation {
  kind: AlertKind;
  account: string;
  target: string;
  /** Epoch seconds of the window (or point). */
  at: number;
  /** How strong the observation is, to find the peak (the peak value itself for rates; the departure from normal for metrics). */
  magnitude: number;
  evidence: Omit<AlertEvidence, 'start' | 'peak'>;
}

export interface IncidentState {
  fingerprint: string;
  kind: AlertKind;
  account: string;
  target: string;
  scope: string;
  firstSeen: number;
  lastSeen: number;
  seenCount: number;
  peakAt: number;
  peakMagnitude: number;
  severity: Severity;
  evidence: Omit<AlertEvidence, 'start' | 'peak'>;
  quiet: number;
  ticksSinceReport: number;
  reportedPeak: number;
  reportedSeverity: Severity;
}

export class IncidentBook {
  readonly open = new Map<string, IncidentState>();

  constructor(
    readonly options: IncidentOptions,
    readonly severityRules: SeverityRules,
    incidents: IncidentState[] = [],
  ) {
    for (const incident of incidents) this.open.set(incident.fingerprint, structuredClone(incident));
  }

  /** Alerts produced and not yet taken. */
  private out: Alert[] = [];

  /** Takes the alerts produced so far, in order. */
  drain(): Alert[] {
    const alerts = this.out;
    this.out = [];
    return alerts;
  }

  /** Records an anomalous observation (an alert to post or edit may follow: see `drain`). */
  observe(o: Observation, scope: string): void {
    const fingerprint = fingerprintOf(o.account, o.target, o.kind);
    const existing = this.open.get(fingerprint);
    if (!existing) {
      const incident: IncidentState = {
        fingerprint,
        kind: o.kind,
        account: o.account,
        target: o.target,
        scope,
        firstSeen: o.at,
        lastSeen: o.at,
        seenCount: 1,
        peakAt: o.at,
        peakMagnitude: o.magnitude,
        severity: 'SEV3',
        evidence: o.evidence,
        quiet: 0,
        ticksSinceReport: 0,
        reportedPeak: o.magnitude,
        reportedSeverity: 'SEV3',
      };
      incident.severity = severityOf(o.kind, this.evidence(incident), this.severityRules);
      incident.reportedSeverity = incident.severity;
      this.open.set(fingerprint, incident);
      this.out.push(this.alert(incident, 'open'));
      this.enforceLimit();
      return;
    }
    const incident = existing;
    incident.seenCount++;
    incident.lastSeen = Math.max(incident.lastSeen, o.at);
    incident.quiet = 0;
    incident.ticksSinceReport++;
    if (o.magnitude > incident.peakMagnitude) {
      incident.peakMagnitude = o.magnitude;
      incident.peakAt = o.at;
      incident.evidence = o.evidence;
    }
    const severity = severityOf(incident.kind, this.evidence(incident), this.severityRules);
    if (SEVERITY_RANK[severity] > SEVERITY_RANK[incident.severity]) incident.severity = severity;
    const report =
      SEVERITY_RANK[incident.severity] > SEVERITY_RANK[incident.reportedSeverity] ||
      (incident.reportedPeak > 0 && incident.peakMagnitude >= incident.reportedPeak * this.options.peakGrowth) ||
      incident.ticksSinceReport >= this.options.updateEvery;
    if (!report) return;
    incident.ticksSinceReport = 0;
    incident.reportedPeak = incident.peakMagnitude;
    incident.reportedSeverity = incident.severity;
    this.out.push(this.alert(incident, 'update'));
  }

  /** One tick of `scope` passed: incidents of that scope not seen in it grow quieter, and resolve. */
  tick(scope: string, seen: ReadonlySet<string>, ticks = 1, resolveAfter = this.options.resolveAfter): void {
    for (const incident of [...this.open.values()]) {
      if (incident.scope !== scope || seen.has(incident.fingerprint)) continue;
      incident.quiet += ticks;
      incident.ticksSinceReport += ticks;
      if (incident.quiet >= resolveAfter) this.resolve(incident);
    }
  }

  /** Resolves every open incident (end of stream). */
  resolveAll(): void {
    for (const incident of [...this.open.values()]) this.resolve(incident);
  }

  snapshot(): IncidentState[] {
    return [...this.open.values()].map((incident) => structuredClone(incident));
  }

  private resolve(incident: IncidentState): void {
    this.open.delete(incident.fingerprint);
    this.out.push(this.alert(incident, 'resolve'));
  }

  /** Past `maxOpen`, the incident seen least recently is resolved early: the state stays bounded. */
  private enforceLimit(): void {
    if (this.open.size <= this.options.maxOpen) return;
    let stalest: IncidentState | undefined;
    for (const incident of this.open.values()) if (!stalest || incident.lastSeen < stalest.lastSeen) stalest = incident;
    if (stalest) this.resolve(stalest);
  }

  private evidence(incident: IncidentState): AlertEvidence {
    return { start: isoSeconds(incident.firstSeen), peak: isoSeconds(incident.peakAt), ...incident.evidence };
  }

  private alert(incident: IncidentState, phase: AlertPhase): Alert {
    return {
      fingerprint: incident.fingerprint,
      kind: incident.kind,
      account: incident.account,
      target: incident.target,
      phase,
      severity: incident.severity,
      evidence: this.evidence(incident),
      seenCount: incident.seenCount,
      firstSeen: isoSeconds(incident.firstSeen),
      lastSeen: isoSeconds(incident.lastSeen),
    };
  }
}
