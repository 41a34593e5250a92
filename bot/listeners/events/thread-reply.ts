import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { jobFlags } from '../../commands/answer-command.js';
import { parseCiaCommand } from '../../commands/cia-command.js';
import type { BotDependencies } from '../../dependencies.js';
import { startInvestigation } from '../../investigations/start-investigation.js';
import { sessionKeys } from '../../sessions/session-store.js';

/**
 * A reply in an investigation's thread is a follow-up in that thread's session. Bot messages,
 * edits, deletions, top-level messages and other threads are not questions.
 */
export function threadReplyCallback(deps: BotDependencies) {
  return async ({ event, body, client, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    if (event.subtype !== undefined || !('thread_ts' in event) || !event.thread_ts || event.thread_ts === event.ts || 'bot_id' in event && event.bot_id) return;
    const teamId = context.teamId ?? body.team_id;
    if (!(await deps.sessions.get(sessionKeys.thread(teamId, event.channel, event.thread_ts)))) return;
    if (!(await deps.dedupe.claim(`event:${body.event_id}`))) return;
    const text = (event.text ?? '').replace(new RegExp(`<@${context.botUserId ?? '[A-Z0-9]+'}>`, 'g'), ' ');
    const parsed = parseCiaCommand(text);
    const question = parsed.kind === 'question' ? parsed.question : text.trim();
    if (!question) return;
    await startInvestigation(
      { teamId, channelId: event.channel, userId: event.user, question, flags: jobFlags(parsed.flags), thread: { kind: 'existing', threadTs: event.thread_ts } },
      { client, ...deps },
    );
  };
}
