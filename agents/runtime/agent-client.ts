import { createParser } from 'eventsource-parser';
import type { ProgressSink } from '../events.js';
import type { InvestigationOutcome, InvestigationRequest } from '../investigate.js';
import { outcomeOf, parseRuntimeEvent, progressOf, type RuntimeEvent } from './runtime-contract.js';

/**
 * The agents behind the AgentCore Runtime contract, seen from the worker (DESIGN §2): the request
 * goes out, progress events come back as they happen, and the outcome ends the stream. Anything
 * that keeps the outcome from arriving (an HTTP error, throttling, a timeout, a stream cut short)
 * is thrown, with a message that says what failed.
 */
export interface AgentClient {
  investigate(request: InvestigationRequest, onProgress: ProgressSink): Promise<InvestigationOutcome>;
}

/** How long one investigation may take in the runtime. */
export interface Deadline {
  signal: AbortSignal;
  timeoutMs: number;
}

export function deadlineIn(timeoutMs: number): Deadline {
  return { signal: AbortSignal.timeout(timeoutMs), timeoutMs };
}

export function timedOut(deadline: Deadline): Error {
  return new Error(`The agent runtime did not finish the investigation within ${deadline.timeoutMs / 1000} s.`);
}

/** Decodes the runtime's SSE bytes, chunk by chunk, into checked events (chunks may split lines and characters anywhere). */
export class RuntimeEventDecoder {
  private readonly text = new TextDecoder();
  private readonly pending: string[] = [];
  private readonly parser = createParser({ onEvent: (message) => this.pending.push(message.data) });

  feed(chunk: Uint8Array): RuntimeEvent[] {
    this.parser.feed(this.text.decode(chunk, { stream: true }));
    return this.pending.splice(0).map(parseRuntimeEvent);
  }
}

/** Reads an SSE answer: progress to the sink as it arrives, the outcome from the `result` event. */
export async function readRuntimeStream(body: AsyncIterable<Uint8Array>, onProgress: ProgressSink, deadline: Deadline): Promise<InvestigationOutcome> {
  const decoder = new RuntimeEventDecoder();
  let failure: string | undefined;
  for await (const chunk of untilDeadline(body, deadline)) {
    for (const event of decoder.feed(chunk)) {
      if (event.type === 'result') return outcomeOf(event);
      if (event.type === 'error') failure = event.message;
      const progress = progressOf(event);
      if (progress) onProgress(progress);
    }
  }
  throw new Error(`The agent runtime ended its answer without a result${failure ? `: ${failure}` : '.'}`);
}

/** The body's chunks until it ends or the deadline passes; stops reading when the consumer stops early. */
async function* untilDeadline(body: AsyncIterable<Uint8Array>, deadline: Deadline): AsyncGenerator<Uint8Array> {
  if (deadline.signal.aborted) throw timedOut(deadline);
  const iterator = body[Symbol.asyncIterator]();
  const expired = new Promise<never>((_, reject) => deadline.signal.addEventListener('abort', () => reject(timedOut(deadline)), { once: true }));
  expired.catch(() => {});
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await Promise.race([iterator.next(), expired]);
      } catch (error) {
        throw deadline.signal.aborted ? timedOut(deadline) : new Error(`The agent runtime's answer broke off: ${(error as Error).message}`, { cause: error });
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // Frees the connection: the result came, or time ran out. A Node stream (the AWS SDK's body) is
    // destroyed outright, since its iterator's return() waits behind a read that may never end.
    if (isNodeStream(body)) body.destroy();
    else void Promise.resolve(iterator.return?.()).catch(() => {});
  }
}

function isNodeStream(body: object): body is { destroy(): void } {
  return typeof (body as { destroy?: unknown }).destroy === 'function';
}
