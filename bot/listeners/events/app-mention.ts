import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerCiaCommand } from '../../commands/answer-command.js';
import { parseCiaCommand } from '../../commands/cia-command.js';
import type { BotDependencies } from '../../dependencies.js';

/** `@cia …` in a channel: answered in the mention's thread. */
export function appMentionCallback(deps: BotDependencies) {
  return async ({ event, client, context }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    const text = event.text.replace(new RegExp(`<@${context.botUserId ?? '[A-Z0-9]+'}>`, 'g'), ' ');
    const answer = await answerCiaCommand(parseCiaCommand(text), deps);
    await client.chat.postMessage({ channel: event.channel, thread_ts: event.thread_ts ?? event.ts, ...answer });
  };
}
