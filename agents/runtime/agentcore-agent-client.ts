import { InvokeAgentRuntimeCommand, type BedrockAgentCoreClient, type InvokeAgentRuntimeCommandOutput } from '@aws-sdk/client-bedrock-agentcore';
import type { ProgressSink } from '../events.js';
import type { InvestigationOutcome, InvestigationRequest } from '../investigate.js';
import { deadlineIn, readRuntimeStream, timedOut, type AgentClient, type Deadline } from './agent-client.js';
import { invocationBody, runtimeSessionIdOf } from './runtime-contract.js';

export interface AgentCoreRuntimeTarget {
  /** The runtime's ARN (arn:aws:bedrock-agentcore:REGION:ACCOUNT:runtime/NAME-ID). */
  arn: string;
  /** The endpoint to invoke; unset: the runtime's DEFAULT endpoint. */
  qualifier?: string;
  timeoutMs: number;
}

/** Errors that mean "too much at once": said as such, since the next question may well work. */
const BUSY = new Set(['ThrottlingException', 'ServiceQuotaExceededException']);

/**
 * The agents on Amazon Bedrock AgentCore Runtime: `InvokeAgentRuntime` with the request as JSON
 * and the answer streamed back as SSE. The thread's session maps to one runtime session, so its
 * follow-ups reach the same warm microVM. (No runtimeUserId: the asker travels in the body, and
 * the header would need a second IAM action, InvokeAgentRuntimeForUser.)
 */
export class AgentCoreAgentClient implements AgentClient {
  constructor(
    private readonly client: Pick<BedrockAgentCoreClient, 'send'>,
    private readonly target: AgentCoreRuntimeTarget,
  ) {}

  async investigate(request: InvestigationRequest, onProgress: ProgressSink): Promise<InvestigationOutcome> {
    const deadline = deadlineIn(this.target.timeoutMs);
    const command = new InvokeAgentRuntimeCommand({
      agentRuntimeArn: this.target.arn,
      ...(this.target.qualifier ? { qualifier: this.target.qualifier } : {}),
      runtimeSessionId: runtimeSessionIdOf(request.sessionId),
      contentType: 'application/json',
      accept: 'text/event-stream',
      payload: new TextEncoder().encode(JSON.stringify(invocationBody(request))),
    });
    let output: InvokeAgentRuntimeCommandOutput;
    try {
      output = await this.client.send(command, { abortSignal: deadline.signal });
    } catch (error) {
      throw invocationFailure(error as Error, deadline);
    }
    const body: unknown = output.response;
    if (!isByteStream(body)) throw new Error('The agent runtime answered without a body.');
    const type = output.contentType ?? '';
    if ((output.statusCode ?? 200) >= 400 || !type.includes('text/event-stream')) {
      throw new Error(`The agent runtime answered ${output.statusCode ?? ''} ${type || 'no content type'} instead of an event stream: ${(await textOf(body)).slice(0, 500)}`);
    }
    return readRuntimeStream(body, onProgress, deadline);
  }
}

function invocationFailure(error: Error, deadline: Deadline): Error {
  if (deadline.signal.aborted) return timedOut(deadline);
  const said = `${error.name}: ${error.message}`;
  return BUSY.has(error.name)
    ? new Error(`The agent runtime is busy and turned the investigation away (${said}). Try again in a minute.`, { cause: error })
    : new Error(`The agent runtime could not be invoked (${said}).`, { cause: error });
}

function isByteStream(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

async function textOf(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
