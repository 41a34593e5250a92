import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { BedrockAgentCoreClient, InvokeAgentRuntimeCommand, ThrottlingException, type InvokeAgentRuntimeCommandOutput } from '@aws-sdk/client-bedrock-agentcore';
import type { ProgressEvent } from '../../../agents/events.js';
import { AgentCoreAgentClient } from '../../../agents/runtime/agentcore-agent-client.js';
import { invocationSchema, resultBody, sseFrame } from '../../../agents/runtime/runtime-contract.js';
import { sampleOutcome, sampleRequest } from '../../support/runtime-samples.js';

/** The worker's AgentCore client, with the SDK client's `send` faked at the edge: a real command goes out, real SSE bytes come back. */

const ARN = 'arn:aws:bedrock-agentcore:eu-central-1:111111111111:runtime/cia_runtime-AbCdEf1234';

const progress: ProgressEvent[] = [
  { type: 'status', step: 1, source: 'cloudtrail', message: 'Question understood: deleted S3 buckets — “in main”', data: { scope: 'in main (111111111111), yesterday (2024-05-01 00:00 Europe/Berlin → 2024-05-02 00:00)' } },
  { type: 'guard', step: 2, message: 'LIMIT 20 added' },
  { type: 'status', step: 3, source: 'cloudtrail_logs', message: '2 rows found', data: { rows: 2 } },
];
const answerBytes = new TextEncoder().encode([...progress.map((event) => sseFrame(event)), sseFrame({ type: 'result', ...resultBody(sampleOutcome) })].join(''));

/** The bytes cut every `size` bytes: through lines, field names, the blank line between events and multi-byte characters. */
function inChunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.slice(at, at + size));
  return chunks;
}

function answered(response: Readable, extra: Partial<InvokeAgentRuntimeCommandOutput> = {}): InvokeAgentRuntimeCommandOutput {
  return { $metadata: { httpStatusCode: 200 }, contentType: 'text/event-stream', statusCode: 200, runtimeSessionId: sampleRequest.sessionId, response: response as never, ...extra };
}

function clientAnswering(answer: () => Promise<InvokeAgentRuntimeCommandOutput>, timeoutMs = 5_000) {
  const sdk = new BedrockAgentCoreClient({ region: 'eu-central-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const send = jest.spyOn(sdk, 'send').mockImplementation((() => answer()) as never);
  return { send, client: new AgentCoreAgentClient(sdk, { arn: ARN, qualifier: 'live', timeoutMs }) };
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('AgentCoreAgentClient', () => {
  it.each([1, 7, 4096])('invokes the runtime with the request and reads the SSE answer cut every %i bytes into progress and the outcome', async (size) => {
    const { client, send } = clientAnswering(async () => answered(Readable.from(inChunks(answerBytes, size))));
    const seen: ProgressEvent[] = [];
    const outcome = await client.investigate(sampleRequest, (event) => seen.push(event));

    expect(outcome).toEqual(sampleOutcome);
    expect(seen).toEqual(progress);
    const [command, options] = send.mock.calls[0] as unknown as [InvokeAgentRuntimeCommand, { abortSignal: AbortSignal }];
    expect(command).toBeInstanceOf(InvokeAgentRuntimeCommand);
    expect(command.input).toMatchObject({ agentRuntimeArn: ARN, qualifier: 'live', runtimeSessionId: sampleRequest.sessionId, contentType: 'application/json', accept: 'text/event-stream' });
    expect(command.input.runtimeSessionId!.length).toBeGreaterThanOrEqual(33);
    expect(command.input).not.toHaveProperty('runtimeUserId');
    const payload = JSON.parse(new TextDecoder().decode(command.input.payload as Uint8Array));
    expect(invocationSchema.parse(payload)).toMatchObject({ prompt: sampleRequest.question, session_id: sampleRequest.sessionId, user_id: 'U01ALICE', allowed_accounts: ['111111111111'], previous: sampleRequest.previous, investigation_id: 'job-7' });
    expect(options.abortSignal.aborted).toBe(false);
  });

  it('keeps a short session id to one runtime session of at least 33 characters', async () => {
    const { client, send } = clientAnswering(async () => answered(Readable.from([answerBytes])));
    await client.investigate({ ...sampleRequest, sessionId: 'job-1' }, () => {});
    await client.investigate({ ...sampleRequest, sessionId: 'job-1' }, () => {});
    const [first, second] = send.mock.calls.map(([command]) => (command as InvokeAgentRuntimeCommand).input.runtimeSessionId!);
    expect(first!.length).toBeGreaterThanOrEqual(33);
    expect(second).toBe(first);
  });

  it('says the runtime is busy when AgentCore throttles', async () => {
    const { client } = clientAnswering(() => Promise.reject(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} })));
    await expect(client.investigate(sampleRequest, () => {})).rejects.toThrow(/busy.*ThrottlingException: Rate exceeded.*Try again/);
  });

  it('fails clearly when the stream ends without a result, passing on the runtime\'s last error', async () => {
    const cut = new TextEncoder().encode(sseFrame(progress[0]!) + sseFrame({ type: 'error', message: 'The agent runtime failed: Athena is down' }));
    const { client } = clientAnswering(async () => answered(Readable.from(inChunks(cut, 5))));
    const seen: ProgressEvent[] = [];
    await expect(client.investigate(sampleRequest, (event) => seen.push(event))).rejects.toThrow('The agent runtime ended its answer without a result: The agent runtime failed: Athena is down');
    expect(seen).toEqual([progress[0]]);
  });

  it('fails clearly on a malformed result event', async () => {
    const broken = new TextEncoder().encode(sseFrame({ type: 'result', ...resultBody(sampleOutcome), scope: 'everywhere' }));
    const { client } = clientAnswering(async () => answered(Readable.from([broken])));
    await expect(client.investigate(sampleRequest, () => {})).rejects.toThrow(/malformed "result" event: scope: /);
  });

  it('fails clearly when the runtime answers an error instead of a stream', async () => {
    const { client } = clientAnswering(async () => answered(Readable.from([Buffer.from('{"error":"prompt: must be at most 20,000 characters"}')]), { contentType: 'application/json', statusCode: 400 }));
    await expect(client.investigate(sampleRequest, () => {})).rejects.toThrow(/answered 400 application\/json instead of an event stream: .*20,000 characters/);
  });

  it('gives up on a runtime that stops sending, and lets go of the stream', async () => {
    const stalled = new Readable({ read() {} });
    stalled.push(Buffer.from(sseFrame(progress[0]!)));
    const { client } = clientAnswering(async () => answered(stalled), 200);
    await expect(client.investigate(sampleRequest, () => {})).rejects.toThrow('The agent runtime did not finish the investigation within 0.2 s.');
    await new Promise((resolve) => setImmediate(resolve));
    expect(stalled.destroyed).toBe(true);
  });
});
