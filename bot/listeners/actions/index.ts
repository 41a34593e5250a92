import type { App } from '@slack/bolt';
import { ACTION_IDS } from '../../../blocks/action-ids.js';
import { SNOOZE_CHOICES } from '../../../blocks/alert/alert-message.js';
import type { BotDependencies } from '../../dependencies.js';
import { acknowledgeAlertCallback, investigateAlertCallback, resolveAlertCallback, snoozeAlertCallback } from './alert-buttons.js';
import { healthButtonCallback } from './health-button.js';
import { feedbackCallback, newSessionCallback, rerunCallback, showSqlCallback } from './investigation-buttons.js';

export function register(app: App, deps: BotDependencies): void {
  app.action(ACTION_IDS.checkHealth, healthButtonCallback(deps));
  app.action(ACTION_IDS.showSql, showSqlCallback(deps));
  app.action(ACTION_IDS.rerun, rerunCallback(deps));
  app.action(ACTION_IDS.retry, rerunCallback(deps));
  app.action(ACTION_IDS.newSession, newSessionCallback(deps));
  app.action(ACTION_IDS.feedbackUp, feedbackCallback(deps, 'up'));
  app.action(ACTION_IDS.feedbackDown, feedbackCallback(deps, 'down'));
  app.action(ACTION_IDS.alertInvestigate, investigateAlertCallback(deps));
  app.action(ACTION_IDS.alertAcknowledge, acknowledgeAlertCallback(deps));
  for (const choice of SNOOZE_CHOICES) app.action(choice.actionId, snoozeAlertCallback(deps, choice.hours));
  app.action(ACTION_IDS.alertResolve, resolveAlertCallback(deps));
}
