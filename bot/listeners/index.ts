import type { App } from '@slack/bolt';
import type { BotDependencies } from '../dependencies.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import * as events from './events/index.js';
import * as workspaces from './middleware/workspace-allowlist.js';

export function registerListeners(app: App, deps: BotDependencies): void {
  // First: a request from another workspace goes no further.
  workspaces.register(app, deps);
  commands.register(app, deps);
  events.register(app, deps);
  actions.register(app, deps);
}
