import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { feedbackAck } from '../../../blocks/feedback.js';
import { sqlMessage } from '../../../blocks/investigation/sql.js';
import { noticeBlocks } from '../../../blocks/notice.js';
import type { BotDependencies } from '../../dependencies.js';
import { startInvestigation } from '../../investigations/start-investigation.js';
import { sessionKeys, sessionTitle } from '../../sessions/session-store.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** The investigation a button belongs to; the button's value is its id. */
async function clickedInvestigation({ action, respond }: ButtonArgs, deps: BotDependencies) {
  const record = action.value ? await deps.investigations.get(action.value) : undefined;
  if (!record) await respond({ response_type: 'ephemeral', replace_original: false, ...noticeBlocks('That investigation is gone', 'It expired or was deleted: ask the question again.') });
  return record;
}

/** "Show SQL": the statements as they ran, shown only to whoever clicked. */
export function showSqlCallback(deps: BotDependencies) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const record = await clickedInvestigation(args, deps);
    if (!record) return;
    await args.respond({ response_type: 'ephemeral', replace_original: false, ...sqlMessage({ queries: record.queries ? JSON.parse(record.queries) : [] }) });
  };
}

/** "Re-run" and "Retry": the same question again, in the same thread. */
export function rerunCallback(deps: BotDependencies) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    if (!(await deps.dedupe.claim(`action:${args.body.trigger_id}`))) return;
    const record = await clickedInvestigation(args, deps);
    if (!record) return;
    const { job } = record;
    await startInvestigation(
      { teamId: job.teamId, channelId: job.channelId, userId: args.body.user.id, question: job.question, flags: { ...job.flags, new: false }, thread: { kind: 'existing', threadTs: job.threadTs } },
      { client: args.client, ...deps },
    );
  };
}

/** "New session": the thread's next question starts with no earlier context. */
export function newSessionCallback(deps: BotDependencies) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const record = await clickedInvestigation(args, deps);
    if (!record) return;
    const { job } = record;
    await deps.sessions.open(
      { key: sessionKeys.thread(job.teamId, job.channelId, job.threadTs), user_id: args.body.user.id, title: sessionTitle(job.question), team_id: job.teamId, channel_id: job.channelId, thread_ts: job.threadTs },
      { fresh: true },
    );
    await args.respond({ response_type: 'ephemeral', replace_original: false, ...noticeBlocks('New session', 'The next question in this thread starts afresh: earlier questions are no longer used as context.') });
  };
}

/** 👍 / 👎: stored with the investigation, acknowledged privately. */
export function feedbackCallback(deps: BotDependencies, kind: 'up' | 'down') {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const record = await clickedInvestigation(args, deps);
    if (!record) return;
    await deps.investigations.recordFeedback(record.id, args.body.user.id, kind);
    await args.respond({ response_type: 'ephemeral', replace_original: false, ...feedbackAck(kind) });
  };
}
