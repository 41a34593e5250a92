import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { healthBlocks } from '../../blocks/health.js';
import { helpBlocks } from '../../blocks/help.js';
import { historyMessage } from '../../blocks/history.js';
import { noticeBlocks } from '../../blocks/notice.js';
import { servicesMessage } from '../../blocks/services.js';
import type { BotDependencies } from '../dependencies.js';
import { runHealthChecks } from '../health/health-checks.js';
import { EXAMPLE_QUESTIONS, FLAGS, SUBCOMMANDS, type CiaCommand, type Flag, type Subcommand } from './cia-command.js';

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export function helpMessage(deps: Pick<BotDependencies, 'command' | 'botName'>, notice?: string): SlackMessage {
  return helpBlocks({ command: deps.command, botName: deps.botName, subcommands: SUBCOMMANDS, flags: FLAGS, examples: EXAMPLE_QUESTIONS, ...(notice ? { notice } : {}) });
}

/** Help for an empty command or an unknown option, naming what was wrong. */
export function helpFor(command: Extract<CiaCommand, { kind: 'help' }>, deps: Pick<BotDependencies, 'command' | 'botName'>): SlackMessage {
  return helpMessage(deps, command.reason === 'unknown_flag' ? `Unknown option ${command.detail}. The options are ${FLAGS.map((f) => f.flag).join(', ')}.` : undefined);
}

export interface Asker {
  userId: string;
  timeZone: string;
  client: WebClient;
}

/** `/cia help | history | delete <id> | health | services`. */
export async function answerSubcommand(name: Subcommand, args: string[], asker: Asker, deps: BotDependencies): Promise<SlackMessage> {
  switch (name) {
    case 'help':
      return helpMessage(deps);
    case 'health':
      return healthBlocks(await runHealthChecks(deps.healthChecks), new Date());
    case 'services':
      return servicesMessage(deps.sources);
    case 'history':
      return historyMessage({ sessions: await recentSessions(asker, deps), timeZone: asker.timeZone });
    case 'delete': {
      const id = args[0];
      if (!id) return noticeBlocks('Which investigation?', `Give its id: \`${deps.command} delete <id>\`. \`${deps.command} history\` lists your investigations with their ids.`);
      const deleted = await deps.sessions.deleteForUser(asker.userId, id);
      if (deleted) await deps.memory?.forget(asker.userId, id);
      return deleted
        ? noticeBlocks(`Deleted investigation ${id}`, 'Its session and what cia remembered of it are gone; the Slack thread stays.')
        : noticeBlocks(`No investigation ${id} of yours`, `\`${deps.command} history\` lists the ones you can delete.`);
    }
  }
}

/** The user's recent sessions with links to their threads. */
export async function recentSessions(asker: Pick<Asker, 'userId' | 'client'>, deps: Pick<BotDependencies, 'sessions'>) {
  const sessions = await deps.sessions.listForUser(asker.userId, 10);
  return Promise.all(
    sessions.map(async (s) => {
      const permalink = s.channel_id && s.thread_ts ? await asker.client.chat.getPermalink({ channel: s.channel_id, message_ts: s.thread_ts }).then((r) => r.permalink).catch(() => undefined) : undefined;
      return { session_id: s.session_id, title: s.title, question_count: s.question_count, last_active_at: s.last_active_at, ...(permalink ? { permalink } : {}) };
    }),
  );
}

export function jobFlags(flags: Flag[]): { new: boolean; clean: boolean; notBoring: boolean } {
  return { new: flags.includes('--new'), clean: flags.includes('--clean'), notBoring: flags.includes('--notboring') };
}
