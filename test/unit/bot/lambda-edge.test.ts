import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
import type { ProgressEvent } from '../../../agents/events.js';
import type { MemoryStore } from '../../../agents/memory/memory-store.js';
import type { InvestigationResult } from '../../../agents/result.js';
import type { InvestigationJob } from '../../../bot/investigations/investigation-job.js';
import { countingMemoryFailures } from '../../../bot/observability/cia-metrics.js';
import { instrumentedHandler } from '../../../bot/observability/lambda-handler.js';
import { observeJob } from '../../../bot/observability/observe-job.js';
import { functionLogger, type Powertools } from '../../../bot/observability/powertools.js';

const TOKEN = 'xoxb-123456789012-1234567890123-abcdefABCDEF1234567890ab';

const job: InvestigationJob = {
  id: 'I-42', teamId: 'T01', channelId: 'C02ONCALL', threadTs: '1795000000.000100', progressTs: '1795000000.000200', userId: 'U01ALICE',
  question: 'how many API calls failed in prod today?', flags: { new: false, clean: false, notBoring: false }, acceptedAt: 1_000_000,
};

const result: InvestigationResult = {
  status: 'answered', answer: '**3** calls failed.', session_id: 'S-9', sources: ['cloudtrail'], scope: { accounts: ['333333333333'], regions: [], from: null, to: null },
  queries: [{ source: 'cloudtrail', engine: 'athena', sql: 'SELECT 1', row_count: 3, ms: 800 }], rows: [{ n: 3 }], timings: { total_ms: 2100 },
  tokens: { input: 1234, output: 210 }, model: 'bedrock:us.anthropic.claude-sonnet-4-20250514-v1:0', cost_usd: 0.006852,
};

const events: ProgressEvent[] = [
  { type: 'status', step: 1, message: 'Question understood: CloudTrail events that failed', source: 'cloudtrail', data: { scope: 'prod (333333333333), today' } },
  { type: 'guard', step: 2, message: 'Row limit applied: at most 20 rows returned', source: 'cloudtrail' },
];

/** Powertools as on Lambda, but printing through the console (its dev mode), where the test reads it. */
describe('the Lambda functions\' edge (Powertools)', () => {
  let tools: Powertools;
  let printed: string[];

  beforeAll(() => {
    // As Lambda starts an environment for the first invocation: a cold start.
    Object.assign(process.env, { POWERTOOLS_DEV: 'true', POWERTOOLS_METRICS_DISABLED: 'false', AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' });
    tools = { logger: new Logger({ serviceName: 'cia' }), metrics: new Metrics({ namespace: 'cia', serviceName: 'cia' }), tracer: new Tracer({ serviceName: 'cia' }) };
  });
  afterAll(() => {
    delete process.env.POWERTOOLS_DEV;
    delete process.env.POWERTOOLS_METRICS_DISABLED;
    delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
    jest.restoreAllMocks();
  });
  beforeEach(() => {
    printed = [];
    for (const method of ['log', 'info', 'warn', 'error'] as const) jest.spyOn(console, method).mockImplementation((line: string) => void printed.push(line));
  });

  const logLines = () => printed.map((p) => JSON.parse(p) as Record<string, unknown>).filter((line) => 'level' in line);
  const emf = () => printed.map((p) => JSON.parse(p) as Record<string, unknown>).filter((line) => '_aws' in line);

  async function runJob(memory?: MemoryStore) {
    const log = functionLogger({ SLACK_BOT_TOKEN: TOKEN }, tools);
    await observeJob(job, { log, powertools: tools, now: () => job.acceptedAt + 2500 }, async (watch) => {
      const investigator = watch(async (_request, onProgress) => {
        for (const event of events) onProgress(event);
        await memory?.recall('U01ALICE', 'S-9', 'q').catch(() => log.warn(`[cia:memory] could not read memory; answering without it (token ${TOKEN})`));
        return { result };
      });
      const { result: ended } = await investigator({ question: job.question, sessionId: 'S-9', now: new Date(), timeZone: 'UTC' }, () => {});
      return ended.status;
    });
  }

  it('puts the job\'s ids on every line, the RedactingLogger\'s included (secrets still redacted), then clears them', async () => {
    await runJob({ name: 'agentcore', recall: async () => { throw new Error('ThrottlingException'); }, record: async () => {}, forget: async () => {} });
    const lines = logLines();
    expect(lines.map((line) => line.message)).toEqual([
      '[cia:plan] question "how many API calls failed in prod today?"',
      '[cia:plan] Question understood: CloudTrail events that failed · source cloudtrail · scope prod (333333333333), today',
      '[cia:guard] Row limit applied: at most 20 rows returned · source cloudtrail',
      '[cia:memory] could not read memory; answering without it (token [redacted])',
      '[cia:query] cloudtrail on athena · sql e004ebd5b553 · 3 rows · 800 ms',
      '[cia:model] bedrock:us.anthropic.claude-sonnet-4-20250514-v1:0 · 1234 in · 210 out · ≈ $0.0069',
      '[cia:answer] answered · grounded in the evidence · 1 row from cloudtrail · 2100 ms',
    ]);
    for (const line of lines) {
      expect(line).toMatchObject({ service: 'cia', investigation_id: 'I-42', session_id: 'S-9', team_id: 'T01', channel_id: 'C02ONCALL', user_id: 'U01ALICE', thread_ts: job.threadTs });
    }
    expect(lines.find((line) => String(line.message).startsWith('[cia:memory]'))!.level).toBe('WARN');

    printed = [];
    tools.logger.info('the next invocation');
    expect(logLines()[0]).not.toHaveProperty('investigation_id');
  });

  it('ends the job in EMF metrics: investigations by status, latency, tokens, cost, guard interventions, memory failures', async () => {
    const down: MemoryStore = { name: 'agentcore', recall: async () => { throw new Error('ThrottlingException'); }, record: async () => {}, forget: async () => {} };
    await runJob(countingMemoryFailures(down, tools.metrics));
    const [byStatus, job] = emf();
    expect(byStatus).toMatchObject({ service: 'cia', status: 'answered', Investigations: 1 });
    expect((byStatus!._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] }).CloudWatchMetrics[0]).toMatchObject({ Namespace: 'cia', Dimensions: [['service', 'status']] });
    expect(job).toMatchObject({ service: 'cia', InvestigationLatency: 2500, InputTokens: 1234, OutputTokens: 210, EstimatedCostUSD: 0.006852, GuardInterventions: 1, MemoryFailures: 1 });
    expect(job).not.toHaveProperty('status');
  });

  it('gives a handler the invocation\'s context on every log line and the ColdStart metric, as the middy middlewares would', async () => {
    const context = { functionName: 'cia-prod-worker', functionVersion: '$LATEST', awsRequestId: 'req-1', memoryLimitInMB: '1024', invokedFunctionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:cia-prod-worker' } as unknown as Context;
    const handle = instrumentedHandler(async (event: { n: number }) => {
      tools.logger.info('working');
      return event.n + 1;
    }, tools);
    expect(await handle({ n: 1 }, context)).toBe(2);
    expect(logLines()[0]).toMatchObject({ message: 'working', function_name: 'cia-prod-worker', function_request_id: 'req-1', cold_start: true });
    expect(emf()[0]).toMatchObject({ ColdStart: 1, function_name: 'cia-prod-worker', service: 'cia' });
  });
});
