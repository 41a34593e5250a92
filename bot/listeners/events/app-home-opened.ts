import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { appHomeView } from '../../../blocks/app-home.js';
import { recentSessions } from '../../commands/answer-command.js';
import type { BotDependencies } from '../../dependencies.js';
import { runHealthChecks } from '../../health/health-checks.js';
import { userTimeZone } from '../../slack/user-time-zone.js';

/** The App Home tab: the user's recent investigations and the bot's health. */
export function appHomeOpenedCallback(deps: BotDependencies) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    const [sessions, health, timeZone] = await Promise.all([recentSessions({ userId: event.user, client }, deps), runHealthChecks(deps.healthChecks), userTimeZone(client, event.user)]);
    await client.views.publish({ user_id: event.user, view: appHomeView({ sessions, health, timeZone }) });
  };
}
