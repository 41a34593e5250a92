import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ProgressEvent } from '../events.js';
import type { InvestigationOutcome, InvestigationRequest } from '../investigate.js';
import type { PreviousTurn } from '../planner/plan.js';
import type { InvestigationResult } from '../result.js';

/**
 * The AgentCore Runtime contract between the worker (or any caller) and `cia runtime` (DESIGN
 * §6.1), both sides in one place: the invocation body, the session header, and the events of the
 * SSE answer, ending in a `result` event that carries the `cia ask --json` object.
 */

export const SESSION_HEADER = 'x-amzn-bedrock-agentcore-runtime-session-id';

const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit account id');
const identifier = z.string().min(1).max(256);

/** Checked in shape only: the plan inside is the runtime's own `turn`, handed back by the caller that stored it. */
const previousTurnShape = z.looseObject({
  plan: z.looseObject({
    kind: z.enum(['lake', 'api']),
    source: z.string(),
    question: z.string(),
    basis: z.string(),
    scope: z.looseObject({ accounts: z.array(z.looseObject({ id: z.string() })), regions: z.array(z.string()), from: z.string(), to: z.string() }),
  }),
  entities: z.record(z.string(), z.array(z.string())),
});
const previousTurnSchema = z.custom<PreviousTurn>((value) => previousTurnShape.safeParse(value).success, 'must be the turn a previous result event carried');

/**
 * `prompt`, `user_id`, `channel`, `clean`, `now` and `tz` as first published; the rest lets a
 * caller that keeps its own sessions (the Slack worker) hand over everything its request has.
 */
export const invocationSchema = z.strictObject({
  prompt: z.string().max(20_000, 'must be at most 20,000 characters'),
  /** Who asks: whose memory is read and written. */
  user_id: identifier.optional(),
  /** Applies that channel's policy from the runtime's configuration. */
  channel: identifier.optional(),
  clean: z.boolean().optional(),
  now: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 time such as 2024-05-01T12:00:00Z' }).optional(),
  tz: z.string().min(1).max(64).optional(),
  /** The conversation's session, kept by the caller: with it the runtime stores no session of its own. */
  session_id: identifier.optional(),
  /** The caller's session's previous turn (a `result` event's `turn`), for a follow-up. */
  previous: previousTurnSchema.optional(),
  /** The accounts the caller allows (its channel policy); never widened, narrowed further by `channel`. */
  allowed_accounts: z.array(accountId).min(1, 'must name at least one account (leave it out for no limit)').max(1000).optional(),
  /** Recognises a retried save to memory. */
  investigation_id: identifier.optional(),
}).superRefine((body, ctx) => {
  if (body.previous && !body.session_id) ctx.addIssue({ code: 'custom', path: ['previous'], message: 'needs session_id (the session it belongs to)' });
});
export type InvocationBody = z.infer<typeof invocationSchema>;
/** An invocation as the runtime serves it: the body and the runtime session from the header. */
export type Invocation = InvocationBody & { sessionId?: string };

/** The body that hands a worker's request to the runtime. */
export function invocationBody(request: InvestigationRequest): InvocationBody {
  return {
    prompt: request.question,
    session_id: request.sessionId,
    now: request.now.toISOString(),
    tz: request.timeZone,
    ...(request.actor ? { user_id: request.actor } : {}),
    ...(request.clean ? { clean: true } : {}),
    ...(request.allowedAccounts ? { allowed_accounts: request.allowedAccounts } : {}),
    ...(request.previous ? { previous: request.previous } : {}),
    ...(request.investigationId ? { investigation_id: request.investigationId } : {}),
  };
}

/**
 * AgentCore takes 33–256 characters of letters, digits and hyphens as a runtime session id: one
 * that already is one (a UUID) is used as is, any other is hashed into one, the same every time,
 * so a thread's follow-ups reach the same runtime session.
 */
export function runtimeSessionIdOf(sessionId: string): string {
  return /^[a-zA-Z0-9][a-zA-Z0-9-]{32,255}$/.test(sessionId) ? sessionId : `cia-session-${createHash('sha256').update(sessionId).digest('hex')}`;
}

/** The outcome as the runtime answers it: the `cia ask --json` object, plus the turn a follow-up needs. */
export function resultBody(outcome: InvestigationOutcome): InvestigationResult & { turn?: PreviousTurn } {
  return { ...outcome.result, ...(outcome.turn ? { turn: outcome.turn } : {}) };
}

/** One event of the SSE answer. */
export function sseFrame<E extends { type: string }>(event: E): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}

const queryRecordSchema = z.object({
  source: z.string(),
  engine: z.string(),
  sql: z.string().optional(),
  request: z.string().optional(),
  row_count: z.number(),
  ms: z.number(),
  bytes_scanned: z.number().nullable().optional(),
  capped: z.boolean().optional(),
});

const resultSchema = z.object({
  status: z.enum(['answered', 'no_data', 'needs_clarification', 'refused', 'error']),
  answer: z.string(),
  session_id: z.string(),
  sources: z.array(z.string()),
  scope: z.object({ accounts: z.array(z.string()), regions: z.array(z.string()), from: z.string().nullable(), to: z.string().nullable() }),
  queries: z.array(queryRecordSchema),
  rows: z.array(z.record(z.string(), z.unknown())),
  timings: z.object({ total_ms: z.number() }),
  tokens: z.object({ input: z.number(), output: z.number() }),
  model: z.string(),
  cost_usd: z.number().nullable(),
  ungrounded: z.array(z.string()).optional(),
}) satisfies z.ZodType<InvestigationResult>;

const resultEventSchema = resultSchema.extend({ type: z.literal('result'), turn: previousTurnSchema.optional() });

/** A progress event; one without a step is the runtime failing around the investigation (its stream ends there). */
const progressEventSchema = z.object({
  type: z.enum(['status', 'guard', 'tokens', 'error']),
  step: z.number().int().positive().optional(),
  source: z.string().optional(),
  message: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
});

const runtimeEventSchema = z.discriminatedUnion('type', [resultEventSchema, progressEventSchema]);
export type RuntimeEvent = z.infer<typeof runtimeEventSchema>;

/** One SSE event's data, checked: a clear error names what is wrong with it. */
export function parseRuntimeEvent(data: string): RuntimeEvent {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    throw new Error(`The agent runtime sent an event that is not JSON: ${data.slice(0, 200)}`);
  }
  const parsed = runtimeEventSchema.safeParse(value);
  if (!parsed.success) {
    const type = typeof (value as { type?: unknown })?.type === 'string' ? `"${(value as { type: string }).type}" ` : '';
    throw new Error(`The agent runtime sent a malformed ${type}event: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** A `result` event back as the outcome the worker answers from. */
export function outcomeOf(event: Extract<RuntimeEvent, { type: 'result' }>): InvestigationOutcome {
  const { type: _type, turn, ...result } = event;
  return { result, ...(turn ? { turn } : {}) };
}

/** A progress event as the caller's progress sink takes it; undefined for the runtime's own failure. */
export function progressOf(event: Exclude<RuntimeEvent, { type: 'result' }>): ProgressEvent | undefined {
  if (event.step === undefined) return undefined;
  return { type: event.type, step: event.step, message: event.message, ...(event.source ? { source: event.source } : {}), ...(event.data ? { data: event.data } : {}) };
}
