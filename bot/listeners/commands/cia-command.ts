import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { answerCiaCommand, answersAtOnce } from '../../commands/answer-command.js';
import { parseCiaCommand } from '../../commands/cia-command.js';
import type { BotDependencies } from '../../dependencies.js';

/** `/cia …`: answers that need no I/O ride on the ack; the rest are acked first, then sent. */
export function ciaCommandCallback(deps: BotDependencies) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const parsed = parseCiaCommand(command.text);
    if (answersAtOnce(parsed)) {
      await ack({ response_type: 'ephemeral', ...(await answerCiaCommand(parsed, deps)) });
      return;
    }
    await ack();
    await respond({ response_type: 'ephemeral', ...(await answerCiaCommand(parsed, deps)) });
  };
}
