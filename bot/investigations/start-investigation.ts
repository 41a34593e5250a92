import { randomUUID } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import { errorMessage } from '../../blocks/investigation/error.js';
import { progressMessage } from '../../blocks/investigation/progress.js';
import { rootMessage } from '../../blocks/investigation/root.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { SessionStore } from '../sessions/session-store.js';
import { sessionKeys, sessionTitle } from '../sessions/session-store.js';
import type { InvestigationJob } from './investigation-job.js';
import type { InvestigationStore } from './investigation-store.js';

export interface StartDeps {
  client: WebClient;
  sessions: SessionStore;
  investigations: InvestigationStore;
  queue: JobQueue;
}

export interface StartRequest {
  teamId: string;
  channelId: string;
  userId: string;
  question: string;
  flags: InvestigationJob['flags'];
  /** A new thread (from /cia), or an existing one: the mention itself, or a follow-up's thread. */
  thread: { kind: 'new' } | { kind: 'existing'; threadTs: string };
}

/**
 * The slack function's part of an investigation (DESIGN §4): post the thread root when there is
 * none, post the progress message in the thread at once, open the thread's session, and hand the
 * job to the worker. Fast and bounded: it runs before the acknowledgement on Lambda.
 */
export async function startInvestigation(request: StartRequest, deps: StartDeps): Promise<InvestigationJob> {
  const acceptedAt = Date.now();
  const threadTs = request.thread.kind === 'existing'
    ? request.thread.threadTs
    : (await deps.client.chat.postMessage({ channel: request.channelId, ...rootMessage({ userId: request.userId, question: request.question, flags: flagNames(request.flags) }) })).ts!;
  const progress = await deps.client.chat.postMessage({
    channel: request.channelId,
    thread_ts: threadTs,
    ...progressMessage({ state: 'running', steps: [{ type: 'status', message: 'Reading the question…', at: acceptedAt }], startedAt: acceptedAt, ...(request.flags.notBoring ? { notBoring: true } : {}) }),
  });
  const job: InvestigationJob = {
    id: randomUUID(), teamId: request.teamId, channelId: request.channelId, threadTs, progressTs: progress.ts!,
    userId: request.userId, question: request.question, flags: request.flags, acceptedAt,
  };
  try {
    await deps.sessions.open(
      { key: sessionKeys.thread(request.teamId, request.channelId, threadTs), user_id: request.userId, title: sessionTitle(request.question), team_id: request.teamId, channel_id: request.channelId, thread_ts: threadTs },
      { fresh: request.flags.new },
    );
    await deps.investigations.save(job);
    await deps.queue.enqueue(job);
  } catch (error) {
    // The progress message is already in the thread: it must not be left running.
    const reason = `The investigation could not start: ${(error as Error).message}`;
    await deps.client.chat.update({ channel: request.channelId, ts: job.progressTs, ...progressMessage({ state: 'failed', steps: [], startedAt: acceptedAt, endedAt: Date.now(), failure: reason }) });
    await deps.client.chat.postMessage({ channel: request.channelId, thread_ts: threadTs, ...errorMessage({ reason, investigationId: job.id }) });
  }
  return job;
}

function flagNames(flags: InvestigationJob['flags']): string[] {
  return Object.entries(flags).filter(([, on]) => on).map(([name]) => `--${name === 'notBoring' ? 'notboring' : name}`);
}
