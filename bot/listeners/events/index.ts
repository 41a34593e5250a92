import type { App } from '@slack/bolt';
import type { BotDependencies } from '../../dependencies.js';
import { appMentionCallback } from './app-mention.js';

export function register(app: App, deps: BotDependencies): void {
  app.event('app_mention', appMentionCallback(deps));
}
