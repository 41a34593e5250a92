import type { ProgressSink } from '../events.js';
import type { InvestigationOutcome, InvestigationRequest } from '../investigate.js';
import { deadlineIn, readRuntimeStream, timedOut, type AgentClient } from './agent-client.js';
import { invocationBody, runtimeSessionIdOf, SESSION_HEADER } from './runtime-contract.js';

/** The agents served by `cia runtime` at a URL (the sandbox, a laptop), over plain HTTP. */
export class HttpAgentClient implements AgentClient {
  private readonly endpoint: string;

  constructor(private readonly options: { url: string; timeoutMs: number }) {
    this.endpoint = `${options.url.replace(/\/+$/, '')}/invocations`;
  }

  async investigate(request: InvestigationRequest, onProgress: ProgressSink): Promise<InvestigationOutcome> {
    const deadline = deadlineIn(this.options.timeoutMs);
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', [SESSION_HEADER]: runtimeSessionIdOf(request.sessionId) },
        body: JSON.stringify(invocationBody(request)),
        signal: deadline.signal,
      });
    } catch (error) {
      if (deadline.signal.aborted) throw timedOut(deadline);
      const cause = (error as Error).cause as Error | undefined;
      throw new Error(`The agent runtime at ${this.options.url} could not be reached: ${cause?.message ?? (error as Error).message}`, { cause: error });
    }
    if (!response.ok) throw new Error(`The agent runtime at ${this.options.url} answered HTTP ${response.status}: ${(await response.text()).slice(0, 500)}`);
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('text/event-stream') || !response.body) throw new Error(`The agent runtime at ${this.options.url} answered ${type || 'no content type'} instead of an event stream.`);
    // Node's web streams are async iterable; the DOM typings this project compiles with do not say so.
    return readRuntimeStream(response.body as unknown as AsyncIterable<Uint8Array>, onProgress, deadline);
  }
}
