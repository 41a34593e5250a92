import { SEVERITY_RANK, type Alert, type Severity } from '../../pipeline-infra/alerts/alert.js';
import type { AlertGuidance } from '../../pipeline-infra/alerts/enrich-alert.js';

/**
 * What the Slack side remembers of a fingerprint (account, target, kind): the one message that
 * shows its current incident, and what people did to it. One item per fingerprint, versioned for
 * optimistic concurrency.
 */
export interface AlertRecord {
  fingerprint: string;
  version: number;
  channel: string;
  /** The message, once posted. */
  ts?: string;
  /** Epoch ms until which a poster holds the right to post this incident's message. */
  posting_until?: number;
  /** `firstSeen` of the incident the message shows. */
  incident_start: string;
  /** The latest alert of that incident. */
  alert: Alert;
  status: 'open' | 'resolved';
  /** `detector`, or the user who clicked Resolve. */
  resolved_by?: string;
  resolved_at?: string;
  acknowledged_by?: string;
  acknowledged_at?: string;
  snoozed_until?: string;
  snoozed_by?: string;
  /** The incident arrived while snoozed: not posted. */
  suppressed?: boolean;
  /** The highest severity people were told about. */
  notified_severity: Severity;
  guidance?: AlertGuidance;
  /** Epoch ms of the post. */
  posted_at?: number;
  expires_at?: number;
}

/** What to do in Slack about an alert. */
export type AlertEffect =
  | { kind: 'post' }
  | { kind: 'edit'; notice?: string }
  | { kind: 'ignore'; reason: string }
  | { kind: 'suppress' };

/** A resolved incident seen again within this long re-opens its message instead of posting anew. */
export const REOPEN_WITHIN_MS = 30 * 60_000;

const instant = (iso: string) => Date.parse(iso);

/**
 * The incident state machine of the Slack side (DESIGN §5: repeats edit the message; never a
 * second post for the same incident). Pure: the record as it is, an alert from the bus (at least
 * once, in any order), the time, and the channel routing picked → the record as it must become
 * and what to do in Slack.
 */
export function applyAlert(record: AlertRecord | undefined, alert: Alert, nowMs: number, channel: string): { record: AlertRecord; effect: AlertEffect } {
  const applied = nextState(record, alert, nowMs, channel);
  // Its message was never posted (the post failed and gave up its claim, for a redelivery to post it): posted now.
  if (applied.effect.kind === 'edit' && record && !record.ts && !record.suppressed) return { record: applied.record, effect: { kind: 'post' } };
  return applied;
}

function nextState(record: AlertRecord | undefined, alert: Alert, nowMs: number, channel: string): { record: AlertRecord; effect: AlertEffect } {
  if (!record) {
    return {
      record: { fingerprint: alert.fingerprint, version: 0, channel, incident_start: alert.firstSeen, alert, status: alert.phase === 'resolve' ? 'resolved' : 'open', ...(alert.phase === 'resolve' ? { resolved_by: 'detector', resolved_at: alert.lastSeen } : {}), notified_severity: alert.severity },
      effect: { kind: 'post' },
    };
  }
  const start = instant(alert.firstSeen);
  const shown = instant(record.incident_start);
  if (start < shown) return { record, effect: { kind: 'ignore', reason: 'an earlier incident' } };
  if (start === shown) return sameIncident(record, alert, nowMs);
  return laterIncident(record, alert, nowMs, channel);
}

function sameIncident(record: AlertRecord, alert: Alert, nowMs: number): { record: AlertRecord; effect: AlertEffect } {
  if (record.suppressed) {
    if (snoozed(record, nowMs)) return { record: { ...record, alert: newer(record.alert, alert) }, effect: { kind: 'suppress' } };
    // The snooze ran out while the incident goes on: now it is posted.
    return { record: { ...record, alert: newer(record.alert, alert), suppressed: false, ts: undefined, status: alert.phase === 'resolve' ? 'resolved' : 'open', notified_severity: alert.severity }, effect: { kind: 'post' } };
  }
  if (record.status === 'resolved' && record.resolved_by !== 'detector') return { record, effect: { kind: 'ignore', reason: `resolved by ${record.resolved_by}` } };
  if (record.status === 'resolved') return { record, effect: { kind: 'ignore', reason: 'already resolved' } };
  if (alert.phase !== 'resolve' && alert.seenCount < record.alert.seenCount) return { record, effect: { kind: 'ignore', reason: 'an older update' } };
  const next: AlertRecord = { ...record, alert: newer(record.alert, alert) };
  if (alert.phase === 'resolve') return { record: { ...next, status: 'resolved', resolved_by: 'detector', resolved_at: alert.lastSeen }, effect: { kind: 'edit' } };
  if (SEVERITY_RANK[alert.severity] > SEVERITY_RANK[record.notified_severity]) {
    next.notified_severity = alert.severity;
    // People who acknowledged or snoozed it do not need a new ping; the message still shows it.
    if (!record.acknowledged_by && !snoozed(record, nowMs)) return { record: next, effect: { kind: 'edit', notice: `Raised to ${alert.severity}` } };
  }
  return { record: next, effect: { kind: 'edit' } };
}

function laterIncident(record: AlertRecord, alert: Alert, nowMs: number, channel: string): { record: AlertRecord; effect: AlertEffect } {
  const fresh = { incident_start: alert.firstSeen, alert, notified_severity: alert.severity, status: alert.phase === 'resolve' ? ('resolved' as const) : ('open' as const), resolved_by: alert.phase === 'resolve' ? 'detector' : undefined, resolved_at: alert.phase === 'resolve' ? alert.lastSeen : undefined };
  if (record.status === 'open' && !record.suppressed) {
    // The last incident's resolve never came (lost, or state reset): the open message goes on showing this one.
    return { record: { ...record, ...fresh, notified_severity: record.notified_severity }, effect: { kind: 'edit' } };
  }
  if (snoozed(record, nowMs)) return { record: { ...record, ...fresh, suppressed: true, ts: undefined, guidance: undefined }, effect: { kind: 'suppress' } };
  const resolvedAt = record.resolved_at ? instant(record.resolved_at) : Number.NEGATIVE_INFINITY;
  if (record.ts && !record.suppressed && start(alert) - resolvedAt <= REOPEN_WITHIN_MS) {
    return { record: { ...record, ...fresh, acknowledged_by: undefined, acknowledged_at: undefined }, effect: { kind: 'edit', notice: 'Re-opened: seen again soon after it resolved' } };
  }
  return {
    record: { ...record, ...fresh, channel, ts: undefined, posted_at: undefined, suppressed: false, acknowledged_by: undefined, acknowledged_at: undefined, guidance: undefined },
    effect: { kind: 'post' },
  };
}

const start = (alert: Alert) => instant(alert.firstSeen);

export function snoozed(record: AlertRecord, nowMs: number): boolean {
  return record.snoozed_until !== undefined && instant(record.snoozed_until) > nowMs;
}

/** The alert that knows more of the incident: later seen counts win; a resolve always wins. */
function newer(current: Alert, incoming: Alert): Alert {
  if (incoming.phase === 'resolve') return incoming;
  return incoming.seenCount >= current.seenCount ? incoming : current;
}
