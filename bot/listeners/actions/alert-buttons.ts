import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { SNOOZE_CHOICES } from '../../../blocks/alert/alert-message.js';
import { slackDate } from '../../../blocks/format.js';
import { noticeBlocks } from '../../../blocks/notice.js';
import { alertQuestion } from '../../../pipeline-infra/alerts/alert-question.js';
import type { AlertPoster } from '../../alerts/alert-poster.js';
import type { BotDependencies } from '../../dependencies.js';
import { startInvestigation } from '../../investigations/start-investigation.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

function notify(args: ButtonArgs, title: string, detail: string): Promise<unknown> {
  return args.respond({ response_type: 'ephemeral', replace_original: false, ...noticeBlocks(title, detail) });
}

/** The alert desk, or a private word that alerts are not wired in this deployment. */
async function alertsOf(args: ButtonArgs, deps: BotDependencies): Promise<AlertPoster | undefined> {
  if (!deps.alerts) await notify(args, 'Alerts are not set up here', 'This cia has no alert store: the button cannot act.');
  return deps.alerts;
}

/** Investigate: an investigation in the alert's thread, scoped to its account, target and time window. */
export function investigateAlertCallback(deps: BotDependencies) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    if (!(await deps.dedupe.claim(`action:${args.body.trigger_id}`))) return;
    const alerts = await alertsOf(args, deps);
    if (!alerts) return;
    const record = args.action.value ? await alerts.get(args.action.value) : undefined;
    if (!record?.ts) {
      await notify(args, 'That alert is gone', 'It expired from the alert store.');
      return;
    }
    await startInvestigation(
      {
        teamId: args.body.team?.id ?? '', channelId: args.body.channel?.id ?? record.channel, userId: args.body.user.id,
        question: alertQuestion(record.alert, Date.now()), flags: { new: false, clean: false, notBoring: false },
        thread: { kind: 'existing', threadTs: record.ts },
      },
      { client: args.client, ...deps },
    );
  };
}

export function acknowledgeAlertCallback(deps: BotDependencies) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const alerts = await alertsOf(args, deps);
    if (!alerts || !args.action.value) return;
    const record = await alerts.acknowledge(args.action.value, args.body.user.id);
    if (!record) await notify(args, 'Nothing to acknowledge', 'This alert is already resolved.');
  };
}

export function snoozeAlertCallback(deps: BotDependencies, hours: (typeof SNOOZE_CHOICES)[number]['hours']) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const alerts = await alertsOf(args, deps);
    if (!alerts || !args.action.value) return;
    const record = await alerts.snooze(args.action.value, args.body.user.id, hours);
    if (!record?.snoozed_until) {
      await notify(args, 'That alert is gone', 'It expired from the alert store.');
      return;
    }
    await notify(args, `Snoozed for ${hours} h`, `No new alert for ${record.alert.target} (${record.alert.kind}) will be posted until ${slackDate(record.snoozed_until)}; this message keeps updating.`);
  };
}

export function resolveAlertCallback(deps: BotDependencies) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const alerts = await alertsOf(args, deps);
    if (!alerts || !args.action.value) return;
    const record = await alerts.resolve(args.action.value, args.body.user.id);
    if (!record) await notify(args, 'Already resolved', 'Someone, or the detector, resolved it first.');
  };
}
