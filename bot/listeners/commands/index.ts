import type { App } from '@slack/bolt';
import type { BotDependencies } from '../../dependencies.js';
import { ciaCommandCallback } from './cia-command.js';

export function register(app: App, deps: BotDependencies): void {
  app.command(deps.command, ciaCommandCallback(deps));
}
