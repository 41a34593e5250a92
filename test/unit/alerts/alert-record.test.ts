import { applyAlert, REOPEN_WITHIN_MS, type AlertRecord } from '../../../bot/alerts/alert-record.js';
import { anAlert } from './alert-fixtures.js';

const NOW = Date.parse('2026-11-21T02:05:00Z');

/** The record after an alert was posted (as the poster stores it). */
function posted(alert = anAlert(), extra: Partial<AlertRecord> = {}): AlertRecord {
  const { record } = applyAlert(undefined, alert, NOW, 'oncall');
  return { ...record, version: 2, ts: '1795000000.000100', channel: 'C02ONCALL', ...extra };
}

describe('the Slack side of an incident: one message, edited', () => {
  it('posts the first alert of a fingerprint, in the routed channel', () => {
    const { record, effect } = applyAlert(undefined, anAlert(), NOW, 'oncall');
    expect(effect).toEqual({ kind: 'post' });
    expect(record).toMatchObject({ channel: 'oncall', status: 'open', incident_start: '2026-11-21T02:00:00Z', notified_severity: 'SEV1' });
  });

  it('edits on updates, keeps the latest seen count, and ignores an older update delivered late', () => {
    const record = posted();
    const third = applyAlert(record, anAlert({ phase: 'update', seenCount: 3, lastSeen: '2026-11-21T02:02:00Z' }), NOW, 'oncall');
    expect(third.effect).toEqual({ kind: 'edit' });
    expect(third.record.alert.seenCount).toBe(3);
    const late = applyAlert(third.record, anAlert({ phase: 'update', seenCount: 2 }), NOW, 'oncall');
    expect(late.effect).toEqual({ kind: 'ignore', reason: 'an older update' });
  });

  it('posts on the next delivery when the first one\'s post failed (no message yet), with the latest state', () => {
    const unposted = { ...applyAlert(undefined, anAlert(), NOW, 'oncall').record, version: 2 };
    expect(applyAlert(unposted, anAlert(), NOW, 'oncall').effect).toEqual({ kind: 'post' });
    const update = applyAlert(unposted, anAlert({ phase: 'update', seenCount: 4 }), NOW, 'oncall');
    expect(update).toMatchObject({ effect: { kind: 'post' }, record: { alert: { seenCount: 4 } } });
    expect(applyAlert(unposted, anAlert({ phase: 'resolve', seenCount: 5 }), NOW, 'oncall')).toMatchObject({ effect: { kind: 'post' }, record: { status: 'resolved' } });
  });

  it('resolves in place, and a repeat of the resolve changes nothing', () => {
    const resolved = applyAlert(posted(), anAlert({ phase: 'resolve', seenCount: 6, lastSeen: '2026-11-21T02:06:00Z' }), NOW, 'oncall');
    expect(resolved.effect).toEqual({ kind: 'edit' });
    expect(resolved.record).toMatchObject({ status: 'resolved', resolved_by: 'detector', resolved_at: '2026-11-21T02:06:00Z' });
    expect(applyAlert(resolved.record, anAlert({ phase: 'resolve', seenCount: 6 }), NOW, 'oncall').effect.kind).toBe('ignore');
  });

  it('says so in the thread when the severity rises, unless someone acknowledged it', () => {
    const sev2 = posted(anAlert({ severity: 'SEV2' }));
    const raised = applyAlert(sev2, anAlert({ phase: 'update', severity: 'SEV1', seenCount: 2 }), NOW, 'oncall');
    expect(raised.effect).toEqual({ kind: 'edit', notice: 'Raised to SEV1' });
    const acknowledged = { ...sev2, acknowledged_by: 'U01ALICE' };
    expect(applyAlert(acknowledged, anAlert({ phase: 'update', severity: 'SEV1', seenCount: 2 }), NOW, 'oncall').effect).toEqual({ kind: 'edit' });
  });

  it('after a manual resolve, the rest of that incident is not shown again', () => {
    const record = posted(anAlert(), { status: 'resolved', resolved_by: 'U01ALICE', resolved_at: '2026-11-21T02:03:00Z' });
    expect(applyAlert(record, anAlert({ phase: 'update', seenCount: 4 }), NOW, 'oncall').effect).toEqual({ kind: 'ignore', reason: 'resolved by U01ALICE' });
  });

  it('re-opens the same message when the target flares up again soon after resolving, and posts anew later', () => {
    const record = posted(anAlert(), { status: 'resolved', resolved_by: 'detector', resolved_at: '2026-11-21T02:10:00Z', acknowledged_by: 'U01ALICE' });
    const soon = anAlert({ firstSeen: '2026-11-21T02:20:00Z', lastSeen: '2026-11-21T02:20:00Z' });
    const reopened = applyAlert(record, soon, NOW, 'oncall');
    expect(reopened.effect).toEqual({ kind: 'edit', notice: 'Re-opened: seen again soon after it resolved' });
    expect(reopened.record).toMatchObject({ ts: record.ts, status: 'open', incident_start: '2026-11-21T02:20:00Z', acknowledged_by: undefined });
    const later = anAlert({ firstSeen: new Date(Date.parse('2026-11-21T02:10:00Z') + REOPEN_WITHIN_MS + 60_000).toISOString() });
    const fresh = applyAlert(record, later, NOW, 'oncall-critical');
    expect(fresh.effect).toEqual({ kind: 'post' });
    expect(fresh.record).toMatchObject({ ts: undefined, channel: 'oncall-critical', status: 'open' });
  });

  it('an open message whose resolve never came goes on showing the next incident', () => {
    const record = posted();
    const next = applyAlert(record, anAlert({ firstSeen: '2026-11-21T05:00:00Z', seenCount: 1 }), NOW, 'oncall');
    expect(next.effect).toEqual({ kind: 'edit' });
    expect(next.record).toMatchObject({ ts: record.ts, incident_start: '2026-11-21T05:00:00Z' });
  });

  it('a snoozed fingerprint posts nothing new until the snooze ends, then posts the incident still going on', () => {
    const record = posted(anAlert(), { status: 'resolved', resolved_by: 'detector', resolved_at: '2026-11-21T01:00:00Z', snoozed_until: '2026-11-21T06:00:00Z', snoozed_by: 'U01ALICE' });
    const during = applyAlert(record, anAlert({ firstSeen: '2026-11-21T04:00:00Z', lastSeen: '2026-11-21T04:00:00Z' }), Date.parse('2026-11-21T04:00:00Z'), 'oncall');
    expect(during.effect).toEqual({ kind: 'suppress' });
    expect(during.record.suppressed).toBe(true);
    const stillSnoozed = applyAlert(during.record, anAlert({ firstSeen: '2026-11-21T04:00:00Z', phase: 'update', seenCount: 4 }), Date.parse('2026-11-21T05:00:00Z'), 'oncall');
    expect(stillSnoozed.effect).toEqual({ kind: 'suppress' });
    const after = applyAlert(stillSnoozed.record, anAlert({ firstSeen: '2026-11-21T04:00:00Z', phase: 'update', seenCount: 9 }), Date.parse('2026-11-21T06:30:00Z'), 'oncall');
    expect(after.effect).toEqual({ kind: 'post' });
    expect(after.record).toMatchObject({ suppressed: false, status: 'open' });
  });

  it('ignores stragglers of an earlier incident and posts a resolve that arrives first', () => {
    const record = posted(anAlert({ firstSeen: '2026-11-21T05:00:00Z' }));
    expect(applyAlert(record, anAlert({ firstSeen: '2026-11-21T02:00:00Z', phase: 'update', seenCount: 7 }), NOW, 'oncall').effect).toEqual({ kind: 'ignore', reason: 'an earlier incident' });
    const first = applyAlert(undefined, anAlert({ phase: 'resolve', seenCount: 5, lastSeen: '2026-11-21T02:05:00Z' }), NOW, 'oncall');
    expect(first.effect).toEqual({ kind: 'post' });
    expect(first.record.status).toBe('resolved');
  });
});
