import { ACTION_IDS } from '../../../blocks/action-ids.js';
import { alertMessage, alertNotice } from '../../../blocks/alert/alert-message.js';
import type { AlertGuidance } from '../../../pipeline-infra/alerts/enrich-alert.js';
import { anAlert } from '../alerts/alert-fixtures.js';
import { buttonsOf, expectAccepted, visibleText } from './expect-slack.js';

const guidance: AlertGuidance = {
  severity: 'SEV1', runbook: 'ddos-syn-flood', runbookTitle: 'DDoS and SYN flood', section: 'Immediate actions',
  citation: 'pipeline-infra/runbooks/ddos-syn-flood.md#immediate-actions',
  actions: ['Declare the incident.', 'Engage the Shield Response Team: `aws shield create-protection …`'],
  timeToAct: { hours: 2, deadline: '2026-11-21T04:00:00Z', reason: 'before saturation takes the service down', citation: 'pipeline-infra/runbooks/ddos-syn-flood.md#time-to-act' },
};

describe('the alert message', () => {
  it('shows severity, target, account, evidence and every button, as Slack accepts it', () => {
    const message = alertMessage({ alert: anAlert(), accountAlias: 'prod', status: 'open', enriching: true });
    expectAccepted(message);
    expect(message.text).toBe('SEV1 · SYN flood (DDoS) on 10.2.0.10 (prod (333333333333)) — seen 1 time');
    const text = visibleText(message.blocks);
    for (const expected of ['Started', 'Peak', '152 flows/s', 'Baseline', '1.5 flows/s', '+10,033 %', 'TCP', '443', '198.51.100.7', '~11,399', 'Finding the runbook']) expect(text).toContain(expected);
    expect(buttonsOf(message.blocks as never).map((b) => b.action_id)).toEqual([ACTION_IDS.alertInvestigate, ACTION_IDS.alertAcknowledge, ACTION_IDS.alertSnooze1h, ACTION_IDS.alertSnooze4h, ACTION_IDS.alertSnooze24h, ACTION_IDS.alertResolve]);
    // Buttons carry the fingerprint only: the store has the rest.
    expect(new Set(buttonsOf(message.blocks as never).map((b) => b.value))).toEqual(new Set([anAlert().fingerprint]));
  });

  it('names only sources that carry a real share; a spoofed flood says it has none', () => {
    const spoofed = anAlert();
    spoofed.evidence = { ...spoofed.evidence, topSources: [{ address: '30.33.68.118', share: 0.001 }] };
    const text = visibleText(alertMessage({ alert: spoofed, status: 'open' }).blocks);
    expect(text).toContain('none above 1 % (widely distributed or spoofed)');
    expect(text).not.toContain('30.33.68.118');
  });

  it('shows the runbook guidance with its citations and the time to act in each reader\'s zone', () => {
    const message = alertMessage({ alert: anAlert(), status: 'open', guidance });
    expectAccepted(message);
    const text = visibleText(message.blocks);
    expect(text).toContain('*Act within 2 h* — by <!date^1795233600^{date_short_pretty} {time}|2026-11-21 04:00 UTC>');
    expect(text).toContain('1. Declare the incident.');
    expect(text).toContain('pipeline-infra/runbooks/ddos-syn-flood.md#immediate-actions');
    expect(text).toContain('pipeline-infra/runbooks/ddos-syn-flood.md#time-to-act');
  });

  it('says who acknowledged and drops that button; snoozes show until when', () => {
    const message = alertMessage({ alert: anAlert({ seenCount: 14 }), status: 'open', acknowledgedBy: 'U01ALICE', acknowledgedAt: '2026-11-21T02:03:00Z', snoozedUntil: '2026-11-21T06:00:00Z', snoozedBy: 'U02BOB', guidance });
    expectAccepted(message);
    const text = visibleText(message.blocks);
    expect(text).toContain('seen 14 times');
    expect(text).toContain('acknowledged by <@U01ALICE>');
    expect(text).toContain('snoozed until <!date^1795240800');
    expect(buttonsOf(message.blocks as never).map((b) => b.action_id)).not.toContain(ACTION_IDS.alertAcknowledge);
  });

  it('when resolved, keeps the evidence and only the Investigate button, and says by whom', () => {
    const byDetector = alertMessage({ alert: anAlert({ phase: 'resolve', seenCount: 6 }), status: 'resolved', resolvedBy: 'detector', resolvedAt: '2026-11-21T02:10:00Z', guidance });
    expectAccepted(byDetector);
    expect(byDetector.text).toMatch(/^Resolved: SEV1/);
    expect(visibleText(byDetector.blocks)).toContain('quiet since');
    expect(buttonsOf(byDetector.blocks as never).map((b) => b.action_id)).toEqual([ACTION_IDS.alertInvestigate]);
    const byHand = alertMessage({ alert: anAlert(), status: 'resolved', resolvedBy: 'U02BOB', resolvedAt: '2026-11-21T02:10:00Z' });
    expect(visibleText(byHand.blocks)).toContain('Resolved* by <@U02BOB>');
  });

  it('shows a metric anomaly by its metric and dimensions, and escapes what the data says', () => {
    const alert = anAlert({ kind: 'metric_anomaly', target: 'Errors{FunctionName=<checkout>}', severity: 'SEV2' });
    alert.evidence = { ...alert.evidence, unit: 'Count', protocol: null, ports: [], topSources: [], metric: 'Errors', dimensions: { FunctionName: '<checkout>' }, anomalyScore: 0.9, distinctSources: undefined, rejectRatio: undefined };
    const message = alertMessage({ alert, status: 'open' });
    expectAccepted(message);
    const text = visibleText(message.blocks);
    expect(text).toContain('`Errors` (FunctionName=&lt;checkout&gt;)');
    expect(text).toContain('No runbook matched this alert.');
    expect(text).not.toContain('Protocol');
  });

  it('notices in the thread name the change and the peak', () => {
    const notice = alertNotice(anAlert(), 'Raised to SEV1');
    expectAccepted(notice);
    expect(notice.text).toBe('Raised to SEV1: SEV1 · SYN flood (DDoS) on 10.2.0.10');
  });
});
