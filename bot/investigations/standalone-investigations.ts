import { randomUUID } from 'node:crypto';
import type { ProgressEvent } from '../../agents/events.js';
import type { InvestigationOutcome } from '../../agents/investigate.js';
import type { PreviousTurn } from '../../agents/planner/plan.js';
import type { QueryRunnerOptions } from '../../pipeline-infra/query/open-query-runner.js';
import { readEnv, type StorageEnv } from '../../pipeline-infra/config/env.js';
import type { OrgConfig } from '../../pipeline-infra/config/org-config.js';

/** One question outside Slack: `cia ask`, or the agent runtime serving an invocation. */
export interface StandaloneQuestion {
  question: string;
  /** Who asks: whose sessions and memory. */
  user: string;
  /** The session to continue (created if absent); none: a one-off question. */
  sessionKey?: string;
  /** Start the session afresh. */
  fresh?: boolean;
  /** A session the caller keeps (the Slack worker through the agent runtime): its id and previous turn; nothing of it is stored here. */
  callerSession?: { id: string; previous?: PreviousTurn };
  /** No memory read or written. */
  clean?: boolean;
  now?: Date;
  timeZone: string;
  /** Accounts this conversation may query (a channel's policy); undefined means all. */
  allowedAccounts?: string[];
  /** Recognises a retried save to memory. */
  investigationId?: string;
}

export interface StandaloneInvestigations {
  ask(question: StandaloneQuestion, onProgress: (event: ProgressEvent) => void): Promise<InvestigationOutcome>;
  close(): Promise<void>;
}

/**
 * The agents with everything they read and remember, opened once for any number of questions:
 * the lake's query runner, the read APIs, the model, memory, and the session store that carries a
 * session's previous question to its follow-up.
 */
export async function openStandaloneInvestigations(options: {
  lakeDir: string;
  /** Where the lake is queried; default: DuckDB over lakeDir (whose API snapshots are read either way). */
  queries?: QueryRunnerOptions;
  config: OrgConfig;
  storage: StorageEnv;
  sessions: boolean;
  warn: (line: string) => void;
}): Promise<StandaloneInvestigations> {
  // Loaded on use, one after another (concurrent dynamic imports trip jest's ESM loader).
  const { investigate } = await import('../../agents/investigate.js');
  const { openQueryRunner } = await import('../../pipeline-infra/query/open-query-runner.js');
  const { modelProviderFor } = await import('../../agents/models/model-provider.js');
  const { modelEnvSchema } = await import('../../agents/models/model-config.js');
  const { openStorage } = await import('../storage/open-storage.js');
  const { apiEnvSchema, openApiSources } = await import('../../pipeline-infra/api-sources/open-api-sources.js');
  const { sessionTitle } = await import('../sessions/session-store.js');
  const { memoryEnvSchema, openMemoryStore } = await import('../../agents/memory/open-memory-store.js');
  const [queries, store] = await Promise.all([openQueryRunner(options.queries ?? { lakeDir: options.lakeDir }), options.sessions ? openStorage(options.storage, { embedded: true }) : undefined]);
  const deps = {
    config: options.config,
    runner: queries.runner,
    apis: await openApiSources({ env: readEnv(apiEnvSchema), lakeDir: options.lakeDir, config: options.config }),
    models: await modelProviderFor(readEnv(modelEnvSchema)),
    log: { info: () => {}, warn: options.warn },
  };
  const memory = await openMemoryStore({ ...readEnv(memoryEnvSchema), CIA_DATA_DIR: options.storage.CIA_DATA_DIR });
  return {
    async ask(q, onProgress) {
      const key = q.sessionKey;
      const session = store && key ? await store.sessions.open({ key, user_id: q.user, title: sessionTitle(q.question) }, { fresh: q.fresh }) : undefined;
      const previous = session?.last_turn ? JSON.parse(session.last_turn) : q.callerSession?.previous;
      const outcome = await investigate(
        {
          question: q.question, sessionId: session?.session_id ?? q.callerSession?.id ?? randomUUID(), now: q.now ?? new Date(), timeZone: q.timeZone,
          allowedAccounts: q.allowedAccounts, previous, actor: q.user, clean: q.clean, investigationId: q.investigationId,
        },
        { ...deps, memory: q.clean ? undefined : memory },
        onProgress,
      );
      if (store && key) await store.sessions.recordQuestion(key, outcome.turn ? JSON.stringify(outcome.turn) : session?.last_turn);
      return outcome;
    },
    close: async () => {
      await Promise.all([queries.close(), store?.close()]);
    },
  };
}
