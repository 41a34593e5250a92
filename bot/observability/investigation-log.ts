import { formatUsd } from '../../blocks/format.js';
import { createHash } from 'node:crypto';
import type { ProgressEvent } from '../../agents/events.js';
import type { QueryRecord, InvestigationResult, InvestigationStatus } from '../../agents/result.js';
import type { AnswerInvocation } from '../../agents/runtime/runtime-server.js';
import type { Investigator } from '../investigations/run-investigation-job.js';
import { RedactingLogger } from '../logging/redacting-logger.js';

type Log = Pick<Console, 'info' | 'warn'>;

const QUESTION_LENGTH = 500;

/**
 * One investigation told in tagged log lines, from what the agents report anyway (progress
 * events, the result), written at the edge that runs it (the worker, the agent runtime). Read
 * in order, they answer "why did it answer that?":
 *
 * - `[cia:plan]` the question, and how it was understood: source and scope
 * - `[cia:status]` routing, queries running, rows found, memory recalled
 * - `[cia:guard]` each guard intervention, with its reason
 * - `[cia:error]` what failed
 * - `[cia:query]` each query run: source, engine, a hash of its SQL (the SQL itself is kept
 *   with the investigation, behind Show SQL), rows, time
 * - `[cia:model]` the model, its tokens and their estimated cost
 * - `[cia:answer]` how it ended, and whether the answer was grounded in the evidence
 *
 * (`[cia:memory]` lines come from the agents themselves.)
 */
export class InvestigationLog {
  /** Counted as the events pass, for a metric. */
  guardInterventions = 0;
  /** The agents' result, once they gave one. */
  result: InvestigationResult | undefined;

  constructor(
    private readonly log: Log,
    /** Told the session once the investigator knows it (for a log key). */
    private readonly onSession: (sessionId: string) => void = () => {},
  ) {}

  /** The investigator, watched: its question, progress and result pass through this log. */
  watch(investigator: Investigator): Investigator {
    return async (request, onProgress) => {
      this.onSession(request.sessionId);
      this.question(request.question);
      const outcome = await investigator(request, (event) => {
        this.progress(event);
        onProgress(event);
      });
      this.outcome(outcome.result);
      return outcome;
    };
  }

  question(text: string): void {
    const flat = text.replace(/\s+/g, ' ').trim();
    this.log.info(`[cia:plan] question "${flat.length > QUESTION_LENGTH ? `${flat.slice(0, QUESTION_LENGTH - 1)}…` : flat}"`);
  }

  progress(event: ProgressEvent): void {
    const source = event.source ? ` · source ${event.source}` : '';
    switch (event.type) {
      case 'status':
        // The planner's step is the one that carries the scope.
        if (typeof event.data?.scope === 'string') this.log.info(`[cia:plan] ${event.message}${source} · scope ${event.data.scope}`);
        else this.log.info(`[cia:status] ${event.message}${source}`);
        return;
      case 'guard':
        this.guardInterventions += 1;
        this.log.info(`[cia:guard] ${event.message}${source}`);
        return;
      case 'error':
        this.log.warn(`[cia:error] ${event.message}${source}`);
        return;
      case 'tokens':
        // The [cia:model] line says it, with the cost.
        return;
    }
  }

  outcome(result: InvestigationResult): void {
    this.result = result;
    for (const query of result.queries) this.log.info(`[cia:query] ${describeQuery(query)}`);
    const cost = result.cost_usd === null ? 'price unknown' : result.cost_usd === 0 ? 'no cost' : `≈ ${formatUsd(result.cost_usd)}`;
    this.log.info(`[cia:model] ${result.model} · ${result.tokens.input} in · ${result.tokens.output} out · ${cost}`);
  }

  /** The last line: how the investigation ended, whatever happened on the way. */
  end(status: InvestigationStatus): void {
    const result = this.result?.status === status ? this.result : undefined;
    const details = result && (status === 'answered' || status === 'no_data')
      ? [
        result.ungrounded?.length ? `ungrounded: ${result.ungrounded.join(', ')}` : 'grounded in the evidence',
        `${rows(result.rows.length)} from ${result.sources.join(', ') || 'no source'}`,
      ]
      : [];
    this.log.info(['[cia:answer] ' + status, ...details, ...(result ? [`${result.timings.total_ms} ms`] : [])].join(' · '));
  }
}

/**
 * The agent runtime's answers, each told in tagged console lines (secrets redacted) that name
 * its investigation and session, as the runtime has no structured log to carry them as keys.
 */
export function toldAnswers(answer: AnswerInvocation, secrets: readonly string[]): AnswerInvocation {
  return async (invocation, onProgress) => {
    const log = new RedactingLogger(console, secrets);
    const session = invocation.session_id ?? invocation.sessionId;
    log.setName(['cia', ...(invocation.investigation_id ? [`investigation=${invocation.investigation_id}`] : []), ...(session ? [`session=${session}`] : [])].join(' '));
    const story = new InvestigationLog(log);
    story.question(invocation.prompt);
    const outcome = await answer(invocation, (event) => {
      story.progress(event);
      onProgress(event);
    });
    story.outcome(outcome.result);
    story.end(outcome.result.status);
    return outcome;
  };
}

function describeQuery(query: QueryRecord): string {
  const what = query.sql ? `sql ${sqlHash(query.sql)}` : `request ${query.request ?? ''}`;
  return [`${query.source} on ${query.engine}`, what, rows(query.row_count), `${query.ms} ms`, ...(query.capped ? ['capped'] : [])].join(' · ');
}

const rows = (count: number) => `${count} row${count === 1 ? '' : 's'}`;

/** Names a statement in a log line without its values: the same SQL always has the same hash. */
export function sqlHash(sql: string): string {
  return createHash('sha256').update(sql).digest('hex').slice(0, 12);
}
