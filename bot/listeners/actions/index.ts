import type { App } from '@slack/bolt';
import type { BotDependencies } from '../../dependencies.js';
import { ACTION_IDS } from '../../../blocks/action-ids.js';
import { healthButtonCallback } from './health-button.js';

export function register(app: App, deps: BotDependencies): void {
  app.action(ACTION_IDS.checkHealth, healthButtonCallback(deps));
}
