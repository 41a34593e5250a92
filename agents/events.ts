/**
 * Progress events of an investigation (the seed's event types), each with a step number, the
 * source it concerns and a message for people. Slack's progress message, `cia ask` and the
 * AgentCore runtime's SSE stream all render these.
 */
export type ProgressEventType = 'status' | 'guard' | 'tokens' | 'error' | 'result';

export interface ProgressEvent {
  type: Exclude<ProgressEventType, 'result'>;
  step: number;
  source?: string;
  message: string;
  /** Structured details for renderers: the scope, a query, a row count, token usage. */
  data?: Record<string, unknown>;
}

export type ProgressSink = (event: ProgressEvent) => void;

/** Numbers steps in the order they are reported. */
export class ProgressReporter {
  private step = 0;

  constructor(private readonly sink: ProgressSink) {}

  emit(type: ProgressEvent['type'], message: string, extra: { source?: string; data?: Record<string, unknown> } = {}): void {
    this.step += 1;
    this.sink({ type, step: this.step, message, ...extra });
  }
}
