import type { KnownBlock } from '@slack/types';
import { healthBlocks } from '../../blocks/health.js';
import { helpBlocks } from '../../blocks/help.js';
import { noticeBlocks } from '../../blocks/notice.js';
import type { BotDependencies } from '../dependencies.js';
import { runHealthChecks } from '../health/health-checks.js';
import { EXAMPLE_QUESTIONS, FLAGS, SUBCOMMANDS, type CiaCommand } from './cia-command.js';

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export function helpMessage(deps: Pick<BotDependencies, 'command' | 'botName'>, notice?: string): SlackMessage {
  return helpBlocks({ command: deps.command, botName: deps.botName, subcommands: SUBCOMMANDS, flags: FLAGS, examples: EXAMPLE_QUESTIONS, ...(notice ? { notice } : {}) });
}

/** Whether the answer needs no I/O, so it can go back in the acknowledgement itself. */
export function answersAtOnce(command: CiaCommand): boolean {
  return command.kind === 'help' || (command.kind === 'subcommand' && command.name === 'help');
}

/** What cia answers to a parsed `/cia` command or mention. */
export async function answerCiaCommand(command: CiaCommand, deps: BotDependencies): Promise<SlackMessage> {
  if (command.kind === 'help') {
    return helpMessage(deps, command.reason === 'unknown_flag' ? `Unknown option ${command.detail}. The options are ${FLAGS.map((f) => f.flag).join(', ')}.` : undefined);
  }
  if (command.kind === 'question') {
    return noticeBlocks('Investigations are not available in this build yet', 'The investigation engine is being built; until it lands cia can show help and its health. Nothing was run.');
  }
  switch (command.name) {
    case 'help':
      return helpMessage(deps);
    case 'health':
      return healthBlocks(await runHealthChecks(deps.healthChecks), new Date());
    default:
      return noticeBlocks(`\`${deps.command} ${command.name}\` is not available in this build yet`, 'It arrives with the investigation engine. Nothing was changed.');
  }
}
