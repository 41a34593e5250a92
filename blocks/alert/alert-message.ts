import type { KnownBlock } from '@slack/types';
import type { Alert, AlertKind, Severity } from '../../pipeline-infra/alerts/alert.js';
import type { AlertGuidance } from '../../pipeline-infra/alerts/enrich-alert.js';
import { ACTION_IDS } from '../action-ids.js';
import { actions, button, context, fields, header, section } from '../builders.js';
import { formatCount, slackDate } from '../format.js';
import { escapeMrkdwn, truncate } from '../text.js';

/** Everything an alert message shows: the incident, what retrieval added, and what people did. */
export interface AlertMessageView {
  alert: Alert;
  /** The account's alias from configuration, when it has one. */
  accountAlias?: string;
  status: 'open' | 'resolved';
  resolvedBy?: string;
  resolvedAt?: string;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  snoozedUntil?: string;
  snoozedBy?: string;
  /** Runbook guidance; absent while retrieval runs (`enriching`) or when no runbook matched. */
  guidance?: AlertGuidance;
  enriching?: boolean;
}

export const SNOOZE_CHOICES = [
  { hours: 1, actionId: ACTION_IDS.alertSnooze1h },
  { hours: 4, actionId: ACTION_IDS.alertSnooze4h },
  { hours: 24, actionId: ACTION_IDS.alertSnooze24h },
] as const;

const KIND_TITLES: Record<AlertKind, string> = {
  ddos_syn_flood: 'SYN flood (DDoS)',
  udp_flood: 'UDP flood (DDoS)',
  fragmentation_flood: 'Fragmentation flood (DDoS)',
  traffic_spike: 'Traffic spike',
  port_scan: 'Port scan',
  brute_force: 'Password guessing',
  metric_anomaly: 'Metric anomaly',
};

const SEVERITY_EMOJI: Record<Severity, string> = { SEV1: ':red_circle:', SEV2: ':large_orange_circle:', SEV3: ':large_yellow_circle:' };

export function alertTitle(alert: Pick<Alert, 'severity' | 'kind' | 'target'>): string {
  return `${alert.severity} · ${KIND_TITLES[alert.kind]} on ${alert.target}`;
}

const number = (value: number) => (Math.abs(value) >= 100 ? formatCount(Math.round(value)) : String(Math.round(value * 100) / 100));
const percent = (share: number) => `${Math.round(share * 100)} %`;
const MIN_SOURCE_SHARE = 0.01;

/** The alert message (DESIGN §5): posted once per incident, then edited as it goes on, is acknowledged, snoozed or resolved. */
export function alertMessage(view: AlertMessageView): { text: string; blocks: KnownBlock[] } {
  const { alert } = view;
  const e = alert.evidence;
  const resolved = view.status === 'resolved';
  const account = view.accountAlias ? `${view.accountAlias} (${alert.account})` : alert.account || 'unknown account';
  const blocks: KnownBlock[] = [
    header(`${resolved ? '✅ Resolved · ' : ''}${alertTitle(alert)}`),
    section(`${SEVERITY_EMOJI[alert.severity]} *${escapeMrkdwn(KIND_TITLES[alert.kind])}* on \`${escapeMrkdwn(alert.target)}\` in account *${escapeMrkdwn(account)}*`),
    context([statusLine(view)]),
    fields(evidenceFields(alert)),
  ];
  const extra = [
    topSourcesText(e.topSources),
    e.distinctSources !== undefined ? `*Distinct sources:* ~${formatCount(e.distinctSources)}` : '',
    e.synOnlyRatio !== null && e.synOnlyRatio !== undefined ? `*SYN-only:* ${percent(e.synOnlyRatio)}` : '',
    e.rejectRatio !== null && e.rejectRatio !== undefined ? `*Rejected:* ${percent(e.rejectRatio)}` : '',
  ].filter(Boolean);
  if (extra.length) blocks.push(context(extra));
  blocks.push(...guidanceBlocks(view));
  blocks.push(actions(buttons(view), `cia_alert_actions`));
  blocks.push(context([`fingerprint \`${alert.fingerprint}\` · ${alert.kind} · first seen ${slackDate(alert.firstSeen)}`]));
  return { text: truncate(`${resolved ? 'Resolved: ' : ''}${alertTitle(alert)} (${account}) — seen ${alert.seenCount} time${alert.seenCount === 1 ? '' : 's'}`, 3000), blocks };
}

/** Sources that carry a real share; a flood from thousands of (spoofed) addresses has none, and says so. */
function topSourcesText(sources: Alert['evidence']['topSources']): string {
  const heavy = sources.filter((s) => s.share >= MIN_SOURCE_SHARE).slice(0, 3);
  if (heavy.length) return `*Top sources:* ${heavy.map((s) => `\`${escapeMrkdwn(s.address)}\` ${percent(s.share)}`).join(', ')}`;
  return sources.length ? '*Top sources:* none above 1 % (widely distributed or spoofed)' : '';
}

function statusLine(view: AlertMessageView): string {
  const { alert } = view;
  const seen = `seen ${formatCount(alert.seenCount)} time${alert.seenCount === 1 ? '' : 's'}, last ${slackDate(alert.lastSeen, '{time}')}`;
  const parts: string[] = [];
  if (view.status === 'resolved') {
    parts.push(view.resolvedBy && view.resolvedBy !== 'detector' ? `*Resolved* by <@${view.resolvedBy}>${view.resolvedAt ? ` at ${slackDate(view.resolvedAt)}` : ''}` : `*Resolved*: quiet since ${slackDate(view.resolvedAt ?? alert.lastSeen, '{time}')}`);
  } else {
    parts.push('*Ongoing*');
  }
  parts.push(seen);
  if (view.acknowledgedBy) parts.push(`acknowledged by <@${view.acknowledgedBy}>${view.acknowledgedAt ? ` at ${slackDate(view.acknowledgedAt, '{time}')}` : ''}`);
  if (view.snoozedUntil && view.status !== 'resolved') parts.push(`:zzz: snoozed until ${slackDate(view.snoozedUntil)}${view.snoozedBy ? ` by <@${view.snoozedBy}>` : ''}`);
  return parts.join(' · ');
}

function evidenceFields(alert: Alert): [string, string][] {
  const e = alert.evidence;
  const over = e.percentOverBaseline === null ? 'no history for this target' : `${e.percentOverBaseline >= 0 ? '+' : ''}${formatCount(Math.round(e.percentOverBaseline))} %`;
  const pairs: [string, string][] = [
    ['Started', slackDate(e.start)],
    ['Peak', `${number(e.peakValue)} ${escapeMrkdwn(e.unit)} at ${slackDate(e.peak, '{time}')}`],
    ['Baseline', `${number(e.baseline)} ${escapeMrkdwn(e.unit)}`],
    ['Over baseline', over],
  ];
  if (e.metric) {
    const dims = Object.entries(e.dimensions ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
    pairs.push(['Metric', `\`${escapeMrkdwn(e.metric)}\`${dims ? ` (${escapeMrkdwn(dims)})` : ''}`]);
  } else {
    pairs.push(['Protocol', e.protocol ?? 'unknown'], ['Ports', e.ports.length ? e.ports.slice(0, 5).join(', ') : '—']);
  }
  return pairs;
}

function guidanceBlocks(view: AlertMessageView): KnownBlock[] {
  if (view.status === 'resolved' && !view.guidance) return [];
  if (!view.guidance) return [context([view.enriching ? ':hourglass_flowing_sand: Finding the runbook…' : 'No runbook matched this alert.'])];
  const g = view.guidance;
  const tta = g.timeToAct;
  const deadline = `*Act within ${tta.hours} h* — by ${slackDate(tta.deadline)}${tta.reason ? `: ${escapeMrkdwn(tta.reason)}` : ''}`;
  const steps = g.actions.map((step, i) => `${i + 1}. ${step}`).join('\n');
  return [
    section(view.status === 'resolved' ? `~${deadline}~` : deadline),
    section(`*Recommended actions* (${escapeMrkdwn(g.runbookTitle)} › ${escapeMrkdwn(g.section)})\n${steps}`),
    context([`Runbook: \`${escapeMrkdwn(g.citation)}\`${tta.citation && tta.citation !== g.citation ? ` · time to act: \`${escapeMrkdwn(tta.citation)}\`` : ''}`]),
  ];
}

function buttons(view: AlertMessageView) {
  const value = view.alert.fingerprint;
  const investigate = button('Investigate', ACTION_IDS.alertInvestigate, { value, style: 'primary' });
  if (view.status === 'resolved') return [investigate];
  return [
    investigate,
    ...(view.acknowledgedBy ? [] : [button('Acknowledge', ACTION_IDS.alertAcknowledge, { value })]),
    ...SNOOZE_CHOICES.map((choice) => button(`Snooze ${choice.hours} h`, choice.actionId, { value })),
    button('Resolve', ACTION_IDS.alertResolve, {
      value, style: 'danger',
      confirm: { title: 'Resolve this alert?', text: 'It is marked resolved for everyone. A new incident on the same target posts a new alert.', confirm: 'Resolve', deny: 'Cancel' },
    }),
  ];
}

/** The thread reply that tells people something changed (raised severity, re-opened). */
export function alertNotice(alert: Alert, notice: string): { text: string; blocks: KnownBlock[] } {
  const text = `${notice}: ${alertTitle(alert)}`;
  return { text, blocks: [section(`${SEVERITY_EMOJI[alert.severity]} *${escapeMrkdwn(notice)}* — ${escapeMrkdwn(alertTitle(alert))}, peak ${number(alert.evidence.peakValue)} ${escapeMrkdwn(alert.evidence.unit)}`)] };
}
