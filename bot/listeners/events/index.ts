import type { App } from '@slack/bolt';
import type { BotDependencies } from '../../dependencies.js';
import { appHomeOpenedCallback } from './app-home-opened.js';
import { appMentionCallback } from './app-mention.js';
import { threadReplyCallback } from './thread-reply.js';

export function register(app: App, deps: BotDependencies): void {
  app.event('app_mention', appMentionCallback(deps));
  app.event('message', threadReplyCallback(deps));
  app.event('app_home_opened', appHomeOpenedCallback(deps));
}
