import type { WebClient } from '@slack/web-api';
import { answerMessages } from '../../blocks/investigation/answer.js';
import { errorMessage } from '../../blocks/investigation/error.js';
import { progressMessage } from '../../blocks/investigation/progress.js';
import type { InvestigationOutcome, InvestigationRequest } from '../../agents/investigate.js';
import type { InvestigationStatus } from '../../agents/result.js';
import type { PreviousTurn } from '../../agents/planner/plan.js';
import type { ProgressEvent } from '../../agents/events.js';
import type { SessionStore } from '../sessions/session-store.js';
import { sessionKeys } from '../sessions/session-store.js';
import { AccessRefusal } from '../slack/channel-policy.js';
import type { InvestigationJob } from './investigation-job.js';
import type { InvestigationStore } from './investigation-store.js';
import { ProgressMessage } from './progress-message.js';

/** Runs one investigation: the agents behind the same contract wherever they run (in process, AgentCore). */
export type Investigator = (request: InvestigationRequest, onProgress: (event: ProgressEvent) => void) => Promise<InvestigationOutcome>;

export interface WorkerDeps {
  client: WebClient;
  /** A client that rejects rate-limited calls at once, for progress edits that may be dropped. */
  progressClient: WebClient;
  sessions: SessionStore;
  investigations: InvestigationStore;
  investigator: Investigator;
  /** Accounts the channel may query (its policy), or undefined for all. */
  /** Accounts the conversation may query (a channel's policy, or the asker's in a DM); throws AccessRefusal where none may be. */
  allowedAccounts(channelId: string, userId: string): Promise<string[] | undefined>;
  timeZoneOf(userId: string): Promise<string>;
  logger: Pick<Console, 'error' | 'warn'>;
  now?: () => Date;
}

/**
 * The worker's side of an investigation: runs it, edits the progress message live, posts the
 * answer in the thread and remembers the turn. Every path ends in a terminal message, and says how it ended.
 */
export async function runInvestigationJob(job: InvestigationJob, deps: WorkerDeps): Promise<InvestigationStatus> {
  const progress = new ProgressMessage({ client: deps.progressClient, channel: job.channelId, ts: job.progressTs, render: progressMessage, startedAt: job.acceptedAt, notBoring: job.flags.notBoring });
  const key = sessionKeys.thread(job.teamId, job.channelId, job.threadTs);
  try {
    await deps.client.assistant.threads.setStatus({ channel_id: job.channelId, thread_ts: job.threadTs, status: 'is investigating…' }).catch((error) => deps.logger.warn('[cia:slack] setStatus failed', error));
    const [timeZone, allowedAccounts, previous] = await Promise.all([
      deps.timeZoneOf(job.userId).catch(() => 'UTC'),
      deps.allowedAccounts(job.channelId, job.userId),
      job.flags.clean ? Promise.resolve(undefined) : previousTurn(deps.sessions, key, deps.logger),
    ]);
    const { result, turn } = await deps.investigator(
      {
        question: job.question, sessionId: (await deps.sessions.get(key).catch(() => undefined))?.session_id ?? job.id, now: deps.now?.() ?? new Date(), timeZone, allowedAccounts, previous,
        actor: job.userId, clean: job.flags.clean, investigationId: job.id,
      },
      (event) => progress.add({ type: event.type, message: event.message, ...(event.source ? { source: event.source } : {}) }, typeof event.data?.scope === 'string' ? event.data.scope : undefined),
    );
    if (result.status === 'error') {
      await postError(job, deps, result.answer);
      await progress.finish('failed', result.answer);
    } else {
      for (const message of answerMessages({ result, question: job.question, timeZone, investigationId: job.id })) {
        await deps.client.chat.postMessage({ channel: job.channelId, thread_ts: job.threadTs, ...message });
      }
      await progress.finish('done');
    }
    await remember(job, deps, key, result.status, result.queries, job.flags.clean ? undefined : turn);
    return result.status;
  } catch (error) {
    const reason = (error as Error).message;
    // A policy refusal is an answer, said as it is; anything else is a failure around the agents.
    const refused = error instanceof AccessRefusal;
    if (!refused) deps.logger.error('[cia:worker] investigation failed', error);
    await postError(job, deps, refused ? reason : `Something broke while investigating: ${reason}`).catch((postFailure) => deps.logger.error('[cia:worker] could not post the error', postFailure));
    await progress.finish('failed', reason).catch((editFailure) => deps.logger.error('[cia:worker] could not end the progress message', editFailure));
    // The question still counts in its session and the investigation records how it ended.
    await remember(job, deps, key, refused ? 'refused' : 'error', [], undefined);
    return refused ? 'refused' : 'error';
  }
}

async function previousTurn(sessions: SessionStore, key: string, logger: WorkerDeps['logger']): Promise<PreviousTurn | undefined> {
  try {
    const session = await sessions.get(key);
    return session?.last_turn ? (JSON.parse(session.last_turn) as PreviousTurn) : undefined;
  } catch (error) {
    // Without memory the question is still answered, just without the thread's context.
    logger.warn('[cia:memory] could not read the thread\'s previous question', error);
    return undefined;
  }
}

async function postError(job: InvestigationJob, deps: WorkerDeps, reason: string): Promise<void> {
  await deps.client.chat.postMessage({ channel: job.channelId, thread_ts: job.threadTs, ...errorMessage({ reason, investigationId: job.id }) });
}

async function remember(job: InvestigationJob, deps: WorkerDeps, key: string, status: string, queries: unknown[], turn: PreviousTurn | undefined): Promise<void> {
  const results = await Promise.allSettled([
    deps.sessions.recordQuestion(key, turn ? JSON.stringify(turn) : undefined),
    deps.investigations.recordOutcome(job.id, status, queries),
  ]);
  for (const result of results) if (result.status === 'rejected') deps.logger.warn('[cia:sessions] could not record the question', result.reason);
}
