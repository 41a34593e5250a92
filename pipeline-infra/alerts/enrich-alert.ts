import type { Alert, AlertKind, Severity } from './alert.js';
import type { RunbookIndex } from './runbooks/runbook-index.js';

/** What retrieval adds to an alert: the runbook section it follows, its first steps, and how soon to act. */
export interface AlertGuidance {
  /** The severity the time to act was chosen for. */
  severity: Severity;
  runbook: string;
  runbookTitle: string;
  /** The section the actions come from, and its citation (`pipeline-infra/runbooks/<id>.md#<anchor>`). */
  section: string;
  citation: string;
  actions: string[];
  timeToAct: TimeToActGuidance;
}

export interface TimeToActGuidance {
  hours: number;
  /** ISO-8601: the incident's start plus `hours`. */
  deadline: string;
  reason: string;
  /** The runbook line it comes from; null when the runbook gave none and the default applied. */
  citation: string | null;
}

/** When a runbook gives no time to act: critical within 4 h, medium within 24 h, low within 3 days. */
export const DEFAULT_TIME_TO_ACT_HOURS: Record<Severity, number> = { SEV1: 4, SEV2: 24, SEV3: 72 };

const MAX_ACTIONS = 5;

const KIND_TERMS: Record<AlertKind, string> = {
  ddos_syn_flood: 'DDoS SYN flood spoofed sources half-open connections',
  udp_flood: 'DDoS UDP flood volumetric',
  fragmentation_flood: 'IP fragmentation flood fragments',
  traffic_spike: 'traffic spike DDoS HTTP request flood',
  port_scan: 'port scan reconnaissance many ports probing',
  brute_force: 'brute force password guessing login attempts',
  metric_anomaly: 'metric anomaly',
};

const PORT_NAMES: Record<number, string> = { 22: 'SSH', 3389: 'RDP', 3306: 'MySQL database', 5432: 'PostgreSQL database', 1433: 'SQL Server database', 443: 'HTTPS', 80: 'HTTP', 53: 'DNS' };

/** The retrieval query for an alert: its kind in words, then what the evidence names (protocol, ports, metric). */
export function runbookQuery(alert: Pick<Alert, 'kind' | 'evidence'>): string {
  const e = alert.evidence;
  const terms = [KIND_TERMS[alert.kind]];
  if (e.protocol) terms.push(e.protocol);
  for (const port of e.ports.slice(0, 3)) terms.push(PORT_NAMES[port] ?? `port ${port}`);
  if (e.metric) terms.push(e.metric, ...Object.keys(e.dimensions ?? {}));
  return terms.join(' ');
}

export function deadlineOf(start: string, hours: number): string {
  return new Date(Date.parse(start) + hours * 3_600_000).toISOString().replace('.000Z', 'Z');
}

/**
 * Retrieves the guidance for an alert: the best-matching runbook, the first steps of its
 * Immediate actions (or of the best section when it has none), and its time to act for the
 * alert's severity. Null when no runbook matches.
 */
export async function enrichAlert(alert: Alert, index: RunbookIndex): Promise<AlertGuidance | null> {
  const query = runbookQuery(alert);
  const [best] = await index.retrieve(query, { limit: 1 });
  if (!best) return null;
  const [immediate] = await index.retrieve(query, { runbook: best.runbook, section: 'immediate-actions', limit: 1 });
  const chosen = immediate ?? best;
  const stated = await index.timeToAct(best.runbook, alert.severity);
  const hours = stated?.hours ?? DEFAULT_TIME_TO_ACT_HOURS[alert.severity];
  return {
    severity: alert.severity,
    runbook: best.runbook,
    runbookTitle: best.runbookTitle,
    section: chosen.section,
    citation: chosen.citation,
    actions: chosen.steps.slice(0, MAX_ACTIONS),
    timeToAct: {
      hours,
      deadline: deadlineOf(alert.firstSeen, hours),
      reason: stated?.reason ?? `${alert.severity} default`,
      citation: stated?.citation ?? null,
    },
  };
}
