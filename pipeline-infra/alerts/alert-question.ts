import type { Alert } from './alert.js';

/** Minutes of context before an incident's start and after its last sighting. */
const MARGIN_MS = 5 * 60_000;

const iso = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString().replace(':00.000Z', 'Z');

/**
 * The question the Investigate button asks, scoped to the alert's account, target and time
 * window, in the words the planner reads (DESIGN §5: an alert arrives already investigated).
 */
export function alertQuestion(alert: Alert, nowMs: number): string {
  const from = iso(Date.parse(alert.firstSeen) - MARGIN_MS);
  // Never past the present: the planner rightly refuses ranges in the future.
  const to = iso(Math.min(nowMs, Date.parse(alert.lastSeen) + MARGIN_MS));
  const scope = `in account ${alert.account} between ${from} and ${to}`;
  switch (alert.kind) {
    case 'port_scan':
      return `which sources scanned ports on ${alert.target} ${scope}?`;
    case 'brute_force': {
      const port = alert.evidence.ports[0];
      return `which sources sent the most traffic to ${alert.target}${port !== undefined ? ` on port ${port}` : ''} ${scope}?`;
    }
    case 'metric_anomaly': {
      const metric = alert.evidence.metric ?? alert.target;
      if (/error|fault|5xx|throttl/i.test(metric)) return `which errors were logged ${scope}?`;
      if (/charge|cost|spend/i.test(metric)) return `which services cost the most ${scope}?`;
      return `who changed what ${scope}?`;
    }
    default:
      return `which sources sent the most traffic to ${alert.target} ${scope}?`;
  }
}
