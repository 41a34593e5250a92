import { describe, expect, it } from '@jest/globals';
import { RuntimeEventDecoder } from '../../../agents/runtime/agent-client.js';
import { AgentCoreAgentClient } from '../../../agents/runtime/agentcore-agent-client.js';
import { HttpAgentClient } from '../../../agents/runtime/http-agent-client.js';
import { agentRuntimeEnvSchema, openAgentClient } from '../../../agents/runtime/open-agent-client.js';
import { invocationBody, invocationSchema, outcomeOf, parseRuntimeEvent, resultBody, runtimeSessionIdOf, sseFrame } from '../../../agents/runtime/runtime-contract.js';
import { readEnv } from '../../../pipeline-infra/config/env.js';
import { sampleOutcome, sampleRequest as request } from '../../support/runtime-samples.js';

/** Both sides of the runtime contract agree: what the worker sends the runtime accepts, what the runtime answers the worker reads back whole. */

const now = request.now;

describe('the invocation body', () => {
  it('carries everything of the worker\'s request that the runtime uses, and the runtime accepts it as sent over the wire', () => {
    const body = invocationBody(request);
    expect(body).toEqual({
      prompt: request.question, session_id: request.sessionId, now: '2024-05-02T10:00:00.000Z', tz: 'Europe/Berlin', user_id: 'U01ALICE',
      allowed_accounts: ['111111111111'], previous: request.previous, investigation_id: 'job-7',
    });
    expect(invocationSchema.parse(JSON.parse(JSON.stringify(body)))).toEqual(body);
  });

  it('leaves out what the request does not have', () => {
    expect(invocationBody({ question: 'q', sessionId: 's', now, timeZone: 'UTC', clean: true })).toEqual({ prompt: 'q', session_id: 's', now: now.toISOString(), tz: 'UTC', clean: true });
  });
});

describe('the runtime session id', () => {
  it('keeps a UUID (33 to 256 letters, digits and hyphens) as it is', () => {
    expect(runtimeSessionIdOf(request.sessionId)).toBe(request.sessionId);
  });

  it('turns any other id into one AgentCore takes, the same every time', () => {
    for (const id of ['job-1', 'runtime#U01#x', 'a'.repeat(300)]) {
      const runtimeId = runtimeSessionIdOf(id);
      expect(runtimeId).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9-]{32,255}$/);
      expect(runtimeSessionIdOf(id)).toBe(runtimeId);
    }
    expect(runtimeSessionIdOf('job-1')).not.toBe(runtimeSessionIdOf('job-2'));
  });
});

describe('the result event', () => {
  it('is read back as the outcome it was written from (one serialization, both ways)', () => {
    const [event] = new RuntimeEventDecoder().feed(new TextEncoder().encode(sseFrame({ type: 'result', ...resultBody(sampleOutcome) })));
    expect(event?.type).toBe('result');
    expect(outcomeOf(event as Extract<typeof event, { type: 'result' }>)).toEqual(sampleOutcome);
  });

  it('is the cia ask --json object with the turn beside it', () => {
    expect(resultBody(sampleOutcome)).toEqual({ ...sampleOutcome.result, turn: sampleOutcome.turn });
    expect(resultBody({ result: sampleOutcome.result })).toEqual(sampleOutcome.result);
  });

  it('says what is wrong with a malformed event', () => {
    expect(() => parseRuntimeEvent('{"type":"result","status":"answered"')).toThrow(/not JSON/);
    expect(() => parseRuntimeEvent(JSON.stringify({ ...resultBody(sampleOutcome), type: 'result', status: 'fine', rows: 3 }))).toThrow(/malformed "result" event: status: .*; rows: /);
    expect(() => parseRuntimeEvent(JSON.stringify({ type: 'confetti' }))).toThrow(/malformed "confetti" event/);
  });
});

describe('where the agents run', () => {
  const arn = 'arn:aws:bedrock-agentcore:eu-central-1:111111111111:runtime/cia_runtime-AbCdEf1234';

  it('is AgentCore for an ARN, a cia runtime for a URL, and this process for neither', async () => {
    expect(await openAgentClient(readEnv(agentRuntimeEnvSchema, { CIA_AGENT_RUNTIME_ARN: arn, CIA_AGENT_RUNTIME_QUALIFIER: 'live' }))).toBeInstanceOf(AgentCoreAgentClient);
    expect(await openAgentClient(readEnv(agentRuntimeEnvSchema, { CIA_AGENT_RUNTIME_URL: 'http://127.0.0.1:8080' }))).toBeInstanceOf(HttpAgentClient);
    expect(await openAgentClient(readEnv(agentRuntimeEnvSchema, {}))).toBeUndefined();
  });

  it('names the variable to fix', () => {
    expect(() => readEnv(agentRuntimeEnvSchema, { CIA_AGENT_RUNTIME_ARN: 'arn:aws:lambda:eu-central-1:111111111111:function:cia' })).toThrow(/CIA_AGENT_RUNTIME_ARN: must be an AgentCore runtime ARN/);
    expect(() => readEnv(agentRuntimeEnvSchema, { CIA_AGENT_RUNTIME_ARN: arn, CIA_AGENT_RUNTIME_URL: 'http://127.0.0.1:8080' })).toThrow(/CIA_AGENT_RUNTIME_URL: set either/);
    expect(() => readEnv(agentRuntimeEnvSchema, { CIA_AGENT_RUNTIME_QUALIFIER: 'DEFAULT' })).toThrow(/CIA_AGENT_RUNTIME_QUALIFIER: needs CIA_AGENT_RUNTIME_ARN/);
    expect(() => readEnv(agentRuntimeEnvSchema, { CIA_AGENT_RUNTIME_URL: 'file:///etc/passwd' })).toThrow(/CIA_AGENT_RUNTIME_URL: must be an http\(s\) URL/);
    expect(() => readEnv(agentRuntimeEnvSchema, { CIA_AGENT_RUNTIME_TIMEOUT_SECONDS: '0' })).toThrow(/CIA_AGENT_RUNTIME_TIMEOUT_SECONDS: must be at least 1/);
  });
});
