import type { Message } from '@strands-agents/sdk';
import type { ProgressEvent } from '../../../agents/events.js';
import { investigate, type InvestigationDeps } from '../../../agents/investigate.js';
import { offlineModelProvider } from '../../../agents/models/model-provider.js';
import { toolResults } from '../../../agents/models/model-turn.js';
import { parseOrgConfig } from '../../../pipeline-infra/config/org-config.js';
import { FLAWS2_ACCOUNT, getObjectSpec, openFlaws2Lake } from '../../support/flaws2-lake.js';
import { ScriptedModel, scriptedProvider } from '../../support/scripted-model.js';

const config = parseOrgConfig({ accounts: [{ id: FLAWS2_ACCOUNT, alias: 'flaws' }, { id: '123837392027', alias: 'prod' }] });
const request = { sessionId: 'test-session', now: new Date('2018-11-29T00:00:00Z'), timeZone: 'UTC' };

describe('investigations through the supervisor, sub-agents and hooks (DuckDB over real flaws2 logs)', () => {
  let flaws2: Awaited<ReturnType<typeof openFlaws2Lake>>;
  let deps: InvestigationDeps;

  beforeAll(async () => {
    flaws2 = await openFlaws2Lake();
    deps = { config, runner: flaws2.queries.runner, models: offlineModelProvider };
  }, 60_000);

  afterAll(() => flaws2.close());

  it('answers with the offline planner and reports each step', async () => {
    const events: ProgressEvent[] = [];
    const { result, turn } = await investigate({ ...request, question: 'How many CloudTrail events were recorded in the flaws account on November 28th 2018?' }, deps, (e) => events.push(e));
    expect(result).toMatchObject({ status: 'answered', sources: ['cloudtrail'], scope: { accounts: [FLAWS2_ACCOUNT], from: '2018-11-28T00:00:00.000Z' }, rows: [{ events: 37 }] });
    expect(result.answer).toContain('**37**');
    expect(result.queries[0]!.sql).toContain("account_id = '653711331788'");
    expect(events.map((e) => e.message)).toEqual([
      'Question understood: CloudTrail events',
      'Routed to the cloudtrail specialist',
      'Query running on cloudtrail_logs',
      '1 row found',
    ]);
    expect(events.map((e) => e.step)).toEqual([1, 2, 3, 4]);
    expect(turn?.plan.source).toBe('cloudtrail');
  });

  it('caps a model\'s LIMIT, refuses to re-run a capped query for more rows, and keeps the model\'s grounded answer', async () => {
    const verbose = getObjectSpec({ select: [{ column: 'eventname' }, { column: 'sourceipaddress' }, { column: 'requestparameters' }], limit: 1000 });
    const subagent = new ScriptedModel([{ toolUse: { name: 'query_cloudtrail_logs', input: verbose } }, { toolUse: { name: 'query_cloudtrail_logs', input: { ...verbose, limit: 500 } } }, { text: 'done' }]);
    const supervisor = new ScriptedModel([
      { toolUse: { name: 'cloudtrail_specialist', input: { task: 'list GetObject calls' } } },
      (messages: Message[]) => ({ text: `Found ${(toolResults(messages).at(-1) as { row_count: number }).row_count} GetObject calls from 104.102.221.250.` }),
    ]);
    const events: ProgressEvent[] = [];
    const { result } = await investigate({ ...request, question: 'which objects were downloaded in the flaws account on 2018-11-28?' }, { ...deps, models: scriptedProvider(supervisor, [subagent]) }, (e) => events.push(e));
    expect(result.queries).toHaveLength(1);
    expect(result.queries[0]!.sql).toMatch(/LIMIT 5$/);
    expect(result.rows).toHaveLength(5);
    expect(result.answer).toBe('Found 5 GetObject calls from 104.102.221.250.');
    // Every model call counts (100 in, 20 out each): the supervisor's two and the sub-agent's three.
    expect(result.tokens).toEqual({ input: 500, output: 100 });
    const cancelled = subagent.calls[2]!.flatMap((m) => m.content).find((c) => c.type === 'toolResultBlock' && c.status === 'error');
    expect(JSON.stringify(cancelled)).toContain('not run again for more');
  });

  it('retries an answer that claims nothing was found although rows came back', async () => {
    const subagent = new ScriptedModel([{ toolUse: { name: 'query_cloudtrail_logs', input: getObjectSpec() } }, { text: 'done' }]);
    const supervisor = new ScriptedModel([
      { toolUse: { name: 'cloudtrail_specialist', input: { task: 'GetObject calls' } } },
      { text: 'No results were found.' },
      { text: 'GetObject calls came from 104.102.221.250.' },
    ]);
    const { result } = await investigate({ ...request, question: 'who downloaded objects in the flaws account on 2018-11-28?' }, { ...deps, models: scriptedProvider(supervisor, [subagent]) });
    expect(result.answer).toBe('GetObject calls came from 104.102.221.250.');
  });

  it('replaces an answer that names things the evidence does not contain', async () => {
    const subagent = new ScriptedModel([{ toolUse: { name: 'query_cloudtrail_logs', input: getObjectSpec() } }, { text: 'done' }]);
    const supervisor = new ScriptedModel([{ toolUse: { name: 'cloudtrail_specialist', input: { task: 'GetObject calls' } } }, { text: 'The attacker came from 203.0.113.66 in account 999999999999.' }]);
    const { result } = await investigate({ ...request, question: 'who downloaded objects in the flaws account on 2018-11-28?' }, { ...deps, models: scriptedProvider(supervisor, [subagent]) });
    expect(result.ungrounded?.sort()).toEqual(['203.0.113.66', '999999999999']);
    expect(result.answer).not.toContain('203.0.113.66');
    expect(result.answer).toContain('104.102.221.250');
  });

  it('retries an answer that shows cia\'s internal names once, then redacts what is left', async () => {
    const subagent = new ScriptedModel([{ toolUse: { name: 'query_cloudtrail_logs', input: getObjectSpec() } }, { text: 'done' }]);
    const supervisor = new ScriptedModel([
      { toolUse: { name: 'cloudtrail_specialist', input: { task: 'GetObject calls' } } },
      { text: 'The cloudtrail_specialist ran query_cloudtrail_logs: GetObject calls came from 104.102.221.250.' },
      { text: 'GetObject calls came from 104.102.221.250 (checked with agents/hooks/progress-hook.ts).' },
    ]);
    const events: ProgressEvent[] = [];
    const { result } = await investigate({ ...request, question: 'who downloaded objects in the flaws account on 2018-11-28?' }, { ...deps, models: scriptedProvider(supervisor, [subagent]) }, (e) => events.push(e));
    expect(supervisor.calls).toHaveLength(3);
    expect(result.answer).toBe('GetObject calls came from 104.102.221.250 (checked with [internal]).');
    expect(events.find((e) => e.type === 'guard')?.message).toBe("The answer named 1 of cia's internal names; they were redacted");
  });

  it('ends as refused when Bedrock Guardrails intervene', async () => {
    const supervisor = new ScriptedModel([{ text: 'That request was blocked by cia\'s guardrail.', stopReason: 'guardrailIntervened' }]);
    const events: ProgressEvent[] = [];
    const { result } = await investigate({ ...request, question: 'who downloaded objects in the flaws account on 2018-11-28?' }, { ...deps, models: scriptedProvider(supervisor, []) }, (e) => events.push(e));
    expect(result).toMatchObject({ status: 'refused', queries: [], rows: [] });
    expect(result.answer).toMatch(/blocked by the guardrail/);
    expect(events.map((e) => [e.type, e.message])).toContainEqual(['guard', 'Bedrock Guardrails blocked the request']);
  });

  it('keeps a model inside the channel\'s accounts whatever it asks for', async () => {
    const subagent = new ScriptedModel([{ toolUse: { name: 'query_cloudtrail_logs', input: getObjectSpec() } }, { text: 'done' }]);
    const supervisor = new ScriptedModel([{ toolUse: { name: 'cloudtrail_specialist', input: { task: 'GetObject calls' } } }, { text: 'Nothing I may show.' }]);
    const { result } = await investigate(
      { ...request, question: 'who downloaded objects on 2018-11-28?', allowedAccounts: ['123837392027'] },
      { ...deps, models: scriptedProvider(supervisor, [subagent]) },
    );
    expect(result.status).toBe('error');
    expect(result.rows).toEqual([]);
    const refusal = subagent.calls[1]!.flatMap((m) => m.content).find((c) => c.type === 'toolResultBlock');
    expect(JSON.stringify(refusal)).toContain('may not query account 653711331788');
  });

  it('ends in an error result when the query engine fails', async () => {
    const broken = { ...deps, runner: { ...deps.runner, engine: { ...deps.runner.engine, name: 'duckdb' as const, run: async () => { throw new Error('disk on fire'); } } } };
    const { result } = await investigate({ ...request, question: 'How many CloudTrail events were recorded in the flaws account on November 28th 2018?' }, broken);
    expect(result).toMatchObject({ status: 'error', answer: expect.stringContaining('disk on fire') });
  });
});
