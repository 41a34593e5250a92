import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { answerSubcommand, helpFor, helpMessage, jobFlags } from '../../commands/answer-command.js';
import { parseCiaCommand } from '../../commands/cia-command.js';
import type { BotDependencies } from '../../dependencies.js';
import { startInvestigation } from '../../investigations/start-investigation.js';
import { userTimeZone } from '../../slack/user-time-zone.js';

/** `/cia …`: help rides on the ack; a question starts an investigation thread; sub-commands answer privately. */
export function ciaCommandCallback(deps: BotDependencies) {
  return async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const parsed = parseCiaCommand(command.text);
    if (parsed.kind === 'help') {
      await ack({ response_type: 'ephemeral', ...helpFor(parsed, deps) });
      return;
    }
    if (parsed.kind === 'subcommand' && parsed.name === 'help') {
      await ack({ response_type: 'ephemeral', ...helpMessage(deps) });
      return;
    }
    await ack();
    // Slack re-delivers a command whose ack was late: the trigger id makes it one investigation.
    if (!(await deps.dedupe.claim(`command:${command.trigger_id}`))) return;
    if (parsed.kind === 'question') {
      await startInvestigation(
        { teamId: command.team_id, channelId: command.channel_id, userId: command.user_id, question: parsed.question, flags: jobFlags(parsed.flags), thread: { kind: 'new' } },
        { client, ...deps },
      );
      return;
    }
    const timeZone = await userTimeZone(client, command.user_id);
    await respond({ response_type: 'ephemeral', ...(await answerSubcommand(parsed.name, parsed.args, { userId: command.user_id, timeZone, client }, deps)) });
  };
}
