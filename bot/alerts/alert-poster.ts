import type { WebClient } from '@slack/web-api';
import { alertMessage, alertNotice, type AlertMessageView } from '../../blocks/alert/alert-message.js';
import type { Alert } from '../../pipeline-infra/alerts/alert.js';
import { enrichAlert, type AlertGuidance } from '../../pipeline-infra/alerts/enrich-alert.js';
import { routeAlert } from '../../pipeline-infra/alerts/route-alert.js';
import type { RunbookIndex } from '../../pipeline-infra/alerts/runbooks/runbook-index.js';
import type { OrgConfig } from '../../pipeline-infra/config/org-config.js';
import { applyAlert, type AlertEffect, type AlertRecord } from './alert-record.js';
import { updateAlertRecord, type AlertStore } from './alert-store.js';

export interface AlertPosterDeps {
  client: WebClient;
  store: AlertStore;
  config: Pick<OrgConfig, 'alerts' | 'accounts'>;
  /** Runbook retrieval; null leaves alerts without guidance. */
  runbooks: RunbookIndex | null;
  now?: () => number;
  logger?: Pick<Console, 'warn' | 'error'>;
}

/** How long a poster holds the right to post an incident's message before another may take over. */
const CLAIM_MS = 30_000;
const CLAIM_POLL_MS = 200;

class PostingInProgress extends Error {}

/**
 * The `alerts` function's core (DESIGN §5): takes alerts from the bus and keeps one Slack message
 * per incident — posted once with its deterministic severity, edited when enrichment lands, on
 * every repeat, on acknowledgement, snooze and resolution. Claims are stored before posting, so
 * two deliveries of the same alert (SNS is at least once) never post twice.
 */
export class AlertPoster {
  private readonly now: () => number;
  private readonly logger: Pick<Console, 'warn' | 'error'>;

  constructor(private readonly deps: AlertPosterDeps) {
    this.now = deps.now ?? Date.now;
    this.logger = deps.logger ?? console;
  }

  /** Says what it did: posted the incident's message, edited it, suppressed the alert (snoozed) or ignored it (stale). */
  async handle(alert: Alert): Promise<AlertEffect['kind']> {
    const channel = routeAlert(alert, this.deps.config);
    // Another delivery may be posting this incident: once its message exists, this one edits it.
    const applied = await this.whilePosting(() =>
      updateAlertRecord(this.deps.store, alert.fingerprint, (current) => {
        if (current && this.posting(current)) throw new PostingInProgress();
        const { record, effect } = applyAlert(current, alert, this.now(), channel);
        if (effect.kind === 'ignore') return null;
        return { record: effect.kind === 'post' ? { ...record, posting_until: this.now() + CLAIM_MS } : record, result: effect };
      }),
    );
    if (!applied) return 'ignore';
    await this.carryOut(applied.record, applied.result);
    return applied.result.kind;
  }

  /** Acknowledge: the message says who and when; raised severities stop pinging. */
  acknowledge(fingerprint: string, user: string): Promise<AlertRecord | null> {
    return this.change(fingerprint, (record) => (record.status === 'resolved' ? null : { ...record, acknowledged_by: user, acknowledged_at: this.iso() }));
  }

  /** Snooze: no new posts for this fingerprint (and no pings) until the time is up. */
  snooze(fingerprint: string, user: string, hours: number): Promise<AlertRecord | null> {
    return this.change(fingerprint, (record) => ({ ...record, snoozed_until: new Date(this.now() + hours * 3_600_000).toISOString(), snoozed_by: user }));
  }

  /** Resolve by hand: the message says who; the rest of this incident is not shown again. */
  resolve(fingerprint: string, user: string): Promise<AlertRecord | null> {
    return this.change(fingerprint, (record) => (record.status === 'resolved' ? null : { ...record, status: 'resolved', resolved_by: user, resolved_at: this.iso() }));
  }

  get(fingerprint: string): Promise<AlertRecord | undefined> {
    return this.deps.store.get(fingerprint);
  }

  private async change(fingerprint: string, edit: (record: AlertRecord) => AlertRecord | null): Promise<AlertRecord | null> {
    const changed = await this.whilePosting(() =>
      updateAlertRecord(this.deps.store, fingerprint, (current) => {
        if (current && this.posting(current)) throw new PostingInProgress();
        const next = current?.ts ? edit(current) : null;
        return next ? { record: next, result: true } : null;
      }),
    );
    if (!changed) return null;
    await this.render(changed.record);
    return changed.record;
  }

  /** Runs `attempt` again while another delivery holds the claim to post the incident's message. */
  private async whilePosting<T>(attempt: () => Promise<T>): Promise<T> {
    const deadline = this.now() + CLAIM_MS;
    for (;;) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof PostingInProgress) || this.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
      }
    }
  }

  private posting(record: AlertRecord): boolean {
    return !record.ts && record.posting_until !== undefined && record.posting_until > this.now();
  }

  private async carryOut(record: AlertRecord, effect: AlertEffect): Promise<void> {
    if (effect.kind === 'suppress' || effect.kind === 'ignore') return;
    if (effect.kind === 'post') {
      record = await this.post(record);
    } else {
      await this.render(record);
      if (effect.notice && record.ts) await this.deps.client.chat.postMessage({ channel: record.channel, thread_ts: record.ts, ...alertNotice(record.alert, effect.notice) });
    }
    if (this.deps.runbooks && record.status === 'open' && record.guidance?.severity !== record.alert.severity) await this.enrich(record);
  }

  private async post(record: AlertRecord): Promise<AlertRecord> {
    let posted: { ts?: string; channel?: string };
    try {
      posted = await this.deps.client.chat.postMessage({ channel: record.channel, ...alertMessage(this.view(record, Boolean(this.deps.runbooks))) });
    } catch (error) {
      // Let the next delivery post it rather than wait out the claim.
      await updateAlertRecord(this.deps.store, record.fingerprint, (current) => (current && !current.ts ? { record: { ...current, posting_until: undefined }, result: true } : null));
      throw error;
    }
    const saved = await updateAlertRecord(this.deps.store, record.fingerprint, (current) => ({
      record: { ...(current ?? record), ts: posted.ts, channel: posted.channel ?? record.channel, posting_until: undefined, posted_at: this.now() },
      result: true,
    }));
    const stored = saved!.record;
    // Alerts that came while this one was being posted changed the record, not the message.
    if (stored.version > record.version + 1) await this.render(stored);
    return stored;
  }

  private async enrich(record: AlertRecord): Promise<void> {
    let guidance: AlertGuidance | null = null;
    try {
      guidance = await enrichAlert(record.alert, this.deps.runbooks!);
    } catch (error) {
      this.logger.warn(`runbook retrieval failed for alert ${record.fingerprint}: ${(error as Error).message}`);
    }
    const saved = await updateAlertRecord(this.deps.store, record.fingerprint, (current) => (current ? { record: { ...current, guidance: guidance ?? current.guidance }, result: true } : null));
    if (saved) await this.render(saved.record, false);
  }

  /** Edits the message to show the record as stored. */
  private async render(record: AlertRecord, enriching = Boolean(this.deps.runbooks) && !record.guidance): Promise<void> {
    if (!record.ts || record.suppressed) return;
    await this.deps.client.chat.update({ channel: record.channel, ts: record.ts, ...alertMessage(this.view(record, enriching)) });
  }

  private view(record: AlertRecord, enriching: boolean): AlertMessageView {
    const alias = this.deps.config.accounts.find((a) => a.id === record.alert.account)?.alias;
    return {
      alert: record.alert,
      ...(alias ? { accountAlias: alias } : {}),
      status: record.status,
      ...(record.resolved_by ? { resolvedBy: record.resolved_by } : {}),
      ...(record.resolved_at ? { resolvedAt: record.resolved_at } : {}),
      ...(record.acknowledged_by ? { acknowledgedBy: record.acknowledged_by, acknowledgedAt: record.acknowledged_at } : {}),
      ...(record.snoozed_until && Date.parse(record.snoozed_until) > this.now() ? { snoozedUntil: record.snoozed_until, snoozedBy: record.snoozed_by } : {}),
      ...(record.guidance ? { guidance: record.guidance } : {}),
      enriching: enriching && !record.guidance,
    };
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}
