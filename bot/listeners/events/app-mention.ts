import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerSubcommand, helpFor, jobFlags } from '../../commands/answer-command.js';
import { parseCiaCommand } from '../../commands/cia-command.js';
import type { BotDependencies } from '../../dependencies.js';
import { startInvestigation } from '../../investigations/start-investigation.js';
import { sessionKeys } from '../../sessions/session-store.js';
import { userTimeZone } from '../../slack/user-time-zone.js';

/**
 * `@cia …` in a channel starts an investigation whose thread is the mention's own. A mention
 * inside a thread that already is an investigation is a follow-up: the thread-reply listener has it.
 */
export function appMentionCallback(deps: BotDependencies) {
  return async ({ event, body, client, context }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    const teamId = context.teamId ?? body.team_id;
    if (event.thread_ts && (await deps.sessions.get(sessionKeys.thread(teamId, event.channel, event.thread_ts)))) return;
    if (!(await deps.dedupe.claim(`event:${body.event_id}`))) return;
    const text = event.text.replace(new RegExp(`<@${context.botUserId ?? '[A-Z0-9]+'}>`, 'g'), ' ');
    const parsed = parseCiaCommand(text);
    const threadTs = event.thread_ts ?? event.ts;
    const user = event.user ?? '';
    if (parsed.kind === 'question') {
      await startInvestigation({ teamId, channelId: event.channel, userId: user, question: parsed.question, flags: jobFlags(parsed.flags), thread: { kind: 'existing', threadTs } }, { client, ...deps });
      return;
    }
    const answer = parsed.kind === 'help' ? helpFor(parsed, deps) : await answerSubcommand(parsed.name, parsed.args, { userId: user, timeZone: await userTimeZone(client, user), client }, deps);
    await client.chat.postMessage({ channel: event.channel, thread_ts: threadTs, ...answer });
  };
}
