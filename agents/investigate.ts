import type { ApiSources } from '../pipeline-infra/api-sources/open-api-sources.js';
import type { OrgConfig } from '../pipeline-infra/config/org-config.js';
import { composeAnswer, describeScope } from './answer/compose-answer.js';
import { ungroundedTokens } from './answer/grounding.js';
import { ProgressReporter, type ProgressSink } from './events.js';
import { AccountPolicyHook } from './hooks/account-policy-hook.js';
import { EmptyResultHook } from './hooks/empty-result-hook.js';
import { LimitRewriteHook } from './hooks/limit-rewrite-hook.js';
import { internalNamesIn, redactInternalNames } from './guard/internal-names.js';
import { InternalNamesHook } from './hooks/internal-names-hook.js';
import { MemoryHook } from './hooks/memory-hook.js';
import { OutputIntegrityHook } from './hooks/output-integrity-hook.js';
import { ProgressHook } from './hooks/progress-hook.js';
import { InvestigationLedger } from './ledger.js';
import type { MemoryStore } from './memory/memory-store.js';
import { estimateCostUsd } from './models/model-prices.js';
import type { ModelProvider } from './models/model-provider.js';
import type { Plan, PreviousTurn } from './planner/plan.js';
import { EXAMPLE_PHRASINGS, understandQuestion } from './planner/understand.js';
import type { InvestigationResult, InvestigationStatus } from './result.js';
import { createSupervisor } from './supervisor.js';
import type { QueryRunner } from './tools/query-tool.js';

export interface InvestigationRequest {
  question: string;
  sessionId: string;
  now: Date;
  timeZone: string;
  /** Accounts this conversation may query (a channel's policy); undefined means all. */
  allowedAccounts?: string[];
  previous?: PreviousTurn;
  /** Who asks (a Slack user, or `--user`): whose memory is read and written. No actor, no memory. */
  actor?: string;
  /** `--clean`: no memory read or written. */
  clean?: boolean;
  /** The investigation's id, which a saved exchange keeps (a retried save is recognised). */
  investigationId?: string;
}

export interface InvestigationDeps {
  config: OrgConfig;
  runner: QueryRunner;
  /** The read APIs (GuardDuty, Health…): the lake's snapshots or AWS; absent where none are configured. */
  apis?: ApiSources;
  models: ModelProvider;
  /** What is remembered across questions; absent: nothing is. */
  memory?: MemoryStore;
  /** Where `[cia:memory]` lines go. */
  log?: Pick<Console, 'info' | 'warn'>;
}

export interface InvestigationOutcome {
  result: InvestigationResult;
  /** What the session remembers for a follow-up; absent when nothing was understood. */
  turn?: PreviousTurn;
}

/**
 * One investigation, from a question to a terminal result, then remembered. Always resolves: every
 * failure ends in a result with status `error` and a message that says what failed.
 */
export async function investigate(request: InvestigationRequest, deps: InvestigationDeps, onProgress: ProgressSink = () => {}): Promise<InvestigationOutcome> {
  const outcome = await answer(request, deps, onProgress);
  await remember(request, deps, outcome.result);
  return outcome;
}

async function answer(request: InvestigationRequest, deps: InvestigationDeps, onProgress: ProgressSink): Promise<InvestigationOutcome> {
  const started = performance.now();
  const progress = new ProgressReporter(onProgress);
  const finish = (partial: Partial<InvestigationResult> & { status: InvestigationStatus; answer: string }, turn?: PreviousTurn): InvestigationOutcome => {
    const tokens = partial.tokens ?? { input: 0, output: 0 };
    return {
      result: {
        session_id: request.sessionId, sources: [], scope: { accounts: [], regions: [], from: null, to: null }, queries: [], rows: [],
        ...partial, tokens, model: deps.models.name, cost_usd: estimateCostUsd(tokens, deps.models.price), timings: { total_ms: Math.round(performance.now() - started) },
      },
      ...(turn ? { turn } : {}),
    };
  };

  const understanding = understandQuestion(request.question, { now: request.now, timeZone: request.timeZone, config: deps.config, allowedAccounts: request.allowedAccounts, previous: request.previous });
  if (understanding.kind === 'refuse') {
    progress.emit('guard', understanding.reason);
    return finish({ status: 'refused', answer: understanding.reason });
  }
  if (understanding.kind === 'clarify') {
    progress.emit('status', understanding.reason);
    return finish({ status: 'needs_clarification', answer: `${understanding.reason}\n\nTry for example:\n${understanding.suggestions.map((s) => `• ${s}`).join('\n')}` });
  }
  const plan = understanding.plan;
  const scope = { accounts: plan.scope.accounts.map((a) => a.id), regions: plan.scope.regions, from: plan.scope.from, to: plan.scope.to };
  progress.emit('status', `Question understood: ${plan.subject}${plan.conditions.length ? ` ${plan.conditions.join(', ')}` : ''}`, { source: plan.source, data: { scope: describeScope(plan.scope), ...scope } });

  const ledger = new InvestigationLedger();
  try {
    const plugins = () => [new ProgressHook(progress), new LimitRewriteHook(), ...(request.allowedAccounts ? [new AccountPolicyHook(request.allowedAccounts)] : []), new EmptyResultHook()];
    const supervisor = createSupervisor(
      plan,
      deps.models.supervisor(plan),
      { model: () => deps.models.subagent(plan), runner: deps.runner, apis: deps.apis, ledger, plugins, now: request.now, traceAttributes: traceAttributes(request) },
      [...plugins(), new OutputIntegrityHook(ledger), new InternalNamesHook(), ...memoryHooks(request, deps, plan, progress)],
    );
    const agentResult = await supervisor.invoke(plan.question);
    // The sub-agents' tokens are in the ledger already: an agent's usage does not include its agents-as-tools'.
    const usage = supervisor.metrics.accumulatedUsage;
    ledger.recordTokens(usage.inputTokens, usage.outputTokens);
    if (deps.models.reasons) progress.emit('tokens', `${ledger.tokens.input} input and ${ledger.tokens.output} output tokens`, { data: { ...ledger.tokens } });

    if (agentResult.stopReason === 'guardrailIntervened') {
      progress.emit('guard', 'Bedrock Guardrails blocked the request');
      return finish({ status: 'refused', answer: GUARDRAIL_REFUSAL, sources: [plan.source], scope, tokens: { ...ledger.tokens } });
    }
    const modelText = withoutInternalNames(agentResult.toString().trim(), progress);
    const failed = ledger.queries.length === 0;
    if (failed) {
      const reason = modelText || 'No query could be run.';
      progress.emit('error', reason, { source: plan.source });
      return finish({ status: 'error', answer: reason, sources: [plan.source], scope, tokens: { ...ledger.tokens } });
    }
    const rows = ledger.allRows();
    const composed = composeAnswer(plan, rows, { capped: ledger.queries.some((q) => q.capped) });
    const answer = deps.models.reasons ? modelText : composed.answer;
    // The plan's conditions ("at least 80% used") are the question in the planner's words: evidence too.
    const ungrounded = ungroundedTokens(answer, { rows, question: `${request.question}\n${plan.conditions.join('\n')}`, scope: describeScope(plan.scope) });
    if (ungrounded.length) progress.emit('guard', `Answer mentions ${ungrounded.join(', ')}, which no evidence row contains`);
    return finish(
      {
        status: composed.status, answer: ungrounded.length && deps.models.reasons ? `${composed.answer}\n\n(The model's own summary was replaced: it named things not in the evidence.)` : answer,
        sources: [...ledger.sources], scope, queries: ledger.queries, rows, tokens: { ...ledger.tokens }, ...(ungrounded.length ? { ungrounded } : {}),
      },
      { plan, entities: entitiesOf(plan, rows) },
    );
  } catch (error) {
    const message = `The investigation failed: ${(error as Error).message}`;
    progress.emit('error', message, { source: plan.source });
    return finish({ status: 'error', answer: message, sources: [plan.source], scope, queries: ledger.queries, tokens: { ...ledger.tokens } });
  }
}

/** On every agent's spans (OpenTelemetry), so a trace joins the investigation's log lines; AgentCore groups spans by `session.id`. */
function traceAttributes(request: InvestigationRequest): Record<string, string> {
  return { 'session.id': request.sessionId, ...(request.investigationId ? { 'cia.investigation.id': request.investigationId } : {}) };
}

const GUARDRAIL_REFUSAL = 'That request was blocked by the guardrail cia runs every model call through (prompt attacks and topics cia does not answer). Ask about your AWS accounts in plain words, e.g. "who changed the security groups in prod today?".';

/** A model's text with cia's internal names redacted (after the hook's retry), said in the progress. */
function withoutInternalNames(text: string, progress: ProgressReporter): string {
  const names = internalNamesIn(text);
  if (!names.length) return text;
  progress.emit('guard', `The answer named ${names.length} of cia's internal names; they were redacted`);
  return redactInternalNames(text);
}

/** Values of the plan's entity columns, remembered for "which of them …" follow-ups. */
function entitiesOf(plan: Plan, rows: Record<string, unknown>[]): Record<string, string[]> {
  const entities: Record<string, string[]> = {};
  for (const column of plan.entityColumns) {
    const name = column.replace(/\./g, '_');
    const values = [...new Set(rows.map((r) => r[name]).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String))];
    if (values.length) entities[name] = values.slice(0, 50);
  }
  return entities;
}

/**
 * Memory is read only by a model that reasons: the offline planner enacts its plan and reads no
 * prompt. The sub-agents never see it (only the supervisor's first turn carries it).
 */
function memoryHooks(request: InvestigationRequest, deps: InvestigationDeps, plan: Plan, progress: ProgressReporter): MemoryHook[] {
  if (!deps.memory || request.clean || !request.actor || !deps.models.reasons) return [];
  // The question's own plan and the previous turn (its plan and result) are what memory may not add to.
  const established = [request.question, describeScope(plan.scope), JSON.stringify(plan), request.previous ? JSON.stringify(request.previous) : ''].join('\n');
  return [
    // A follow-up ("and yesterday?") says little by itself: the thread's previous question says what it is about.
    new MemoryHook({ store: deps.memory, actor: request.actor, sessionId: request.sessionId, query: [request.question, request.previous?.plan.basis].filter(Boolean).join('\n'), established }, (recalled) => {
      if (recalled instanceof Error) {
        deps.log?.warn(`[cia:memory] could not read ${deps.memory!.name} memory; answering without it: ${recalled.message}`);
        return;
      }
      const counts = `${recalled.events.length} earlier messages, ${recalled.facts.length} facts, ${recalled.reflections.length} reflections`;
      deps.log?.info(`[cia:memory] recalled ${counts} for session ${request.sessionId}`);
      if (recalled.events.length + recalled.facts.length + recalled.reflections.length) progress.emit('status', `Recalled from memory (context only): ${counts}`);
    }),
  ];
}

/** Saves the exchange (not a refusal: hostile text is not kept to be replayed as context). Never fails the investigation. */
async function remember(request: InvestigationRequest, deps: InvestigationDeps, result: InvestigationResult): Promise<void> {
  if (!deps.memory || request.clean || !request.actor || result.status === 'refused') return;
  const scope = `${result.scope.accounts.join(', ') || 'all accounts'}${result.scope.from ? `, ${result.scope.from} to ${result.scope.to}` : ''}`;
  try {
    await deps.memory.record(request.actor, request.sessionId, {
      id: request.investigationId ?? `${request.sessionId}:${request.now.toISOString()}:${request.question}`,
      question: request.question, answer: result.answer, status: result.status, sources: result.sources, scope, at: request.now,
    });
  } catch (error) {
    deps.log?.warn(`[cia:memory] could not save the exchange to ${deps.memory.name} memory: ${(error as Error).message}`);
  }
}

export { EXAMPLE_PHRASINGS };
